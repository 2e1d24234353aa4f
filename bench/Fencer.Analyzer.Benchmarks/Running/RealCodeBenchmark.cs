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
        var splits = new List<(string Name, double TypeMs, double AcrossMs)>();
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
                splits.Add((name, 0, 0));
                var split = new SplitTimer();
                Rules.AnalysisObservers.Current = split;
                var types = new List<double>();
                var across = new List<double>();
                try
                {
                    for (var i = 0; i < repeat; i++)
                    {
                        split.Reset();
                        await AnalyzerRun.RunAsync(compilation, fencer, netAnalyzers, analyzerOptions: prepared.Options).ConfigureAwait(false);
                        types.Add(split.TypeMs);
                        across.Add(split.AcrossMs);
                    }
                }
                finally
                {
                    Rules.AnalysisObservers.Current = null;
                }

                splits[^1] = (name, SizeResult.Median(types), SizeResult.Median(across));
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
    /// </summary>
    private static void PrintAcross(IReadOnlyList<(string Name, double TypeMs, double AcrossMs)> splits)
    {
        Console.WriteLine();
        Console.WriteLine("Across types (timed inside the analyzer, warm runs after the measured ones, medians):");
        Console.WriteLine(" per-type ms | across ms | across/per-type | project");
        foreach (var (name, typeMs, acrossMs) in splits)
        {
            Console.WriteLine(Split(typeMs, acrossMs, name));
        }

        var typeTotal = splits.Sum(s => s.TypeMs);
        var acrossTotal = splits.Sum(s => s.AcrossMs);
        Console.WriteLine(Split(typeTotal, acrossTotal, "TOTAL"));
        var share = typeTotal == 0 ? 0 : acrossTotal / typeTotal;
        Console.WriteLine($"Goal: across types <= 25 % of the per-type analysis -> {share * 100:F1} %: {(share <= 0.25 ? "MET" : "NOT MET")}");
    }

    private static string Split(double typeMs, double acrossMs, string name) =>
        $"{typeMs,12:F1} | {acrossMs,9:F1} | {(typeMs == 0 ? 0 : acrossMs / typeMs) * 100,13:F1} % | {name}";

    /// <summary>
    /// Sums the analyzer's per-type and across-types times of one run: the command-line tool's observer
    /// (<c>AnalysisTimings</c>) gives the same sums but also names every type and member it times, which would weigh on
    /// the warm runs measured here.
    /// </summary>
    private sealed class SplitTimer : Rules.IAnalysisObserver
    {
        private long _typeTicks;
        private long _acrossTicks;

        public double TypeMs => TimeSpan.FromTicks(Interlocked.Read(ref _typeTicks)).TotalMilliseconds;

        public double AcrossMs => TimeSpan.FromTicks(Interlocked.Read(ref _acrossTicks)).TotalMilliseconds;

        public void Reset()
        {
            Interlocked.Exchange(ref _typeTicks, 0);
            Interlocked.Exchange(ref _acrossTicks, 0);
        }

        public void TypeAnalysed(INamedTypeSymbol type, TimeSpan elapsed) => Interlocked.Add(ref _typeTicks, elapsed.Ticks);

        public void MemberAnalysed(IMethodSymbol member, TimeSpan elapsed)
        {
        }

        public void TypeSkipped(INamedTypeSymbol type)
        {
        }

        public void AcrossTypesAnalysed(int classes, TimeSpan elapsed) => Interlocked.Add(ref _acrossTicks, elapsed.Ticks);
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
