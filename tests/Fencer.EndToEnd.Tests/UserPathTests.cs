using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Fencer.EndToEnd.Tests;

/// <summary>
/// The path a user takes, with the real SDK commands: reference the package, get the warning, apply the fix
/// with `dotnet format analyzers`, rebuild green, run; SARIF for CI; severity from .editorconfig; library targets.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class UserPathTests
{
    private const string ExpectedWarning = "Worker.cs(22,9): warning FEN001";

    private const string Program = """
        using System;
        using System.Threading.Tasks;
        using StoreBuffer;

        var worker = new Worker();
        var consumer = Task.Run(() => { for (var i = 0; i < 100; i++) { worker.RunOnce(); } });
        for (var i = 0; i < 100; i++) { worker.Post(i); }
        await consumer;
        Console.WriteLine("worker ran");
        """;

    private readonly PackageFixture _package;

    public UserPathTests(PackageFixture package) => _package = package;

    [Fact]
    public async Task Build_ReportsFEN001_AtTheWorkersStore()
    {
        var app = NewApp();

        var (exit, output) = await app.DotNetAsync("build");

        Assert.True(exit == 0, output);
        Assert.Contains(ExpectedWarning, output);
        Assert.DoesNotContain("CS9057", output);
        Assert.DoesNotContain("CS8032", output);
    }

    [Fact]
    public async Task FormatAnalyzers_AppliesTheFix_ThenTheBuildIsCleanAndTheProgramRuns()
    {
        var app = NewApp();
        var before = File.ReadAllText(app.PathOf("Worker.cs"));

        var pending = await app.DotNetAsync("format", "analyzers", "--diagnostics", "FEN001", "--verify-no-changes");
        Assert.True(pending.ExitCode != 0, "--verify-no-changes should fail while a fix is pending:\n" + pending.Output);

        var fix = await app.DotNetAsync("format", "analyzers", "--diagnostics", "FEN001");
        Assert.True(fix.ExitCode == 0, fix.Output);
        var after = File.ReadAllText(app.PathOf("Worker.cs"));
        Assert.NotEqual(before, after);
        Assert.Contains("/// A worker that goes idle when there is no work.", after); // trivia kept
        Assert.True(
            after.Contains("Interlocked.MemoryBarrier()") || after.Contains("AsymmetricBarrier.") || after.Contains("Interlocked.Exchange"),
            "no fence in the fixed code:\n" + after);

        var verified = await app.DotNetAsync("format", "analyzers", "--diagnostics", "FEN001", "--verify-no-changes");
        Assert.True(verified.ExitCode == 0, "--verify-no-changes should pass after the fix:\n" + verified.Output);

        var build = await app.DotNetAsync("build");
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.DoesNotContain("FEN001", build.Output);

        var run = await app.DotNetAsync("run", "--no-build");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("worker ran", run.Output);
    }

    [Fact]
    public async Task ErrorLog_WritesSarif21_WithTheRuleLocationsAndHelpLink()
    {
        var app = NewApp();
        var sarif = app.PathOf("fencer.sarif");

        var (exit, output) = await app.DotNetAsync("build", $"-p:ErrorLog={sarif}%2Cversion%3D2.1");

        Assert.True(exit == 0, output);
        using var log = JsonDocument.Parse(File.ReadAllText(sarif));
        Assert.Equal("2.1.0", log.RootElement.GetProperty("version").GetString());
        var run = log.RootElement.GetProperty("runs")[0];
        var result = run.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == "FEN001");
        var region = result.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.EndsWith("Worker.cs", region.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(22, region.GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal(9, region.GetProperty("region").GetProperty("startColumn").GetInt32());
        Assert.True(result.GetProperty("relatedLocations").GetArrayLength() >= 3, "the other side's store, load and fence travel as related locations");
        var rule = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "FEN001");
        Assert.EndsWith("docs/rules/FEN001.md", rule.GetProperty("helpUri").GetString());
    }

    [Fact]
    public async Task EditorConfigSeverityError_FailsTheBuild()
    {
        var app = NewApp().With(".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.FEN001.severity = error\n");

        var (exit, output) = await app.DotNetAsync("build");

        Assert.True(exit != 0, output);
        Assert.Contains("Worker.cs(22,9): error FEN001", output);
    }

    [Theory]
    [InlineData("netstandard2.0")]
    [InlineData("net8.0")]
    public async Task Library_ConsumesThePackage_AnalyzerAndRuntime(string targetFramework)
    {
        var library = _package.NewProject("Lib", targetFramework, exe: false)
            .WithSampleWorker()
            .With("Rare.cs", """
                namespace StoreBuffer
                {
                    public static class Rare
                    {
                        public static string Flush()
                        {
                            Fencer.AsymmetricBarrier.Heavy();
                            return Fencer.AsymmetricBarrier.Mechanism.ToString();
                        }
                    }
                }
                """);

        var (exit, output) = await library.DotNetAsync("build");

        Assert.True(exit == 0, output);
        Assert.Contains(ExpectedWarning, output);
        var assets = File.ReadAllText(library.PathOf(Path.Combine("obj", "project.assets.json")));
        var runtimeAsset = targetFramework == "net8.0" ? "lib/net8.0/Fencer.Runtime.dll" : "lib/netstandard2.0/Fencer.Runtime.dll";
        Assert.Contains(runtimeAsset, assets);
        Assert.DoesNotContain("Microsoft.CodeAnalysis", assets);
    }

    private ConsumerProject NewApp() =>
        _package.NewProject("App", "net10.0", exe: true).WithSampleWorker().With("Program.cs", Program);
}
