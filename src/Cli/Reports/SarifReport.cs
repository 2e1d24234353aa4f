using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Fencer.Analyzer.Rules;
using Fencer.Cli.Analysis;
using Fencer.Cli.Loading;

namespace Fencer.Cli.Reports;

/// <summary>
/// SARIF 2.1.0 for code scanning: every rule the analyzer has (id, name, descriptions, help URI, default level), one
/// result per finding with its location relative to <c>SRCROOT</c> (the audited folder), the rest of the handshake as
/// related locations, a fingerprint that survives unrelated edits, and how each project was loaded as notifications.
/// </summary>
internal static class SarifReport
{
    public static void Write(AuditResult result, Stream stream)
    {
        var paths = new PathDisplay(result.Root);
        var rules = new StoreBufferHandshakeAnalyzer().SupportedDiagnostics.OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();

        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "Fencer");
        json.WriteString("version", ToolVersion.Text);
        json.WriteString("semanticVersion", ToolVersion.Semantic);
        json.WriteString("informationUri", "https://github.com/fencer-analyzers/fencer");
        json.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            json.WriteStartObject();
            json.WriteString("id", rule.Id);
            json.WriteString("name", Identifier(rule.Title.ToString()));
            json.WriteStartObject("shortDescription");
            json.WriteString("text", rule.Title.ToString());
            json.WriteEndObject();
            json.WriteStartObject("fullDescription");
            json.WriteString("text", rule.Description.ToString());
            json.WriteEndObject();
            json.WriteString("helpUri", rule.HelpLinkUri);
            json.WriteStartObject("help");
            json.WriteString("text", $"{rule.Title} — {rule.HelpLinkUri}");
            json.WriteEndObject();
            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", Level(rule.DefaultSeverity));
            json.WriteEndObject();
            json.WriteStartObject("properties");
            json.WriteString("category", rule.Category);
            json.WriteStartArray("tags");
            json.WriteStringValue("concurrency");
            json.WriteStringValue("memory-model");
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartObject("originalUriBaseIds");
        json.WriteStartObject("SRCROOT");
        json.WriteString("uri", new Uri(result.Root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar).AbsoluteUri);
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartArray("invocations");
        json.WriteStartObject();
        json.WriteBoolean("executionSuccessful", result.AnalyzerFailures.Count == 0);
        json.WriteStartArray("toolExecutionNotifications");
        foreach (var project in result.Projects)
        {
            json.WriteStartObject();
            json.WriteString("level", project.Project.FallbackReason is null ? "note" : "warning");
            json.WriteStartObject("message");
            json.WriteString("text", project.Project.Mode == LoadMode.MsBuild
                ? $"{project.Project.Name}: loaded with MSBuild"
                : $"{project.Project.Name}: read from its folder{(project.Project.FallbackReason is { } reason ? ": " + reason : "")}");
            json.WriteEndObject();
            json.WriteEndObject();
        }

        foreach (var failure in result.AnalyzerFailures)
        {
            json.WriteStartObject();
            json.WriteString("level", "error");
            json.WriteStartObject("message");
            json.WriteString("text", failure);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();

        json.WriteStartArray("results");
        foreach (var finding in result.Findings)
        {
            json.WriteStartObject();
            json.WriteString("ruleId", finding.Id);
            json.WriteNumber("ruleIndex", rules.FindIndex(r => r.Id == finding.Id));
            json.WriteString("level", Level(finding.Severity));
            json.WriteStartObject("message");
            json.WriteString("text", finding.Message);
            json.WriteEndObject();
            json.WriteStartArray("locations");
            json.WriteStartObject();
            WritePhysical(json, finding.Location, paths);
            json.WriteStartArray("logicalLocations");
            json.WriteStartObject();
            json.WriteString("name", finding.ThisMember);
            json.WriteString("kind", "member");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartArray("relatedLocations");
            var id = 1;
            foreach (var related in finding.Related)
            {
                json.WriteStartObject();
                json.WriteNumber("id", id++);
                WritePhysical(json, related, paths);
                json.WriteStartObject("message");
                json.WriteString("text", Describe(finding, related.Role));
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("partialFingerprints");
            json.WriteString("fencerHandshake/v1", Fingerprint(finding, paths));
            json.WriteEndObject();
            json.WriteStartObject("properties");
            json.WriteString("project", finding.Project);
            json.WriteString("thisMember", finding.ThisMember);
            json.WriteString("otherMember", finding.OtherMember);
            json.WriteStartArray("fixes");
            foreach (var fix in finding.Fixes)
            {
                json.WriteStringValue(fix);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WritePhysical(Utf8JsonWriter json, FindingLocation location, PathDisplay paths)
    {
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        if (paths.FromRoot(location.Path) is { } relative)
        {
            json.WriteString("uri", string.Join("/", relative.Split('/').Select(Uri.EscapeDataString)));
            json.WriteString("uriBaseId", "SRCROOT");
        }
        else
        {
            json.WriteString("uri", new Uri(location.Path).AbsoluteUri);
        }

        json.WriteEndObject();
        json.WriteStartObject("region");
        json.WriteNumber("startLine", location.Line);
        json.WriteNumber("startColumn", location.Column);
        json.WriteNumber("endLine", location.EndLine);
        json.WriteNumber("endColumn", location.EndColumn);
        json.WriteStartObject("snippet");
        json.WriteString("text", location.Code);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    internal static string Describe(Finding finding, LocationRole role) => role switch
    {
        LocationRole.ThisAccess => $"{finding.ThisMember}: this side's later {(finding.ThisAccessIsStore ? "store" : "load")}",
        LocationRole.OtherStore => $"{finding.OtherMember}: the other side's store",
        LocationRole.OtherAccess => $"{finding.OtherMember}: the other side's later {(finding.OtherAccessIsStore ? "store" : "load")}",
        LocationRole.OtherFence => $"{finding.OtherMember}: the other side's fence",
        LocationRole.ThisStore => $"{finding.ThisMember}: this side's store",
        _ => "related location",
    };

    /// <summary>Stable across edits elsewhere in the file: the rule, the file, both members and the code of each location (not line numbers).</summary>
    private static string Fingerprint(Finding finding, PathDisplay paths)
    {
        var text = new StringBuilder()
            .Append(finding.Id).Append('|').Append(paths.FromRoot(finding.Location.Path) ?? finding.Location.Path)
            .Append('|').Append(finding.ThisMember).Append('|').Append(finding.OtherMember)
            .Append('|').Append(finding.Location.Code);
        foreach (var related in finding.Related)
        {
            text.Append('|').Append(related.Role).Append(':').Append(related.Code);
        }

        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text.ToString()));
        return string.Concat(hash.Take(16).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static string Level(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        DiagnosticSeverity.Info => "note",
        _ => "none",
    };

    private static string Identifier(string title) =>
        string.Concat(title.Split(new[] { ' ', '(', ')', ',', '-', ':' }, StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0]) + w.Substring(1)));
}
