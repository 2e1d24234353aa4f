using Fencer.Analyzer.Model;
using Xunit;

namespace Fencer.Analyzer.Tests.Model;

public class OrderingTableTests
{
    [Theory]
    // The table of docs/design.md §2, row by row (E then L, different locations).
    [InlineData("Load", "Plain", "Load", "Plain", false)]
    [InlineData("Load", "Plain", "Store", "Plain", false)]
    [InlineData("Load", "Plain", "Load", "Acquire", false)]
    [InlineData("Load", "Plain", "Store", "Release", true)]
    [InlineData("Load", "Plain", "Store", "ReadModifyWrite", true)]
    [InlineData("Store", "Plain", "Load", "Plain", false)]
    [InlineData("Store", "Plain", "Store", "Plain", false)]
    [InlineData("Store", "Plain", "Load", "Acquire", false)]
    [InlineData("Store", "Plain", "Store", "Release", true)]
    [InlineData("Store", "Plain", "Load", "ReadModifyWrite", true)]
    [InlineData("Load", "Acquire", "Load", "Plain", true)]
    [InlineData("Load", "Acquire", "Store", "Plain", true)]
    [InlineData("Load", "Acquire", "Load", "Acquire", true)]
    [InlineData("Store", "Release", "Load", "Plain", false)]
    [InlineData("Store", "Release", "Store", "Plain", false)]
    [InlineData("Store", "Release", "Load", "Acquire", false)]
    [InlineData("Store", "Release", "Store", "Release", true)]
    [InlineData("Store", "Release", "Store", "ReadModifyWrite", true)]
    [InlineData("Store", "ReadModifyWrite", "Load", "Plain", true)]
    [InlineData("Store", "ReadModifyWrite", "Store", "Plain", true)]
    public void Orders_FollowsTheTable(string firstKind, string first, string secondKind, string second, bool expected)
    {
        Assert.Equal(expected, OrderingTable.Orders(P<AccessKind>(firstKind), P<AccessOrdering>(first), P<AccessKind>(secondKind), P<AccessOrdering>(second)));
    }

    [Theory]
    [InlineData("Plain", "Plain", "None")]
    [InlineData("Release", "Plain", "None")]
    [InlineData("Plain", "Acquire", "None")]
    [InlineData("Release", "Acquire", "Compiler")]
    [InlineData("ReadModifyWrite", "Plain", "Full")]
    [InlineData("Plain", "ReadModifyWrite", "Full")]
    public void IntrinsicProtection_OfAStoreThenLoad(string store, string load, string expected)
    {
        Assert.Equal(P<Protection>(expected), OrderingTable.IntrinsicProtection(AccessKind.Store, P<AccessOrdering>(store), AccessKind.Load, P<AccessOrdering>(load)));
    }

    [Theory]
    // The verdict table of docs/design.md §2, all sixteen cells.
    [InlineData("None", "None", "Unfenced")]
    [InlineData("None", "Compiler", "Unfenced")]
    [InlineData("None", "Full", "OneSided")]
    [InlineData("None", "Heavy", "FastSideUnordered")]
    [InlineData("Compiler", "None", "Unfenced")]
    [InlineData("Compiler", "Compiler", "Unfenced")]
    [InlineData("Compiler", "Full", "OneSided")]
    [InlineData("Compiler", "Heavy", "Ordered")]
    [InlineData("Full", "None", "OneSided")]
    [InlineData("Full", "Compiler", "OneSided")]
    [InlineData("Full", "Full", "Ordered")]
    [InlineData("Full", "Heavy", "Ordered")]
    [InlineData("Heavy", "None", "FastSideUnordered")]
    [InlineData("Heavy", "Compiler", "Ordered")]
    [InlineData("Heavy", "Full", "Ordered")]
    [InlineData("Heavy", "Heavy", "Ordered")]
    public void Judge_FollowsTheVerdictTable(string a, string b, string expected)
    {
        Assert.Equal(P<HandshakeVerdict>(expected), OrderingTable.Judge(P<Protection>(a), P<Protection>(b)));
    }

    [Fact]
    public void ProtectionOrder_IsNoneCompilerFullHeavy()
    {
        Assert.True(Protection.None < Protection.Compiler);
        Assert.True(Protection.Compiler < Protection.Full);
        Assert.True(Protection.Full < Protection.Heavy);
        Assert.Equal(Protection.Compiler, Protection.Full.Weakest(Protection.Compiler));
        Assert.Equal(Protection.Heavy, Protection.None.Strongest(Protection.Heavy));
    }

    private static T P<T>(string name)
        where T : struct, System.Enum => System.Enum.Parse<T>(name);
}
