using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Fencer.Cli.Tests;

/// <summary>
/// The order of a report's findings: by file, line, column, rule, then message. A call that stores several locations
/// has one finding per location at the call, and they come out in one order whatever order the analysis found them in
/// (here it finds the store of <c>_z</c>, written first, first).
/// </summary>
public sealed class FindingOrderTests
{
    private const string Source = """
        using System.Threading;
        class Node
        {
            private int _z, _a, _flag;
            private void Publish() { _z = 1; _a = 1; }
            public void Writer() { Publish(); if (_flag == 0) { } }
            public void Reader() { _flag = 1; Interlocked.MemoryBarrier(); if (_z == 0 && _a == 0) { } }
        }
        """;

    [Fact]
    public async Task FindingsAtOneCall_AreOrderedByTheirMessage()
    {
        using var tree = new TempTree();
        tree.Write("Node.cs", Source);

        var run = await FencerTool.RunAsync(tree.Path, "check", ".", "--no-msbuild", "--quiet", "--report", "audit", "--format", "json", "--fail-on", "never");

        Assert.Equal(0, run.ExitCode);
        var findings = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (Line: f.GetProperty("locations")[0].GetProperty("line").GetInt32(), Message: f.GetProperty("message").GetString()!))
            .ToList();
        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal(6, f.Line)); // both at the call of Publish
        Assert.StartsWith("'Writer' stores '_a'", findings[0].Message);
        Assert.StartsWith("'Writer' stores '_z'", findings[1].Message);
    }
}
