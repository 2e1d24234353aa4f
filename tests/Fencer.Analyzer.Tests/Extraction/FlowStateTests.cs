using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;
using Fencer.Analyzer.Extraction;
using Fencer.Analyzer.Model;
using Fencer.Analyzer.Tests.Verifiers;

namespace Fencer.Analyzer.Tests.Extraction;

/// <summary>
/// The dataflow's state after a fence (docs/design.md §4): stores a full fence orders are kept one per location, so a
/// body that stores one location many times between fences does not pair every later load with each of them (halves
/// would grow with the product of stores and loads); stores a weaker fence leaves unordered all stay pending.
/// </summary>
public class FlowStateTests
{
    private const int Stores = 40;

    private static (FlowState State, SyntaxNode[] Statements, MemoryLocation X, MemoryLocation Y) Pending(int storesOfX, int storesOfY)
    {
        var body = string.Join(" ", Enumerable.Repeat("_x = 1;", storesOfX).Concat(Enumerable.Repeat("_y = 1;", storesOfY)));
        var compilation = AnalyzerRunner.Compile($$"""class C { int _x, _y; void M() { {{body}} } }""");
        var type = compilation.GetTypeByMetadataName("C")!;
        var x = new MemoryLocation(MemoryLocationKind.Field, type.GetMembers("_x").OfType<IFieldSymbol>().Single());
        var y = new MemoryLocation(MemoryLocationKind.Field, type.GetMembers("_y").OfType<IFieldSymbol>().Single());
        var statements = compilation.SyntaxTrees.Single().GetRoot().DescendantNodes().OfType<ExpressionStatementSyntax>().ToArray<SyntaxNode>();
        var state = FlowState.Entry(ImmutableHashSet<LockId>.Empty);
        for (var i = 0; i < statements.Length; i++)
        {
            var location = i < storesOfX ? x : y;
            state.Pending[new PendingKey(new Access(location, AccessKind.Store, AccessOrdering.Plain, statements[i]), statements[i])] = Guard.Nothing;
        }

        return (state, statements, x, y);
    }

    [Fact]
    public void AFullFence_KeepsOnePendingStorePerLocation_TheEarliest()
    {
        var (state, statements, x, y) = Pending(Stores, 3);

        state.Fence(Protection.Full, statements[0], deliberate: true);

        Assert.Equal(2, state.Pending.Count);
        var keptX = Assert.Single(state.Pending.Keys, k => k.Store.Location.Equals(x));
        Assert.Same(statements[0], keptX.Anchor);
        Assert.Single(state.Pending.Keys, k => k.Store.Location.Equals(y));
        Assert.All(state.Pending.Values, guard => Assert.Equal(Protection.Full, guard.Protection));
    }

    [Theory]
    [InlineData("Compiler")]
    [InlineData("None")]
    public void AWeakerFence_KeepsEveryPendingStore(string level)
    {
        var (state, statements, _, _) = Pending(Stores, 3);

        state.Fence(System.Enum.Parse<Protection>(level), statements[0], deliberate: false);

        Assert.Equal(Stores + 3, state.Pending.Count);
    }
}
