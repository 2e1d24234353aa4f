using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Fencer.Analyzer.Rules;
using Fencer.Cli.Loading;
using Fencer.Cli.Progress;

namespace Fencer.Cli.Analysis;

/// <summary>What auditing one project found and cost.</summary>
internal sealed record ProjectResult(AuditedProject Project, int Files, int Lines, TimeSpan FencerTime, IReadOnlyList<Finding> Findings);

/// <summary>The whole audit: each project, every finding, analyzer failures, and the timing data when asked for.</summary>
internal sealed record AuditResult(string Root, IReadOnlyList<ProjectResult> Projects, IReadOnlyList<string> AnalyzerFailures, TimingData? Timing, TimeSpan Elapsed)
{
    public IEnumerable<Finding> Findings => Projects.SelectMany(p => p.Findings);

    public int Lines => Projects.Sum(p => p.Lines);
}

/// <summary>
/// Runs the analyzer of the Fencer package (the same assembly, referenced) over each audited project's compilation
/// as the compiler does: the project's .editorconfig/.globalconfig severities, <c>#pragma</c> and
/// <c>[SuppressMessage]</c> suppressions, generated code left alone. A file is audited once, in the first project
/// that compiles it; excluded files are compiled but not audited (they are given to the analyzer as generated code).
/// </summary>
internal sealed class Auditor
{
    private readonly StoreBufferHandshakeAnalyzer _analyzer = new();
    private readonly FixCatalog _fixes = new();
    private readonly IReadOnlyList<PathGlob> _excludes;
    private readonly bool _timing;
    private readonly ProgressDisplay _progress;
    private readonly HashSet<string> _audited = new(StringComparer.Ordinal);

    public Auditor(IReadOnlyList<PathGlob> excludes, bool timing, ProgressDisplay progress)
    {
        _excludes = excludes;
        _timing = timing;
        _progress = progress;
    }

    public async Task<AuditResult> RunAsync(LoadedSolution loaded, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var observer = new AnalysisTimings(_progress);
        AnalysisObservers.Current = observer;
        try
        {
            var results = new List<ProjectResult>();
            var failures = new List<string>();
            for (var i = 0; i < loaded.Projects.Count; i++)
            {
                var project = loaded.Projects[i];
                observer.Project = $"[{i + 1}/{loaded.Projects.Count}] {project.Name}";
                _progress.Status(observer.Project + ": compiling");
                results.Add(await AuditAsync(loaded, project, failures, cancellationToken).ConfigureAwait(false));
            }

            return new AuditResult(loaded.Root, results, failures, _timing ? observer.Snapshot() : null, stopwatch.Elapsed);
        }
        finally
        {
            AnalysisObservers.Current = null;
        }
    }

    private async Task<ProjectResult> AuditAsync(LoadedSolution loaded, AuditedProject audited, List<string> failures, CancellationToken cancellationToken)
    {
        var project = loaded.Solution.GetProject(audited.Id)!;
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null)
        {
            return new ProjectResult(audited, 0, 0, TimeSpan.Zero, Array.Empty<Finding>());
        }

        var auditedTrees = new HashSet<SyntaxTree>();
        var lines = 0;
        foreach (var tree in compilation.SyntaxTrees)
        {
            var path = tree.FilePath;
            if (path.Length == 0 || !IsUnderRootAndIncluded(loaded.Root, path) || !_audited.Add(path))
            {
                continue;
            }

            auditedTrees.Add(tree);
            lines += (await tree.GetTextAsync(cancellationToken).ConfigureAwait(false)).Lines.Count;
        }

        if (auditedTrees.Count == 0)
        {
            return new ProjectResult(audited, 0, 0, TimeSpan.Zero, Array.Empty<Finding>());
        }

        var options = compilation.Options.WithSyntaxTreeOptionsProvider(new AuditedTreesOnly(compilation.Options.SyntaxTreeOptionsProvider, auditedTrees));
        var withAnalyzers = compilation.WithOptions(options).WithAnalyzers(
            ImmutableArray.Create<DiagnosticAnalyzer>(_analyzer),
            new CompilationWithAnalyzersOptions(
                project.AnalyzerOptions,
                onAnalyzerException: (exception, analyzer, diagnostic) =>
                {
                    lock (failures)
                    {
                        failures.Add($"{audited.Name}: {diagnostic.GetMessage()}");
                    }
                },
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: _timing,
                reportSuppressedDiagnostics: false));

        _progress.Status($"{audited.Name}: analysing {auditedTrees.Count} files");
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        var time = _timing ? (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(_analyzer, cancellationToken).ConfigureAwait(false)).ExecutionTime : TimeSpan.Zero;
        var findings = new List<Finding>();
        foreach (var diagnostic in diagnostics.Where(d => d.Severity != DiagnosticSeverity.Hidden && d.Id.StartsWith("FEN", StringComparison.Ordinal)))
        {
            var fixes = await _fixes.TitlesAsync(project.Solution, diagnostic, cancellationToken).ConfigureAwait(false);
            findings.Add(FindingFactory.Create(diagnostic, audited.Name, fixes));
        }

        findings.Sort(FindingFactory.Order);
        return new ProjectResult(audited, auditedTrees.Count, lines, time, findings);
    }

    private bool IsUnderRootAndIncluded(string root, string path) =>
        SourceTree.IsUnder(path, root) && !PathGlob.Any(_excludes, SourceTree.Relative(root, path))
        && File.Exists(path); // design-time generated sources live in fencer's scratch folder, outside the tree

    /// <summary>
    /// The compilation's own per-tree options (editorconfig severities), except that every tree not audited here
    /// counts as generated code, which the analyzer skips as it skips real generated code.
    /// </summary>
    private sealed class AuditedTreesOnly : SyntaxTreeOptionsProvider
    {
        private readonly SyntaxTreeOptionsProvider? _inner;
        private readonly HashSet<SyntaxTree> _audited;

        public AuditedTreesOnly(SyntaxTreeOptionsProvider? inner, HashSet<SyntaxTree> audited)
        {
            _inner = inner;
            _audited = audited;
        }

        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) =>
            !_audited.Contains(tree) ? GeneratedKind.MarkedGenerated : _inner?.IsGenerated(tree, cancellationToken) ?? GeneratedKind.Unknown;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = ReportDiagnostic.Default;
            return _inner?.TryGetDiagnosticValue(tree, diagnosticId, cancellationToken, out severity) ?? false;
        }

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = ReportDiagnostic.Default;
            return _inner?.TryGetGlobalDiagnosticValue(diagnosticId, cancellationToken, out severity) ?? false;
        }
    }
}
