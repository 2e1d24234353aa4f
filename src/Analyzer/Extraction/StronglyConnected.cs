using System;
using System.Collections.Generic;

namespace Fencer.Analyzer.Extraction;

/// <summary>
/// Tarjan's strongly connected components of a call graph, each component after every component it calls (callees
/// first), so a bottom-up pass meets a callee's result before its callers. Iterative: a type's call chains can be long,
/// and a deep one must not overflow the analyzer's stack.
/// </summary>
internal static class StronglyConnected
{
    public static List<List<T>> Components<T>(IEnumerable<T> nodes, Func<T, IEnumerable<T>> callees)
        where T : class
    {
        var index = new Dictionary<T, int>();
        var low = new Dictionary<T, int>();
        var onStack = new HashSet<T>();
        var stack = new Stack<T>();
        var components = new List<List<T>>();
        foreach (var root in nodes)
        {
            if (index.ContainsKey(root))
            {
                continue;
            }

            var work = new Stack<(T Node, IEnumerator<T> Callees)>();
            Open(root);
            while (work.Count > 0)
            {
                var (node, next) = work.Peek();
                if (next.MoveNext())
                {
                    var callee = next.Current;
                    if (!index.ContainsKey(callee))
                    {
                        Open(callee);
                    }
                    else if (onStack.Contains(callee))
                    {
                        low[node] = Math.Min(low[node], index[callee]);
                    }

                    continue;
                }

                work.Pop();
                if (work.Count > 0)
                {
                    var caller = work.Peek().Node;
                    low[caller] = Math.Min(low[caller], low[node]);
                }

                if (low[node] == index[node])
                {
                    var component = new List<T>();
                    T member;
                    do
                    {
                        member = stack.Pop();
                        onStack.Remove(member);
                        component.Add(member);
                    }
                    while (!ReferenceEquals(member, node));

                    components.Add(component);
                }
            }

            void Open(T node)
            {
                index[node] = low[node] = index.Count;
                stack.Push(node);
                onStack.Add(node);
                work.Push((node, callees(node).GetEnumerator()));
            }
        }

        return components;
    }
}
