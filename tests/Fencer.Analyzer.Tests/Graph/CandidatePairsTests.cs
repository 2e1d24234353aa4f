using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Xunit;
using Fencer.Analyzer.Extraction;
using Fencer.Analyzer.Graph;
using Fencer.Analyzer.Model;
using Fencer.Analyzer.Tests.Verifiers;

namespace Fencer.Analyzer.Tests.Graph;

/// <summary>
/// The candidate pairs a type's dataflow looks for (docs/design.md §8, "Cost"). At the audit level what a body's callees
/// store counts as its stores; at the default level a pair starts only with a store written in a side — its own, or
/// one a property's accessor makes where the property is assigned or incremented (§6, "The announcement and the check
/// are written in the members"): a cycle whose half stores in a callee is reported at the audit level only, so its
/// pair needs no dataflow at the default level. What a callee accesses counts as its callers' access at both levels.
/// </summary>
public class CandidatePairsTests
{
    private readonly MemoryLocation _x;
    private readonly MemoryLocation _y;
    private readonly Body _a;
    private readonly Body _b;
    private readonly Body _callee;

    public CandidatePairsTests()
    {
        var compilation = AnalyzerRunner.Compile("class C { int _x, _y; void M() { } }");
        var type = compilation.GetTypeByMetadataName("C")!;
        _x = new MemoryLocation(MemoryLocationKind.Field, type.GetMembers("_x").OfType<IFieldSymbol>().Single());
        _y = new MemoryLocation(MemoryLocationKind.Field, type.GetMembers("_y").OfType<IFieldSymbol>().Single());
        var tree = compilation.SyntaxTrees.Single();
        var method = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single();
        var graph = ControlFlowGraph.Create(method, compilation.GetSemanticModel(tree))!;
        var symbol = (IMethodSymbol)type.GetMembers("M").Single();
        Body Make(string name) => new(symbol, graph, new IReadOnlyList<MemoryStep>[0], new IReadOnlyList<MemoryStep>?[0], new IReadOnlyList<MemoryStep>?[0], name);
        _a = Make("A");
        _b = Make("B");
        _callee = Make("Callee");
    }

    /// <summary>A stores x only through <see cref="_callee"/>, then accesses y; B stores y and accesses x.</summary>
    private CandidatePairs ThroughCallee(bool calleeAccessesY = false)
    {
        var pairs = new CandidatePairs();
        pairs.Own(_callee, _x, stored: true);
        if (calleeAccessesY)
        {
            pairs.Own(_callee, _y, stored: false);
        }

        pairs.Own(_a, _y, stored: false);
        pairs.Own(_b, _y, stored: true);
        pairs.Own(_b, _x, stored: false);
        return pairs;
    }

    private IEnumerable<Body> Callees(Body body) => body == _a ? new[] { _callee } : System.Array.Empty<Body>();

    private IEnumerable<Body> Bodies => new[] { _a, _b, _callee };

    [Fact]
    public void AtTheAuditLevel_AStoreACalleeMakes_IsTheCallersStore()
    {
        var partners = ThroughCallee().Find(Bodies, Callees, calleeStores: true);

        Assert.Equal(new[] { _x }, partners[_y]);
        Assert.Equal(new[] { _y }, partners[_x]);
    }

    [Fact]
    public void AtTheDefaultLevel_AStoreACalleeMakes_StartsNoPairForItsCaller()
    {
        var partners = ThroughCallee().Find(Bodies, Callees, calleeStores: false);

        Assert.Empty(partners);
    }

    [Fact]
    public void AtTheDefaultLevel_TheCalleesOwnStoreStillStartsItsOwnHalf()
    {
        // The callee stores x and accesses y itself: it is a side of its own (a helper runs as part of its callers).
        var partners = ThroughCallee(calleeAccessesY: true).Find(Bodies, Callees, calleeStores: false);

        Assert.Equal(new[] { _x }, partners[_y]);
        Assert.Equal(new[] { _y }, partners[_x]);
    }

    [Fact]
    public void AtTheDefaultLevel_ASettersStore_IsWrittenWhereThePropertyIsAssigned()
    {
        // `P = 1; if (_y == 0) …`: the setter (here the callee) stores x, and A assigns the property.
        var pairs = ThroughCallee();
        pairs.Assigns(_a, _callee);

        var partners = pairs.Find(Bodies, Callees, calleeStores: false);

        Assert.Equal(new[] { _x }, partners[_y]);
        Assert.Equal(new[] { _y }, partners[_x]);
    }
}
