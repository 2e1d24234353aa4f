using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Fencer.Analyzer.Benchmarks;

/// <summary>Command line: <c>--sizes 10000,50000,100000 --repeat 3 --seed 42 --profile</c>.</summary>
internal sealed record BenchmarkOptions(IReadOnlyList<int> Sizes, int Repeat, int Seed, bool Profile)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions(new[] { 10_000, 50_000, 100_000 }, 3, 42, false);
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--sizes" => options with { Sizes = Value().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() },
                "--repeat" => options with { Repeat = Math.Max(1, int.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--seed" => options with { Seed = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--profile" => options with { Profile = true },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Usage: [--sizes 10000,50000,100000] [--repeat 3] [--seed 42] [--profile]"),
            };
        }

        return options;
    }
}
