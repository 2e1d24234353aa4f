using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Fencer.Analyzer.Benchmarks;

/// <summary>
/// Command line: <c>--sizes 10000,50000,100000 --repeat 3 --seed 42 --profile</c> for generated corpora, or
/// <c>--source DIR [--exclude GLOB]... [--no-msbuild] [--repeat N] [--across]</c> for a real source tree; with <c>--fix-sweep
/// [--report default|audit]</c>, every offered fix applied to every finding of that tree instead of timing.
/// </summary>
internal sealed record BenchmarkOptions(IReadOnlyList<int> Sizes, int Repeat, int Seed, bool Profile)
{
    /// <summary>The real source tree to measure on (the real-code mode), or null for generated corpora.</summary>
    public string? Source { get; init; }

    public IReadOnlyList<string> Excludes { get; init; } = new List<string>();

    public bool NoMsBuild { get; init; }

    /// <summary>Apply every offered fix to every finding of the real tree (Running/FixSweep.cs) instead of timing.</summary>
    public bool FixSweep { get; init; }

    /// <summary>
    /// Real-code mode: also split Fencer's own time between the per-type analysis and the compilation-end analyses across
    /// types, timed inside the analyzer in runs of their own after the measured ones (the observer costs a little).
    /// </summary>
    public bool Across { get; init; }

    /// <summary><c>fencer.report</c> for the fix sweep (default or audit), or null for the tree's own setting.</summary>
    public string? Report { get; init; }

    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions(new[] { 10_000, 50_000, 100_000 }, 3, 42, false);
        var excludes = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--sizes" => options with { Sizes = Value().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() },
                "--repeat" => options with { Repeat = Math.Max(1, int.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--seed" => options with { Seed = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--profile" => options with { Profile = true },
                "--source" => options with { Source = Value() },
                "--exclude" => Add(options, excludes, Value()),
                "--no-msbuild" => options with { NoMsBuild = true },
                "--across" => options with { Across = true },
                "--fix-sweep" => options with { FixSweep = true },
                "--report" => options with { Report = Value() },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Usage: [--sizes 10000,50000,100000] [--repeat 3] [--seed 42] [--profile] | --source DIR [--exclude GLOB]... [--no-msbuild] [--repeat N] [--across] [--fix-sweep [--report default|audit]]"),
            };
        }

        return options with { Excludes = excludes };
    }

    private static BenchmarkOptions Add(BenchmarkOptions options, List<string> excludes, string glob)
    {
        excludes.Add(glob);
        return options;
    }
}
