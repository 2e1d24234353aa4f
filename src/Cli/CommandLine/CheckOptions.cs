using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Fencer.Cli.CommandLine;

/// <summary>The output formats of <c>fencer check</c>.</summary>
internal enum ReportFormat
{
    Text,
    Sarif,
    Json,
}

/// <summary>Everything <c>fencer check</c> was asked to do (docs/cli.md lists each option).</summary>
internal sealed record CheckOptions
{
    /// <summary>The solution, project or folder to audit, as given.</summary>
    public required string Path { get; init; }

    public ReportFormat Format { get; init; } = ReportFormat.Text;

    /// <summary>Where the report goes; null for standard output.</summary>
    public string? OutputFile { get; init; }

    /// <summary>The lowest severity that makes the exit code 1; null for never.</summary>
    public DiagnosticSeverity? FailOn { get; init; } = DiagnosticSeverity.Warning;

    /// <summary>Read sources only: evaluate no project file, run nothing from the audited tree.</summary>
    public bool NoMsBuild { get; init; }

    /// <summary>Path globs (relative to the audited folder) whose files are compiled but not audited.</summary>
    public IReadOnlyList<string> Excludes { get; init; } = new List<string>();

    /// <summary>Preprocessor symbols added to every folder compilation.</summary>
    public IReadOnlyList<string> Defines { get; init; } = new List<string>();

    /// <summary>The target framework of folder compilations, instead of what each project file names.</summary>
    public string? Framework { get; init; }

    /// <summary>Implicit usings in folder compilations: null to follow each project file.</summary>
    public bool? ImplicitUsings { get; init; }

    /// <summary>MSBuild global properties for loading projects (<c>--property Configuration=Release</c>).</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    /// <summary>Print Fencer's own analyzer time, per 1,000 lines, and the slowest types and members.</summary>
    public bool Timing { get; init; }

    /// <summary>The report level (<c>fencer.report</c>: default or audit) for every project, or null to follow their configuration.</summary>
    public string? Report { get; init; }

    /// <summary>No progress display on standard error.</summary>
    public bool Quiet { get; init; }
}
