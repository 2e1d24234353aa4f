using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Fencer.Cli.Analysis;
using Fencer.Cli.Loading;

namespace Fencer.Cli.Reports;

/// <summary>
/// The report for people: each finding as the compiler would print it, then the handshake drawn as its two sides
/// side by side (each side's store, what lies between, and its later access, with the real source lines), the
/// verdict in one sentence, and the fixes on offer; a summary of what was audited, and how, at the end.
/// </summary>
internal static class TextReport
{
    private const int ColumnWidth = 48;
    private const int RoleWidth = 6;

    public static void Write(AuditResult result, TextWriter writer)
    {
        var paths = new PathDisplay(result.Root);
        foreach (var finding in result.Findings)
        {
            WriteFinding(finding, paths, writer);
        }

        WriteSummary(result, writer);
        if (result.Timing is { } timing)
        {
            WriteTiming(result, timing, writer);
        }
    }

    private static void WriteFinding(Finding finding, PathDisplay paths, TextWriter writer)
    {
        var location = finding.Location;
        writer.WriteLine($"{paths.Show(location.Path)}({location.Line},{location.Column}): {Severity(finding.Severity)} {finding.Id}: {finding.Title}");
        writer.WriteLine();

        var thisSide = Side(finding, LocationRole.ThisStore, LocationRole.ThisAccess, null, finding.ThisProtection, finding.ThisAccessIsStore);
        var otherSide = Side(finding, LocationRole.OtherStore, LocationRole.OtherAccess, LocationRole.OtherFence, finding.OtherProtection, finding.OtherAccessIsStore);
        var otherStore = finding.Related.FirstOrDefault(r => r.Role == LocationRole.OtherStore);
        var otherFile = otherStore is not null && otherStore.Path != location.Path ? $" in {Path.GetFileName(otherStore.Path)}" : "";
        writer.WriteLine("    " + Pad($"{finding.ThisMember} (this side: needs the change)", ColumnWidth) + " │ " + $"{finding.OtherMember} (the other side{otherFile})");
        writer.WriteLine("    " + new string('─', ColumnWidth) + "─┼─" + new string('─', ColumnWidth));
        for (var row = 0; row < Math.Max(thisSide.Count, otherSide.Count); row++)
        {
            var left = row < thisSide.Count ? thisSide[row] : "";
            var right = row < otherSide.Count ? otherSide[row] : "";
            writer.WriteLine(("    " + Pad(left, ColumnWidth) + " │ " + right).TrimEnd());
        }

        writer.WriteLine();
        writer.WriteLine("    " + finding.Message);
        if (finding.Evidence.Length > 0)
        {
            writer.WriteLine("    Evidence of sharing: " + finding.Evidence);
        }

        if (finding.AuditOnly.Length > 0)
        {
            writer.WriteLine("    Audit level only: " + AuditOnly(finding.AuditOnly));
        }

        if (finding.Fixes.Count > 0)
        {
            writer.WriteLine("    Fixes:");
            foreach (var fix in finding.Fixes)
            {
                writer.WriteLine("      - " + fix);
            }
        }
        else
        {
            writer.WriteLine("    Fixes: none can be written automatically here; see the rule page.");
        }

        writer.WriteLine("    Help: " + finding.HelpUri);
        writer.WriteLine();
    }

    /// <summary>The Weakness flags of an audit-level finding, in words (docs/design.md, "Report levels").</summary>
    private static string AuditOnly(string flags) => string.Join("; ", flags.Split(',').Select(f => f.Trim() switch
    {
        "NoDecision" => "a load decides nothing",
        "NoEvidence" => "nothing says the two sides run concurrently on these fields",
        "Uncertain" => "a call between the store and the load may fence",
        "OtherObject" => "a field may belong to another object",
        "Keyed" => "a keyed collection (per-key entries)",
        "Polled" => "this side polls until it reads what the other side stores",
        "PlainUpdate" => "a check is a plain read-modify-write (x += k) of the other side's location: a race no fence fixes",
        var other => other,
    }));

    /// <summary>The three rows of one side: its store, what orders it (a fence, or nothing), its later access.</summary>
    private static List<string> Side(Finding finding, LocationRole storeRole, LocationRole accessRole, LocationRole? fenceRole, string protection, bool accessIsStore)
    {
        var store = storeRole == LocationRole.ThisStore ? finding.Location : finding.Related.FirstOrDefault(r => r.Role == storeRole);
        var access = finding.Related.FirstOrDefault(r => r.Role == accessRole);
        var fence = fenceRole is { } role ? finding.Related.FirstOrDefault(r => r.Role == role) : null;
        var rows = new List<string>();
        var fenceOnAccess = fence is not null && (fence.Line == store?.Line || fence.Line == access?.Line);
        if (store is not null)
        {
            rows.Add(Row(store, fenceOnAccess && fence!.Line == store.Line ? "rmw" : "store"));
        }

        rows.Add(fence is not null && !fenceOnAccess ? Row(fence, protection == "Heavy" ? "heavy" : "fence") : "      " + Between(protection));
        if (access is not null)
        {
            var kind = accessIsStore ? "store" : "load";
            rows.Add(Row(access, fenceOnAccess && fence!.Line == access.Line && fence.Line != store?.Line ? "rmw" : kind));
        }

        return rows;
    }

