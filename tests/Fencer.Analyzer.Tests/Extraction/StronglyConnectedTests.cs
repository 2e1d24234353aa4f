using System.Collections.Generic;
using System.Linq;
using Xunit;
using Fencer.Analyzer.Extraction;

namespace Fencer.Analyzer.Tests.Extraction;

/// <summary>The call graph's components, callees first: what both the candidate scan and the dataflow's bottom-up order stand on.</summary>
public class StronglyConnectedTests
{
    [Fact]
    public void Components_ComeAfterEveryComponentTheyCall_AndCyclesStayTogether()
    {
        // a -> b -> c -> b (b and c call each other), a -> d, e alone; a deep chain f0 -> f1 -> ... -> f5000.
        var calls = new Dictionary<string, string[]>
        {
            ["a"] = new[] { "b", "d" },
            ["b"] = new[] { "c" },
            ["c"] = new[] { "b" },
            ["d"] = new string[0],
            ["e"] = new string[0],
        };
        for (var i = 0; i < 5000; i++)
        {
            calls["f" + i] = new[] { "f" + (i + 1) };
        }

        calls["f5000"] = new string[0];

        var components = StronglyConnected.Components(calls.Keys.ToList(), n => calls[n]);
        var position = new Dictionary<string, int>();
        for (var i = 0; i < components.Count; i++)
        {
            foreach (var node in components[i])
            {
                position[node] = i;
            }
        }

        Assert.Equal(calls.Count, position.Count);
        Assert.Equal(position["b"], position["c"]);
        Assert.Equal(2, components[position["b"]].Count);
        Assert.All(calls, entry => Assert.All(entry.Value, callee =>
            Assert.True(position[callee] <= position[entry.Key], $"{callee} comes after its caller {entry.Key}")));
        Assert.True(position["b"] < position["a"] && position["d"] < position["a"]);
    }
}
