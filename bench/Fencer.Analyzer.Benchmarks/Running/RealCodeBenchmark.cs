using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Fencer.Analyzer.Benchmarks.Generation;
using Fencer.Analyzer.Benchmarks.Reporting;
using Fencer.Cli.Analysis;
using Fencer.Cli.CommandLine;
using Fencer.Cli.Loading;
using Fencer.Cli.Progress;

namespace Fencer.Analyzer.Benchmarks.Running;

/// <summary>
/// <c>--source DIR</c>: Fencer's cost on a real source tree. The tree is loaded by the command-line tool's own
/// loader (MSBuild, or folder compilations with <c>--no-msbuild</c> and for projects that do not load), each project's
/// compilation analyzed by Fencer and NetAnalyzers together in one run, as the synthetic mode does; the table gives
/// per project and in total the lines audited, Fencer's findings, both analyzers' times, the ratio and Fencer's time
/// per 1,000 lines.
/// </summary>
internal static class RealCodeBenchmark
{
    public static async Task<int> RunAsync(BenchmarkOptions options, DiagnosticAnalyzer fencer, ImmutableArray<DiagnosticAnalyzer> netAnalyzers, ImmutableDictionary<string, ReportDiagnostic> ruleOptions)
    {
        var check = new CheckOptions { Path = options.Source!, NoMsBuild = options.NoMsBuild, Excludes = options.Excludes, Quiet = true };
        var target = AuditTarget.Resolve(check.Path);
        using var progress = new ProgressDisplay(Console.Error, interactive: false, quiet: false);
        using var loaded = await ProjectLoader.LoadAsync(target, check, progress, CancellationToken.None).ConfigureAwait(false);
        var scope = new AuditScope(loaded.Root, options.Excludes.Select(e => new PathGlob(e)).ToList());

        // JIT both analyzers on a small generated corpus first, so the first project does not pay for it.
        var warmUp = CompilationFactory.Create(CorpusGenerator.Generate(10_000, options.Seed), ruleOptions);
        await AnalyzerRun.RunAsync(warmUp, fencer, netAnalyzers).ConfigureAwait(false);

        var rows = new List<(string Name, int Lines, int Findings, double FencerMs, double NetMs, int Exceptions)>();
        var splits = new List<Split>();
        foreach (var project in loaded.Projects)
        {
            if (await scope.PrepareAsync(loaded.Solution, project, CancellationToken.None).ConfigureAwait(false) is not { } prepared)
            {
                continue;
            }

            var compilation = prepared.Compilation.WithOptions(prepared.Compilation.Options.WithSpecificDiagnosticOptions(
                prepared.Compilation.Options.SpecificDiagnosticOptions.SetItems(ruleOptions)));
            var name = project.Name;
            try
            {
                await AnalyzerRun.RunAsync(compilation, fencer, netAnalyzers, analyzerOptions: prepared.Options).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // As the command-line tool does (CompilerWorkaround): measured with nullable analysis off, and the table says so.
                compilation = CompilerWorkaround.WithoutNullable(compilation);
                name += " (nullable off: compiler crash)";
            }

            // Small projects take milliseconds, where one pause of the collector or of another process moves a median of
            // three: they are analyzed more often, in proportion (as the synthetic mode repeats its small sizes).
            var repeat = Math.Max(options.Repeat, Math.Min(options.Repeat * 8, 100_000 / Math.Max(prepared.Lines, 1)));
            var runs = new List<RunResult>();
            for (var i = 0; i < repeat; i++)
            {
                runs.Add(await AnalyzerRun.RunAsync(compilation, fencer, netAnalyzers, analyzerOptions: prepared.Options).ConfigureAwait(false));
            }

            if (options.Across)
            {
                splits.Add(new Split(name, 0, 0, 0, 0));
                var split = new SplitTimer();
                Rules.AnalysisObservers.Current = split;
                var types = new List<double>();
                var across = new List<double>();
                var typeWork = new List<double>();
                var acrossWork = new List<double>();
                try
                {
                    for (var i = 0; i < repeat; i++)
                    {
                        split.Reset();
                        await AnalyzerRun.RunAsync(compilation, fencer, netAnalyzers, analyzerOptions: prepared.Options).ConfigureAwait(false);
                        types.Add(split.TypeMs);
                        across.Add(split.AcrossMs);
                        typeWork.Add(split.TypeMs - split.TypePauseMs);
                        acrossWork.Add(split.AcrossMs - split.AcrossPauseMs);
                    }
                }
                finally
                {
                    Rules.AnalysisObservers.Current = null;
                }

                splits[^1] = new Split(name, SizeResult.Median(types), SizeResult.Median(across), SizeResult.Median(typeWork), SizeResult.Median(acrossWork));
            }

            var findings = runs[0].FencerDiagnostics.Values.Sum();
            rows.Add((name, prepared.Lines, findings, SizeResult.Median(runs.Select(r => r.Fencer.TotalMilliseconds)), SizeResult.Median(runs.Select(r => r.NetAnalyzers.TotalMilliseconds)), runs.Max(r => r.AnalyzerExceptions)));
            Console.Error.WriteLine($"  {name}: {prepared.Lines:N0} lines, Fencer {rows[^1].FencerMs:F0} ms, NetAnalyzers {rows[^1].NetMs:F0} ms");
        }

        Console.WriteLine();
        Console.WriteLine($"Real code: {target.FullPath} ({loaded.Projects.Count(p => p.Mode == LoadMode.MsBuild)} projects loaded with MSBuild, {loaded.Projects.Count(p => p.Mode == LoadMode.Folder)} from their folders), median of {options.Repeat} (small projects more often, up to {options.Repeat * 8}), sequential analysis, NetAnalyzers with every rule on.");
        Console.WriteLine("   lines | findings | Fencer ms | NetAnalyzers ms | Fencer/NetAn | Fencer ms/1k lines | Fencer AD0001 | project");
        Console.WriteLine("---------|----------|-----------|-----------------|--------------|--------------------|---------------|--------");
        foreach (var row in rows.Where(r => r.Lines > 0))
        {
            Console.WriteLine(Row(row.Lines, row.Findings, row.FencerMs, row.NetMs, row.Exceptions, row.Name));
        }

        var total = (Lines: rows.Sum(r => r.Lines), Findings: rows.Sum(r => r.Findings), FencerMs: rows.Sum(r => r.FencerMs), NetMs: rows.Sum(r => r.NetMs), Exceptions: rows.Sum(r => r.Exceptions));
        Console.WriteLine(Row(total.Lines, total.Findings, total.FencerMs, total.NetMs, total.Exceptions, "TOTAL " + Path.GetFileName(target.FullPath.TrimEnd(Path.DirectorySeparatorChar))));
        var ratio = total.NetMs == 0 ? 0 : total.FencerMs / total.NetMs;
        Console.WriteLine();
        Console.WriteLine($"Goal: Fencer <= {ResultTable.RatioGoal * 100:F0} % of NetAnalyzers -> {ratio * 100:F2} %: {(ratio <= ResultTable.RatioGoal ? "MET" : "NOT MET")}");
        PrintScaling(rows.Where(r => r.Lines > 0).Select(r => (r.Lines, r.FencerMs)).ToList(), options.Seed);
        if (options.Across)
        {
            PrintAcross(splits);
        }

        return total.Exceptions == 0 ? 0 : 2;
    }

