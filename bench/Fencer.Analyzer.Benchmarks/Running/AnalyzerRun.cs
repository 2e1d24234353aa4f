using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Fencer.Analyzer.Benchmarks.Running;

/// <summary>
/// What one analysis run measured. <see cref="AnalyzerExceptions"/> counts Fencer's own exceptions only: another
/// analyzer failing on real code (NetAnalyzers does on some projects) says nothing about Fencer.
/// </summary>
internal sealed record RunResult(
    TimeSpan Fencer,
    TimeSpan NetAnalyzers,
    TimeSpan Wall,
    IReadOnlyDictionary<string, int> FencerDiagnostics,
    int NetAnalyzersDiagnostics,
    int AnalyzerExceptions);

/// <summary>
/// One <see cref="CompilationWithAnalyzers"/> pass with Fencer and NetAnalyzers together, sequential (no concurrent
/// analysis, for stable numbers), with per-analyzer execution time from the driver's telemetry.
/// </summary>
internal static class AnalyzerRun
{
    /// <param name="fresh">Analyze a clone with nothing bound yet (what a build pays), or the compilation as it is (already bound: the analyzers' own cost only).</param>
    /// <param name="analyzerOptions">The project's analyzer options (its .editorconfig), or none.</param>
    public static async Task<RunResult> RunAsync(Compilation compilation, DiagnosticAnalyzer fencer, ImmutableArray<DiagnosticAnalyzer> others, bool fresh = true, AnalyzerOptions? analyzerOptions = null)
    {
        var exceptions = 0;
        var options = new CompilationWithAnalyzersOptions(
            analyzerOptions ?? new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (_, analyzer, _) =>
            {
                if (ReferenceEquals(analyzer, fencer))
                {
                    Interlocked.Increment(ref exceptions);
                }
            },
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: true,
            reportSuppressedDiagnostics: false);

        // A fresh clone has no binding cached from earlier runs, so every run does the same work.
        var withAnalyzers = (fresh ? compilation.Clone() : compilation).WithAnalyzers(others.Add(fencer), options);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var stopwatch = Stopwatch.StartNew();
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).ConfigureAwait(false);
        stopwatch.Stop();

        var fencerTime = (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(fencer, CancellationToken.None).ConfigureAwait(false)).ExecutionTime;
        var othersTime = TimeSpan.Zero;
        foreach (var analyzer in others)
        {
            othersTime += (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).ConfigureAwait(false)).ExecutionTime;
        }

        var fencerIds = fencer.SupportedDiagnostics.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var byId = fencerIds.ToDictionary(id => id, id => diagnostics.Count(d => d.Id == id), StringComparer.Ordinal);
        var otherCount = diagnostics.Count(d => !fencerIds.Contains(d.Id));
        return new RunResult(fencerTime, othersTime, stopwatch.Elapsed, byId, otherCount, exceptions);
    }
}