    private static string Between(string protection) => protection switch
    {
        "Heavy" => "(process-wide barrier)",
        "Full" => "(full fence)",
        "Compiler" => "(compiler order only: no full fence)",
        _ => "(nothing orders them: no full fence)",
    };

    private static string Row(FindingLocation location, string role)
    {
        var number = location.Line.ToString(CultureInfo.InvariantCulture).PadLeft(4);
        var codeWidth = ColumnWidth - 6 - RoleWidth - 1;
        return number + "  " + Pad(Truncate(location.Code, codeWidth), codeWidth) + " " + role.PadLeft(RoleWidth);
    }

    private static void WriteSummary(AuditResult result, TextWriter writer)
    {
        var files = result.Projects.Sum(p => p.Files);
        writer.WriteLine($"Audited {Count(result.Projects.Count, "project")}, {Count(files, "file")}, {result.Lines.ToString("N0", CultureInfo.InvariantCulture)} lines:");
        foreach (var project in result.Projects)
        {
            var how = project.Project.Mode == LoadMode.MsBuild
                ? "loaded with MSBuild"
                : project.Project.FallbackReason is { } reason ? "read from its folder: " + reason : "read from its folder";
            writer.WriteLine($"  {project.Project.Name}: {how}");
        }

        var findings = result.Findings.ToList();
        if (findings.Count == 0)
        {
            writer.WriteLine("No findings.");
        }
        else
        {
            var bySeverity = findings.GroupBy(f => f.Severity).OrderByDescending(g => g.Key).Select(g => Count(g.Count(), Severity(g.Key)));
            var byId = findings.GroupBy(f => f.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}");
            writer.WriteLine($"{Count(findings.Count, "finding")}: {string.Join(", ", bySeverity)} ({string.Join(", ", byId)}).");
        }

        foreach (var failure in result.AnalyzerFailures)
        {
            writer.WriteLine("Failure (please report it): " + failure);
        }
    }

    private static void WriteTiming(AuditResult result, TimingData timing, TextWriter writer)
    {
        var total = TimeSpan.FromTicks(result.Projects.Sum(p => p.FencerTime.Ticks));
        var perThousand = result.Lines == 0 ? 0 : total.TotalMilliseconds * 1000 / result.Lines;
        writer.WriteLine();
        writer.WriteLine("Timing (Fencer's own analyzer time, from compilation telemetry):");
        writer.WriteLine(FormattableString.Invariant($"  {total.TotalMilliseconds:N0} ms for {result.Lines:N0} lines: {perThousand:N2} ms per 1,000 lines; {timing.TypesAnalysed:N0} types analysed, {timing.TypesSkipped:N0} without sign of sharing skipped; wall time {result.Elapsed.TotalSeconds:N1} s"));
        foreach (var project in result.Projects.Where(p => p.Lines > 0))
        {
            writer.WriteLine(FormattableString.Invariant($"  {project.FencerTime.TotalMilliseconds,8:N1} ms  {project.Lines,9:N0} lines  {project.Project.Name}"));
        }

        var share = timing.TypeTime.Ticks == 0 ? 0 : 100.0 * timing.AcrossTime.Ticks / timing.TypeTime.Ticks;
        writer.WriteLine(FormattableString.Invariant($"  Per-type analysis {timing.TypeTime.TotalMilliseconds:N1} ms, {timing.MembersAnalysed:N0} members given a control-flow graph; across types {timing.AcrossTime.TotalMilliseconds:N1} ms for {timing.AcrossClasses:N0} classes and pairs of types ({share:N1} % of the per-type time)"));
        WriteSlowest("Slowest types", timing.SlowestTypes, writer);
        WriteSlowest("Slowest members (control-flow graph and extraction)", timing.SlowestMembers, writer);
    }

    private static void WriteSlowest(string title, IReadOnlyList<(string Name, TimeSpan Time)> entries, TextWriter writer)
    {
        writer.WriteLine($"  {title}:");
        foreach (var (name, time) in entries)
        {
            writer.WriteLine(FormattableString.Invariant($"  {time.TotalMilliseconds,8:N1} ms  {name}"));
        }
    }

    internal static string Severity(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        DiagnosticSeverity.Info => "info",
        _ => "hidden",
    };

    private static string Count(int count, string noun) => $"{count.ToString("N0", CultureInfo.InvariantCulture)} {noun}{(count == 1 ? "" : "s")}";

    private static string Pad(string text, int width) => text.Length >= width ? text : text + new string(' ', width - text.Length);

    private static string Truncate(string text, int width) => text.Length <= width ? text : text.Substring(0, width - 1) + "…";
}
