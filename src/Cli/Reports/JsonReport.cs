using System.IO;
using System.Text.Json;
using Fencer.Cli.Analysis;
using Fencer.Cli.Loading;

namespace Fencer.Cli.Reports;

/// <summary>
/// The report for scripts: the projects and how each was loaded, every finding with its locations (roles named,
/// paths relative to the audited folder), the offered fixes, and a summary. docs/cli.md describes the shape.
/// </summary>
internal static class JsonReport
{
    public static void Write(AuditResult result, Stream stream)
    {
        var paths = new PathDisplay(result.Root);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("tool", "fencer");
        json.WriteString("version", ToolVersion.Semantic);
        json.WriteString("root", result.Root);
        json.WriteStartArray("projects");
        foreach (var project in result.Projects)
        {
            json.WriteStartObject();
            json.WriteString("name", project.Project.Name);
            json.WriteString("projectFile", project.Project.ProjectFile is { } file ? paths.FromRoot(file) ?? file : null);
            json.WriteString("loadedWith", project.Project.Mode == LoadMode.MsBuild ? "msbuild" : "folder");
            json.WriteString("fallbackReason", project.Project.FallbackReason);
            json.WriteNumber("files", project.Files);
            json.WriteNumber("lines", project.Lines);
            json.WriteNumber("findings", project.Findings.Count);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("findings");
        foreach (var finding in result.Findings)
        {
            json.WriteStartObject();
            json.WriteString("id", finding.Id);
            json.WriteString("severity", TextReport.Severity(finding.Severity));
            json.WriteString("title", finding.Title);
            json.WriteString("message", finding.Message);
            json.WriteString("helpUri", finding.HelpUri);
            json.WriteString("project", finding.Project);
            json.WriteString("thisMember", finding.ThisMember);
            json.WriteString("otherMember", finding.OtherMember);
            json.WriteString("thisProtection", finding.ThisProtection);
            json.WriteString("otherProtection", finding.OtherProtection);
            json.WriteString("evidence", finding.Evidence);
            if (finding.AuditOnly.Length > 0)
            {
                json.WriteString("auditOnly", finding.AuditOnly);
            }

            json.WriteStartArray("locations");
            WriteLocation(json, finding.Location, paths);
            foreach (var related in finding.Related)
            {
                WriteLocation(json, related, paths);
            }

            json.WriteEndArray();
            json.WriteStartArray("fixes");
            foreach (var fix in finding.Fixes)
            {
                json.WriteStringValue(fix);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("summary");
        json.WriteNumber("projects", result.Projects.Count);
        json.WriteNumber("lines", result.Lines);
        json.WriteNumber("findings", System.Linq.Enumerable.Count(result.Findings));
        json.WriteNumber("analyzerFailures", result.AnalyzerFailures.Count);
        json.WriteStartArray("failures");
        foreach (var failure in result.AnalyzerFailures)
        {
            json.WriteStringValue(failure);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteLocation(Utf8JsonWriter json, FindingLocation location, PathDisplay paths)
    {
        json.WriteStartObject();
        json.WriteString("role", Role(location.Role));
        json.WriteString("path", paths.FromRoot(location.Path) ?? location.Path);
        json.WriteNumber("line", location.Line);
        json.WriteNumber("column", location.Column);
        json.WriteNumber("endLine", location.EndLine);
        json.WriteNumber("endColumn", location.EndColumn);
        json.WriteString("code", location.Code);
        json.WriteEndObject();
    }

    private static string Role(LocationRole role) => role switch
    {
        LocationRole.ThisStore => "thisStore",
        LocationRole.ThisAccess => "thisAccess",
        LocationRole.OtherStore => "otherStore",
        LocationRole.OtherFence => "otherFence",
        LocationRole.OtherAccess => "otherAccess",
        _ => "related",
    };
}
