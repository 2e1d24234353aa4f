using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace Fencer.Analyzer.Extraction;

/// <summary>
/// What the analyses across a class and its bases find of a member's body once for every class derived from its class
/// (docs/design.md §8, "Cost"): its candidate-scan walk and its control-flow graph. One instance serves one pass over a
/// compilation's classes, which runs on one thread; it is dropped with the pass.
/// </summary>
internal sealed class SharedBodies
{
    private readonly Dictionary<IOperation, List<(bool Audit, Rules.ConcurrencyAssumption Concurrency, INamedTypeSymbol? Family, object Walk)>> _walks = new();
    private readonly Dictionary<IOperation, ControlFlowGraph?> _graphs = new();

    /// <summary>
    /// The walk of a body for <paramref name="scope"/>, made by <paramref name="walk"/> once per report level and
    /// concurrency assumption (what a walk depends on of the options); a walk that <paramref name="dependsOnFamily"/> says
    /// asked about a class derived from the member's own is kept for the class analysed only.
    /// </summary>
    public T Walk<T>(IOperation root, TypeScope scope, System.Func<T> walk, System.Func<T, bool> dependsOnFamily)
        where T : class
    {
        var audit = scope.Audit;
        var concurrency = scope.Settings.Concurrency;
        if (!_walks.TryGetValue(root, out var found))
        {
            _walks[root] = found = new();
        }

        foreach (var entry in found)
        {
            if (entry.Audit == audit && entry.Concurrency == concurrency
                && (entry.Family is null || SymbolEqualityComparer.Default.Equals(entry.Family, scope.Type)))
            {
                return (T)entry.Walk;
            }
        }

        var made = walk();
        found.Add((audit, concurrency, dependsOnFamily(made) ? scope.Type : null, made));
        return made;
    }

    /// <summary>The control-flow graph of a body, which depends on the body only, built by <paramref name="build"/> once.</summary>
    public ControlFlowGraph? Graph(IOperation root, System.Func<IOperation, ControlFlowGraph?> build)
    {
        if (!_graphs.TryGetValue(root, out var graph))
        {
            _graphs[root] = graph = build(root);
        }

        return graph;
    }
}