    /// <summary>
    /// The per-type analysis's time beside the compilation-end analyses across types (FEN011–FEN013), both timed inside
    /// the analyzer in warm runs (medians), per project and in total, against the goal of docs/precision.md ("Across types": across ≤ 25 % of per-type).
    /// Each is shown as timed, and without the collector's pauses that fell inside it: a pause stops every thread, and
    /// which analysis it lands in is chance (a single pause is often longer than a small project's whole across share),
    /// so the second pair of columns is the comparison of the work the two analyses do.
    /// </summary>
    private static void PrintAcross(IReadOnlyList<Split> splits)
    {
        Console.WriteLine();
        Console.WriteLine("Across types (timed inside the analyzer, warm runs after the measured ones, medians; then the same without the collector's pauses):");
        Console.WriteLine(" per-type ms | across ms | across/per-type | per-type work ms | across work ms | across/per-type work | project");
        foreach (var split in splits)
        {
            Console.WriteLine(Row(split));
        }

        var total = new Split("TOTAL", splits.Sum(s => s.TypeMs), splits.Sum(s => s.AcrossMs), splits.Sum(s => s.TypeWorkMs), splits.Sum(s => s.AcrossWorkMs));
        Console.WriteLine(Row(total));
        var share = Share(total.TypeMs, total.AcrossMs);
        var work = Share(total.TypeWorkMs, total.AcrossWorkMs);
        Console.WriteLine($"Goal: across types <= 25 % of the per-type analysis -> {share * 100:F1} % as timed: {(share <= 0.25 ? "MET" : "NOT MET")}; {work * 100:F1} % without the collector's pauses: {(work <= 0.25 ? "MET" : "NOT MET")}");
    }

    private static double Share(double typeMs, double acrossMs) => typeMs == 0 ? 0 : acrossMs / typeMs;

    private static string Row(Split split) =>
        $"{split.TypeMs,12:F1} | {split.AcrossMs,9:F1} | {Share(split.TypeMs, split.AcrossMs) * 100,13:F1} % | {split.TypeWorkMs,16:F1} | {split.AcrossWorkMs,14:F1} | {Share(split.TypeWorkMs, split.AcrossWorkMs) * 100,18:F1} % | {split.Name}";

