using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;
using Fencer.Analyzer.Knowledge;
using Fencer.Analyzer.Model;
using Fencer.Analyzer.Tests.Verifiers;

namespace Fencer.Analyzer.Tests.Knowledge;

/// <summary>
/// The fixes ask the analysis's own knowledge what a written call or access does (docs/design.md §10, "One semantics
/// layer"): the answers follow what the dataflow reads, not a namespace or a list of names of their own.
/// </summary>
public class WrittenOrderingTests
{
    private static (WrittenOrdering Ordering, IOperation Operation) Marked(string expression)
    {
        var source = $$"""
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;

            class C
            {
                int _n;
                volatile int _v;
                readonly ConcurrentQueue<int> _queue = new();
                readonly List<int> _list = new();
                readonly CancellationTokenSource _cts = new();

                static void MemoryBarrier() { }

                void M(int[] slots)
                {
                    ref int slot = ref slots[0];
                    var q = _queue;
                    _ = {{expression}};
                }
            }
            """;
        var compilation = AnalyzerRunner.Compile(source);
        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        var marked = tree.GetRoot().DescendantNodes().OfType<AssignmentExpressionSyntax>().Last().Right;
        return (new WrittenOrdering(), model.GetOperation(marked)!);
    }

    [Theory]
    [InlineData("Interlocked.MemoryBarrier", "Full")]
    [InlineData("Thread.MemoryBarrier", "Full")]
    [InlineData("Interlocked.MemoryBarrierProcessWide", "Heavy")]
    [InlineData("Fencer.AsymmetricBarrier.Light", "Compiler")]
    [InlineData("Fencer.AsymmetricBarrier.Heavy", "Heavy")]
    public void Barrier_OfABarrierCall(string method, string expected)
    {
        var source = $$"""
            using System.Threading;

            class C
            {
                static void MemoryBarrier() { }

                void M()
                {
                    {{method}}();
                    MemoryBarrier();
                    Volatile.Read(ref _n);
                }

                int _n;
            }

            namespace Fencer
            {
                public static class AsymmetricBarrier
                {
                    public static void Light() { }
                    public static void Heavy() { }
                }
            }
            """;
        var compilation = AnalyzerRunner.Compile(source);
        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        var calls = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>().Select(c => model.GetOperation(c)).ToList();
        var ordering = new WrittenOrdering();

        Assert.Equal(expected, ordering.Barrier(calls[0])?.ToString());
        Assert.Null(ordering.Barrier(calls[1])); // a method of the code's own named MemoryBarrier is no barrier
        Assert.Null(ordering.Barrier(calls[2])); // an ordered access is no barrier
    }

    [Theory]
    [InlineData("Interlocked.Increment(ref _n)", true)]
    [InlineData("Interlocked.CompareExchange(ref slot, 1, 0)", true)] // a ref local Fencer cannot resolve here: still a read-modify-write
    [InlineData("Volatile.Read(ref _n)", false)]
    [InlineData("_n + 1", false)]
    public void IsReadModifyWrite(string expression, bool expected)
    {
        var (ordering, operation) = Marked(expression);
        Assert.Equal(expected, ordering.IsReadModifyWrite(operation));
    }

    [Theory]
    [InlineData("Volatile.Read(ref _n)", true)]
    [InlineData("Interlocked.Exchange(ref _n, 1)", true)]
    [InlineData("_queue.IsEmpty", true)]
    [InlineData("q.IsEmpty", true)] // a local copy of the queue field
    [InlineData("_cts.IsCancellationRequested", true)]
    [InlineData("_list.Count", false)] // not a concurrent collection
    [InlineData("Task.Delay(1)", false)] // in System.Threading.Tasks, and no access at all
    [InlineData("Thread.CurrentThread", false)]
    [InlineData("_n", false)] // a plain field: the fix makes it volatile (not a call)
    public void IsOrderedAccess(string expression, bool expected)
    {
        var (ordering, operation) = Marked(expression);
        Assert.Equal(expected, ordering.IsOrderedAccess(operation));
    }
}
