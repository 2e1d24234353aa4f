using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Fencer.Analyzer.Benchmarks.Generation;
using Fencer.Analyzer.Benchmarks.Running;

namespace Fencer.Analyzer.Benchmarks.Reporting;

/// <summary>The medians for one corpus size, and whether Fencer found exactly the handshakes the generator planted.</summary>
internal sealed record SizeResult(int Lines, double FencerMs, double NetAnalyzersMs, double FencerMinMs, double NetAnalyzersMinMs, Expected Expected, Expected Found, int NetDiagnostics, int Exceptions)
{
    public double Ratio => FencerMs / NetAnalyzersMs;

    public double FencerPer1k => FencerMs / (Lines / 1000.0);

    public bool SanityOk => Expected == Found && Exceptions == 0;

    public static SizeResult From(Corpus corpus, IReadOnlyList<RunResult> runs)
    {
        var last = runs[runs.Count - 1];
        var found = new Expected(last.FencerDiagnostics["FEN001"], last.FencerDiagnostics["FEN002"], last.FencerDiagnostics["FEN003"]);
        return new SizeResult(
            corpus.Lines,
            Median(runs.Select(r => r.Fencer.TotalMilliseconds)),
            Median(runs.Select(r => r.NetAnalyzers.TotalMilliseconds)),
            runs.Min(r => r.Fencer.TotalMilliseconds),
            runs.Min(r => r.NetAnalyzers.TotalMilliseconds),
            corpus.Expected,
            found,
            last.NetAnalyzersDiagnostics,
            runs.Max(r => r.AnalyzerExceptions));
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <summary>Prints the table and the two goals of docs/design.md §8 "Cost" beside the figures.</summary>
internal static class ResultTable
{
    public const double RatioGoal = 0.02;
    public const double FlatnessGoal = 1.5;

    public static void Print(IReadOnlyList<SizeResult> rows, TextWriter output)
    {
        output.WriteLine("   lines | Fencer ms | NetAnalyzers ms | Fencer/NetAn | Fencer ms/1k lines | FEN001 exp/found | FEN002 exp/found | FEN003 exp/found | NetAn diags | AD0001");
        output.WriteLine("---------|-----------|-----------------|--------------|--------------------|------------------|------------------|------------------|-------------|-------");
        foreach (var r in rows)
        {
            output.WriteLine(
                $"{r.Lines,8:N0} | {r.FencerMs,9:F1} | {r.NetAnalyzersMs,15:F1} | {r.Ratio * 100,10:F2} % | {r.FencerPer1k,18:F3} | "
                + $"{Pair(r.Expected.Fen001, r.Found.Fen001),16} | {Pair(r.Expected.Fen002, r.Found.Fen002),16} | {Pair(r.Expected.Fen003, r.Found.Fen003),16} | {r.NetDiagnostics,11:N0} | {r.Exceptions,6}");
        }

        output.WriteLine();
        output.WriteLine("Fastest run of each (other load on the machine only ever adds time):");
        foreach (var r in rows)
        {
            output.WriteLine($"{r.Lines,8:N0} | Fencer {r.FencerMinMs,7:F1} ms | NetAnalyzers {r.NetAnalyzersMinMs,9:F1} ms | {r.FencerMinMs / r.NetAnalyzersMinMs * 100,5:F2} % | Fencer {r.FencerMinMs / (r.Lines / 1000.0),6:F3} ms/1k lines");
        }

        output.WriteLine();
        var worstRatio = rows.Max(r => r.Ratio);
        output.WriteLine($"Goal: Fencer <= {RatioGoal * 100:F0} % of NetAnalyzers      -> worst {worstRatio * 100:F2} %: {(worstRatio <= RatioGoal ? "MET" : "NOT MET")}");
        if (rows.Count > 1)
        {
            var flatness = rows.Max(r => r.FencerPer1k) / rows.Min(r => r.FencerPer1k);
            output.WriteLine($"Goal: per-1k-lines time flat within {FlatnessGoal:F1}x -> max/min {flatness:F2}x: {(flatness <= FlatnessGoal ? "MET" : "NOT MET")}");
        }

        var sane = rows.All(r => r.SanityOk);
        output.WriteLine($"Sanity: planted handshakes found exactly, no analyzer exceptions -> {(sane ? "OK" : "MISMATCH")}");
    }

    private static string Pair(int expected, int found) => $"{expected} / {found}{(expected == found ? string.Empty : " !")}";
}
