using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Fencer.Tests.Shared;
using Xunit;

namespace Fencer.Cli.Tests;

/// <summary><c>fencer check</c> on the repository's samples: the report a user reads, the machine formats, exit codes.</summary>
public sealed class SampleReportTests
{
    private static string Root => RepositoryLayout.Root;

    [Fact]
    public async Task TextReport_OfTheStoreBufferSample_MatchesTheGoldenFile()
    {
        var run = await FencerTool.RunAsync(Root, "check", "samples/StoreBuffer", "--quiet");

        Assert.Equal(1, run.ExitCode);
        var golden = await File.ReadAllTextAsync(Path.Combine(System.AppContext.BaseDirectory, "Golden", "StoreBuffer.txt"));
        Assert.Equal(golden.ReplaceLineEndings("\n"), run.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task FolderMode_ReportsTheSameFinding_AsMsBuild()
    {
        var msbuild = await FencerTool.RunAsync(Root, "check", "samples/StoreBuffer", "--quiet", "--format", "json");
        var folder = await FencerTool.RunAsync(Root, "check", "samples/StoreBuffer", "--quiet", "--format", "json", "--no-msbuild");

        Assert.Equal(1, folder.ExitCode);
        Assert.Equal(Findings(msbuild.Stdout), Findings(folder.Stdout));
        Assert.Equal("folder", JsonDocument.Parse(folder.Stdout).RootElement.GetProperty("projects")[0].GetProperty("loadedWith").GetString());
        Assert.Equal("msbuild", JsonDocument.Parse(msbuild.Stdout).RootElement.GetProperty("projects")[0].GetProperty("loadedWith").GetString());
    }

    [Theory]
    [InlineData("samples/StoreBuffer.Fixed")]
    [InlineData("samples/ReaderBiasedLock")]
    [InlineData("samples/StoreBuffer.Fixed/StoreBuffer.Fixed.csproj")]
    public async Task FixedSamples_AreSilent(string path)
    {
        var run = await FencerTool.RunAsync(Root, "check", path, "--quiet");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("No findings.", run.Stdout);
        Assert.Contains("loaded with MSBuild", run.Stdout);
    }

    [Theory]
    [InlineData(null, 1)]
    [InlineData("warning", 1)]
    [InlineData("suggestion", 1)]
    [InlineData("error", 0)]
    [InlineData("never", 0)]
    public async Task ExitCode_FollowsFailOn(string? level, int expected)
    {
        var arguments = level is null
            ? new[] { "check", "samples/StoreBuffer", "--quiet", "--no-msbuild" }
            : new[] { "check", "samples/StoreBuffer", "--quiet", "--no-msbuild", "--fail-on", level };

        var run = await FencerTool.RunAsync(Root, arguments);

        Assert.Equal(expected, run.ExitCode);
        Assert.Contains("FEN001", run.Stdout); // the report is the same whatever the gate
    }

    [Fact]
    public async Task Json_NamesEveryLocationByRole_AndTheOfferedFixes()
    {
        var run = await FencerTool.RunAsync(Root, "check", "samples/StoreBuffer", "--format", "json", "--no-msbuild");

        var finding = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("findings").EnumerateArray().Single();
        Assert.Equal("FEN001", finding.GetProperty("id").GetString());
        Assert.Equal("Post", finding.GetProperty("thisMember").GetString());
        Assert.Equal("RunOnce", finding.GetProperty("otherMember").GetString());
        var roles = finding.GetProperty("locations").EnumerateArray().Select(l => (l.GetProperty("role").GetString()!, l.GetProperty("line").GetInt32())).ToList();
        Assert.Equal(new[] { ("thisStore", 22), ("thisAccess", 23), ("otherStore", 36), ("otherAccess", 38), ("otherFence", 37) }, roles);
        Assert.Equal("Worker.cs", finding.GetProperty("locations")[0].GetProperty("path").GetString());
        var fixes = finding.GetProperty("fixes").EnumerateArray().Select(f => f.GetString()).ToList();
        Assert.Contains(fixes, f => f!.StartsWith("Make handshake asymmetric", System.StringComparison.Ordinal));
        Assert.Contains(fixes, f => f!.StartsWith("Add a full fence", System.StringComparison.Ordinal));
    }

    [Fact]
    public async Task Timing_ReportsFencersTime_PerThousandLines_AndTheSlowestTypesAndMembers()
    {
        var run = await FencerTool.RunAsync(Root, "check", "samples/StoreBuffer", "--timing", "--quiet", "--no-msbuild");

        Assert.Contains("Timing (Fencer's own analyzer time", run.Stdout);
        Assert.Matches(@"ms per 1,000 lines; \d+ types analysed, \d+ without sign of sharing skipped", run.Stdout);
        Assert.Matches(@"Per-type analysis [0-9.,]+ ms, [1-9][0-9,]* members given a control-flow graph; across types [0-9.,]+ ms for \d+ classes and pairs of types \([0-9.,]+ % of the per-type time\)", run.Stdout);
        Assert.Matches(@"Slowest types:\n( +[0-9.,]+ ms  \S+\n)*? +[0-9.,]+ ms  StoreBuffer\.Worker\n", run.Stdout.ReplaceLineEndings("\n"));
        Assert.Matches(@"Slowest members \(control-flow graph and extraction\):\n( +[0-9.,]+ ms  \S+\n)*? +[0-9.,]+ ms  StoreBuffer\.Worker\.Post\(int\)\n", run.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Progress_GoesToStandardError_NeverIntoMachineReadableOutput()
    {
        var run = await FencerTool.RunAsync(Root, "check", "samples/StoreBuffer", "--format", "sarif");

        Assert.Contains("loaded StoreBuffer.csproj with MSBuild", run.Stderr);
        using var sarif = JsonDocument.Parse(run.Stdout); // nothing but the log on standard output
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
    }

    private static string Findings(string json) =>
        string.Join("\n", JsonDocument.Parse(json).RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => f.GetProperty("id").GetString() + " " + f.GetProperty("message").GetString() + " " + string.Join(",", f.GetProperty("locations").EnumerateArray().Select(l => l.GetProperty("line").GetInt32()))));
}
