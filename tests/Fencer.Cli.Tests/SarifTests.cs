using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Collections.Generic;
using System.Threading.Tasks;
using Json.Schema;
using Fencer.Tests.Shared;
using Xunit;

namespace Fencer.Cli.Tests;

/// <summary><c>--format sarif</c>: valid against the SARIF 2.1.0 schema, and carrying what code scanning shows.</summary>
public sealed class SarifTests
{
    /// <summary>The schema as the SARIF SDK ships it (Schemata/sarif-2.1.0.json), from the package NuGet downloaded for this project.</summary>
    private static readonly Lazy<JsonSchema> Schema = new(() =>
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return JsonSchema.FromFile(Path.Combine(packages, "sarif.sdk", "5.9.0", "Schemata", "sarif-2.1.0.json"));
    });

    [Fact]
    public async Task Sarif_IsValidAgainstTheSchema_AndCarriesRulesLocationsAndRelatedLocations()
    {
        var output = Path.Combine(Path.GetTempPath(), "fencer-" + Guid.NewGuid().ToString("N") + ".sarif");
        try
        {
            var run = await FencerTool.RunAsync(RepositoryLayout.Root, "check", "samples/StoreBuffer", "--format", "sarif", "--output", output, "--quiet");

            Assert.Equal(1, run.ExitCode);
            Assert.Equal("", run.Stdout); // the log went to the file
            var text = await File.ReadAllTextAsync(output);
            AssertValid(text);

            using var sarif = JsonDocument.Parse(text);
            var sarifRun = sarif.RootElement.GetProperty("runs")[0];
            var rules = sarifRun.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
            Assert.Equal(new[] { "FEN001", "FEN002", "FEN003", "FEN011", "FEN012", "FEN013" }, rules.Select(r => r.GetProperty("id").GetString()));
            Assert.All(rules, r => Assert.EndsWith($"docs/rules/{r.GetProperty("id").GetString()}.md", r.GetProperty("helpUri").GetString()));
            var result = sarifRun.GetProperty("results").EnumerateArray().Single();
            Assert.Equal("FEN001", result.GetProperty("ruleId").GetString());
            Assert.Equal(0, result.GetProperty("ruleIndex").GetInt32());
            Assert.Equal("warning", result.GetProperty("level").GetString());
            var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
            Assert.Equal("Worker.cs", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
            Assert.Equal("SRCROOT", location.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
            Assert.Equal(22, location.GetProperty("region").GetProperty("startLine").GetInt32());
            var related = result.GetProperty("relatedLocations").EnumerateArray().Select(r => r.GetProperty("message").GetProperty("text").GetString()).ToList();
            Assert.Equal(
                new[] { "Post: this side's later load", "RunOnce: the other side's store", "RunOnce: the other side's later load", "RunOnce: the other side's fence" },
                related);
            Assert.NotEqual("", result.GetProperty("partialFingerprints").GetProperty("fencerHandshake/v1").GetString());
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public async Task Sarif_WithoutFindings_IsValid_AndSaysHowEachProjectWasLoaded()
    {
        var run = await FencerTool.RunAsync(RepositoryLayout.Root, "check", "samples/StoreBuffer.Fixed", "--format", "sarif", "--no-msbuild", "--quiet");

        Assert.Equal(0, run.ExitCode);
        AssertValid(run.Stdout);
        using var sarif = JsonDocument.Parse(run.Stdout);
        var notifications = sarif.RootElement.GetProperty("runs")[0].GetProperty("invocations")[0].GetProperty("toolExecutionNotifications");
        Assert.Contains(notifications.EnumerateArray(), n => n.GetProperty("message").GetProperty("text").GetString() == "StoreBuffer.Fixed: read from its folder");
    }

    [Fact]
    public void TheValidator_RejectsALogThatBreaksTheSchema()
    {
        // The check above can fail: a result whose level is not one of SARIF's.
        var broken = """{ "version": "2.1.0", "runs": [ { "tool": { "driver": { "name": "x" } }, "results": [ { "message": { "text": "m" }, "level": "loud" } ] } ] }""";

        Assert.False(Schema.Value.Evaluate(JsonDocument.Parse(broken).RootElement).IsValid);
    }

    private static void AssertValid(string sarif)
    {
        using var document = JsonDocument.Parse(sarif);
        var evaluation = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = (evaluation.Details ?? new List<EvaluationResults>()).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.True(evaluation.IsValid, string.Join("\n", errors));
    }
}