    /// <summary>One project's medians: the two analyses as timed, and the same without the collector's pauses.</summary>
    private sealed record Split(string Name, double TypeMs, double AcrossMs, double TypeWorkMs, double AcrossWorkMs);

    /// <summary>
    /// Sums the analyzer's per-type and across-types times of one run: the command-line tool's observer
    /// (<c>AnalysisTimings</c>) gives the same sums but also names every type and member it times, which would weigh on
    /// the warm runs measured here. Also sums the collector's pauses that fell inside each timed analysis (the runtime's
    /// pause total read when it starts and when it ends, on its thread).
    /// </summary>
    private sealed class SplitTimer : Rules.IAnalysisObserver
    {
        [ThreadStatic]
        private static TimeSpan _pausedAtStart;

        private long _typeTicks;
        private long _acrossTicks;
        private long _typePauseTicks;
        private long _acrossPauseTicks;

        public double TypeMs => Ms(ref _typeTicks);

        public double AcrossMs => Ms(ref _acrossTicks);

        public double TypePauseMs => Ms(ref _typePauseTicks);

        public double AcrossPauseMs => Ms(ref _acrossPauseTicks);

        private static double Ms(ref long ticks) => TimeSpan.FromTicks(Interlocked.Read(ref ticks)).TotalMilliseconds;

        public void Reset()
        {
            Interlocked.Exchange(ref _typeTicks, 0);
            Interlocked.Exchange(ref _acrossTicks, 0);
            Interlocked.Exchange(ref _typePauseTicks, 0);
            Interlocked.Exchange(ref _acrossPauseTicks, 0);
        }

        public void Starting() => _pausedAtStart = GC.GetTotalPauseDuration();

        public void TypeAnalysed(INamedTypeSymbol type, TimeSpan elapsed) => Add(ref _typeTicks, ref _typePauseTicks, elapsed);

        public void MemberAnalysed(IMethodSymbol member, TimeSpan elapsed)
        {
        }

        public void TypeSkipped(INamedTypeSymbol type)
        {
        }

        public void AcrossTypesAnalysed(int classes, TimeSpan elapsed) => Add(ref _acrossTicks, ref _acrossPauseTicks, elapsed);

        /// <summary>An analysis's time, and the part of it the collector's pauses took (never more than the time itself).</summary>
        private static void Add(ref long ticks, ref long pauseTicks, TimeSpan elapsed)
        {
            var paused = GC.GetTotalPauseDuration() - _pausedAtStart;
            Interlocked.Add(ref ticks, elapsed.Ticks);
            Interlocked.Add(ref pauseTicks, Math.Clamp(paused.Ticks, 0, elapsed.Ticks));
        }
    }

    /// <summary>
    /// How Fencer's time grows with the amount of real code: cumulative prefixes of the projects, in an order shuffled
    /// by the seed, at about 10k, 50k, 100k, 200k and 400k lines (as far as the tree goes), each with its time per
    /// 1,000 lines. Linear cost keeps the figure flat; a type or member whose cost grows faster shows as a step.
    /// </summary>
    private static void PrintScaling(IReadOnlyList<(int Lines, double FencerMs)> projects, int seed)
    {
        var random = new Random(seed);
        var shuffled = projects.OrderBy(_ => random.Next()).ToList();
        var points = new List<(int Lines, double PerThousand)>();
        int lines = 0, next = 0;
        double ms = 0;
        var sizes = new[] { 10_000, 50_000, 100_000, 200_000, 400_000 };
        foreach (var (projectLines, projectMs) in shuffled)
        {
            lines += projectLines;
            ms += projectMs;
            while (next < sizes.Length && lines >= sizes[next])
            {
                points.Add((lines, ms / (lines / 1000.0)));
                next++;
            }
        }

        if (points.Count < 2)
        {
            return;
        }

        Console.WriteLine("Scaling (cumulative prefixes of the projects in seeded random order): " + string.Join(", ", points.Select(p => $"{p.Lines:N0} lines {p.PerThousand:F3} ms/1k")));
        var flatness = points.Max(p => p.PerThousand) / points.Min(p => p.PerThousand);
        Console.WriteLine($"Goal: per-1k-lines time flat within {ResultTable.FlatnessGoal:F1}x -> max/min {flatness:F2}x: {(flatness <= ResultTable.FlatnessGoal ? "MET" : "NOT MET")}");
    }

    private static string Row(int lines, int findings, double fencerMs, double netMs, int exceptions, string name) =>
        $"{lines,8:N0} | {findings,8:N0} | {fencerMs,9:F1} | {netMs,15:F1} | {(netMs == 0 ? 0 : fencerMs / netMs) * 100,10:F2} % | {(lines == 0 ? 0 : fencerMs / (lines / 1000.0)),18:F3} | {exceptions,13} | {name}";
}
