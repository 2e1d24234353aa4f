using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Xunit;
using Fencer.Analyzer.Extraction;
using Fencer.Analyzer.Knowledge;
using Fencer.Analyzer.Model;
using Fencer.Analyzer.Tests.Verifiers;

namespace Fencer.Analyzer.Tests.Extraction;

/// <summary>
/// At the compilation's end the callee summaries take the bodies the per-type actions handed over instead of binding
/// the callees again (docs/design.md §8, "Cost"). The summaries are built here over a compilation that does not hold the
/// callee's tree, where binding it fails: only a handed-over body can give its summary.
/// </summary>
public class HandedOverBodiesTests
{
    private const string Callee = """
        using System.Threading;

        class Callee
        {
            public void Fence() { Interlocked.MemoryBarrier(); }
        }
        """;

    [Fact]
    public void A_callee_whose_body_was_handed_over_is_summarised_from_it()
    {
        var holding = AnalyzerRunner.Compile(Callee);
        var method = holding.GetTypeByMetadataName("Callee")!.GetMembers("Fence").OfType<IMethodSymbol>().Single();
        var syntax = method.DeclaringSyntaxReferences[0].GetSyntax();
        var root = holding.GetSemanticModel(syntax.SyntaxTree).GetOperation(syntax)!;
        var knowledge = new CallKnowledge(WellKnownSymbols.Instance);
        var other = AnalyzerRunner.Compile("class Other { }");

        var unbound = new CalleeSummaries(other, knowledge);
        Assert.Null(unbound.Of(method, accesses: false, ImmutableArray<RefArgument>.Empty, default));

        var handedOver = new CalleeSummaries(other, knowledge);
        var body = Assert.IsAssignableFrom<IBlockOperation>(root.ChildOperations.First());
        handedOver.TakeUp(new[] { (method, (IOperation)body) }); // the body block: its method body is found above it
        var summary = handedOver.Of(method, accesses: false, ImmutableArray<RefArgument>.Empty, default);
        Assert.NotNull(summary);
        Assert.Equal(Protection.Full, summary!.AtExit.Protection);
    }
}
