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
/// <c>[SuppressMessage]</c> suppressions, generated code left alone, over the files <see cref="AuditScope"/> audits.
/// </summary>
internal sealed class Auditor
{
    private readonly StoreBufferHandshakeAnalyzer _analyzer = new();
    private readonly FixCatalog _fixes = new();
    private readonly AuditScope _scope;
    private readonly bool _timing;
    private readonly ProgressDisplay _progress;

    public Auditor(AuditScope scope, bool timing, ProgressDisplay progress)
    {
        _scope = scope;
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
        if (await _scope.PrepareAsync(loaded.Solution, audited, cancellationToken).ConfigureAwait(false) is not { } prepared)
        {
            return new ProjectResult(audited, 0, 0, TimeSpan.Zero, Array.Empty<Finding>());
        }

        _progress.Status($"{audited.Name}: analysing {prepared.Files} files");
        ImmutableArray<Diagnostic> diagnostics;
        TimeSpan time;
        try
        {
            (diagnostics, time) = await AnalyzeAsync(prepared.Compilation, prepared, audited, failures, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The compiler itself can fail to bind new syntax (it has, on C# 14 extension members with nullable analysis
            // on): try once more without nullable analysis, which Fencer does not need, and say so.
            try
            {
                (diagnostics, time) = await AnalyzeAsync(CompilerWorkaround.WithoutNullable(prepared.Compilation), prepared, audited, failures, cancellationToken).ConfigureAwait(false);
                lock (failures)
                {
                    failures.Add($"{audited.Name}: audited with nullable analysis off, the compiler failed with it on ({e.GetType().Name}: {Loading.SolutionFile.OneLine(e.Message)})");
                }
            }
            catch (Exception again) when (again is not OperationCanceledException)
            {
                lock (failures)
                {
                    failures.Add($"{audited.Name}: not audited, the compiler failed while binding it ({again.GetType().Name}: {Loading.SolutionFile.OneLine(again.Message)})");
                }

                return new ProjectResult(audited, prepared.Files, prepared.Lines, TimeSpan.Zero, Array.Empty<Finding>());
            }
        }

        var findings = new List<Finding>();
        foreach (var diagnostic in diagnostics.Where(d => d.Severity != DiagnosticSeverity.Hidden && d.Id.StartsWith("FEN", StringComparison.Ordinal)))
        {
            var fixes = await _fixes.TitlesAsync(prepared.Project.Solution, diagnostic, cancellationToken).ConfigureAwait(false);
            findings.Add(FindingFactory.Create(diagnostic, audited.Name, fixes));
        }

        findings.Sort(FindingFactory.Order);
        return new ProjectResult(audited, prepared.Files, prepared.Lines, time, findings);
    }

    private async Task<(ImmutableArray<Diagnostic> Diagnostics, TimeSpan Time)> AnalyzeAsync(Compilation compilation, AuditCompilation prepared, AuditedProject audited, List<string> failures, CancellationToken cancellationToken)
    {
        var withAnalyzers = compilation.WithAnalyzers(
            ImmutableArray.Create<DiagnosticAnalyzer>(_analyzer),
            new CompilationWithAnalyzersOptions(
                prepared.Options,
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

        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        var time = _timing ? (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(_analyzer, cancellationToken).ConfigureAwait(false)).ExecutionTime : TimeSpan.Zero;
        return (diagnostics, time);
    }
}
