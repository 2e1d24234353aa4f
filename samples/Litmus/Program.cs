using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Fencer;
using Fencer.Litmus;

// Store-buffer litmus test: W x; R y || W y; R x. Prints, per variant, how often the outcome forbidden by
// sequential consistency (r1 == 0 && r2 == 0) was observed, and the time per round.
//
//   dotnet run -c Release --project samples/Litmus [-- --rounds N] [--variant NAME[,NAME...]] [--delay N]
//
// Variants: volatile, one-sided, both, heavy-light, heavy-volatile, all (default).
// Default rounds: 1,000,000 for the fence variants, 50,000 for the two asymmetric ones
// (each Heavy() interrupts the other CPU: tens of microseconds per round). --delay sets the spread of the
// start-time jitter between the two threads (default 512 spin iterations; see StoreBufferLitmus).
var variantNames = new Dictionary<string, StoreBufferVariant>(StringComparer.OrdinalIgnoreCase)
{
    ["volatile"] = StoreBufferVariant.VolatileOnly,
    ["one-sided"] = StoreBufferVariant.FenceOneSide,
    ["both"] = StoreBufferVariant.FencesBothSides,
    ["heavy-light"] = StoreBufferVariant.HeavyLight,
    ["heavy-volatile"] = StoreBufferVariant.HeavyVolatile,
};
var descriptions = new Dictionary<StoreBufferVariant, string>
{
    [StoreBufferVariant.VolatileOnly] = "volatile only",
    [StoreBufferVariant.FenceOneSide] = "fence on one side",
    [StoreBufferVariant.FencesBothSides] = "fences on both sides",
    [StoreBufferVariant.HeavyLight] = "asymmetric: Heavy + Light",
    [StoreBufferVariant.HeavyVolatile] = "asymmetric: Heavy + volatile",
};

long? rounds = null;
int delaySpread = StoreBufferLitmus.DefaultDelaySpread;
var selected = new List<StoreBufferVariant>();
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--rounds" when i + 1 < args.Length && long.TryParse(args[i + 1], NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out long n) && n > 0:
            rounds = n;
            i++;
            break;
        case "--delay" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int d) && d > 0:
            delaySpread = d;
            i++;
            break;
        case "--variant" when i + 1 < args.Length:
            foreach (string name in args[++i].Split(','))
            {
                if (name.Equals("all", StringComparison.OrdinalIgnoreCase))
                {
                    selected.AddRange(variantNames.Values);
                }
                else if (variantNames.TryGetValue(name.Trim(), out var variant))
                {
                    selected.Add(variant);
                }
                else
                {
                    return Usage($"unknown variant '{name}'");
                }
            }

            break;
        case "-h" or "--help":
            return Usage(null);
        default:
            return Usage($"unrecognized argument '{args[i]}'");
    }
}

if (selected.Count == 0)
{
    selected.AddRange(variantNames.Values);
}

Console.WriteLine($"AsymmetricBarrier.Mechanism = {AsymmetricBarrier.Mechanism}; {Environment.ProcessorCount} processors; {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
if (Environment.ProcessorCount < 2)
{
    Console.WriteLine("warning: one processor: the two threads never run at the same time, so no reordering can be observed.");
}

var results = new List<StoreBufferResult>();
foreach (var variant in selected.Distinct())
{
    bool heavy = variant is StoreBufferVariant.HeavyLight or StoreBufferVariant.HeavyVolatile;
    long n = rounds ?? (heavy ? 50_000 : 1_000_000);
    Console.Write($"{descriptions[variant],-30} ");
    int lastTenth = 0;
    var result = StoreBufferLitmus.Run(variant, n, done =>
    {
        int tenth = (int)(done * 10 / n);
        for (; lastTenth < tenth; lastTenth++)
        {
            Console.Write('.');
        }
    }, delaySpread);
    Console.WriteLine($" {result.Forbidden} forbidden of {result.Rounds:N0} ({result.ForbiddenPerMillion:N1} per million), {result.NanosecondsPerRound:N0} ns/round; " +
        $"outcomes 00={result.Outcomes[0]} 01={result.Outcomes[1]} 10={result.Outcomes[2]} 11={result.Outcomes[3]}");
    results.Add(result);
}

Console.WriteLine();
Console.WriteLine($"| {"variant",-30} | {"rounds",12} | {"forbidden",10} | {"per million",12} | {"ns/round",10} | {"expected",-10} |");
Console.WriteLine($"|{new string('-', 32)}|{new string('-', 14)}|{new string('-', 12)}|{new string('-', 14)}|{new string('-', 12)}|{new string('-', 12)}|");
foreach (var r in results)
{
    string expected = r.Variant is StoreBufferVariant.VolatileOnly or StoreBufferVariant.FenceOneSide ? "allowed" : "forbidden";
    Console.WriteLine($"| {descriptions[r.Variant],-30} | {r.Rounds,12:N0} | {r.Forbidden,10:N0} | {r.ForbiddenPerMillion,12:N1} | {r.NanosecondsPerRound,10:N0} | {expected,-10} |");
}

// Exit code 1 if a variant that must forbid (0, 0) showed it: the barrier would be broken.
return results.Any(r => r.Forbidden > 0 && r.Variant is not (StoreBufferVariant.VolatileOnly or StoreBufferVariant.FenceOneSide)) ? 1 : 0;

static int Usage(string? error)
{
    if (error is not null)
    {
        Console.Error.WriteLine(error);
    }

    Console.Error.WriteLine("usage: Fencer.Litmus [--rounds N] [--variant volatile|one-sided|both|heavy-light|heavy-volatile|all[,...]] [--delay N]");
    return error is null ? 0 : 2;
}
