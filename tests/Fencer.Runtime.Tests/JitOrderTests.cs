using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Fencer.Tests.Shared;
using Xunit;

namespace Fencer.Runtime.Tests;

/// <summary>
/// What the asymmetric handshake relies on, read in the code RyuJIT emits (docs/runtime.md, "What Light() relies
/// on"). <c>Light()</c> is a volatile read of a flag and a fence when the flag is set. The .NET memory model makes a
/// volatile read an acquire, which keeps later accesses after it but promises nothing for an earlier plain store; the
/// hot side <c>x = 1; Light(); r = y;</c> relies on RyuJIT not moving a store below a volatile read. Here the JIT's own
/// disassembly (tier 1 and full optimization, x64) of the hot sides in tests/Fencer.JitProbe — field and static
/// accesses, in a loop, through inlined helpers — must show the store emitted before the flag's read and the load
/// after it, and the only fence instruction on a block the flag's test jumps over, so that with membarrier in use no
/// fence executes.
/// </summary>
public class JitOrderTests
{
    private static readonly string[] Methods = { "Field", "Static", "Loop", "Inlined" };

    [Theory]
    [InlineData("FullOpts")]
    [InlineData("Tier1")]
    public void HotSide_StoreBeforeTheFlagRead_LoadAfterIt_FenceSkippedUnlessTheFlagIsSet(string tier)
    {
        Assert.True(RuntimeInformation.ProcessArchitecture == Architecture.X64,
            "this check reads x64 disassembly; on another architecture it must be extended before it can say anything");
        var (listings, mechanism) = Disassemble(tier);

        foreach (var method in Methods)
        {
            Assert.True(listings.TryGetValue(method, out var code), $"no {tier} listing of HotSides.{method} in:\n{string.Join("\n", listings.Keys)}");
            var lines = code!;
            var store = lines.FindIndex(l => Regex.IsMatch(l, @"^mov\s+dword ptr \[[^\]]+\], (1|e\w+|r\w+d)$"));
            var flagRead = lines.FindIndex(l => Regex.IsMatch(l, @"^cmp\s+dword ptr \[[^\]]+\], 0$"));
            var load = lines.FindLastIndex(l => Regex.IsMatch(l, @"^(mov|add)\s+e\w+, dword ptr \[[^\]]+\]$"));
            var listing = string.Join("\n", lines);
            Assert.True(store >= 0 && flagRead >= 0 && load >= 0, $"{method} ({tier}): store, flag read or load not found:\n{listing}");
            Assert.True(store < flagRead && flagRead < load, $"{method} ({tier}): the store must come before Light()'s flag read and the load after it:\n{listing}");

            // The fence (lock or / mfence) sits on a block the conditional jump after the flag read skips.
            var jump = lines.FindIndex(flagRead, l => Regex.IsMatch(l, @"^j\w+\s+(SHORT )?G_M\d+_IG\d+$"));
            Assert.True(jump == flagRead + 1, $"{method} ({tier}): no conditional jump right after the flag read:\n{listing}");
            var target = lines[jump].Split(' ', StringSplitOptions.RemoveEmptyEntries).Last();
            var targetLine = lines.FindIndex(l => l.StartsWith(target + ":", StringComparison.Ordinal));
            var fences = Enumerable.Range(0, lines.Count).Where(i => lines[i] is "lock" || lines[i].StartsWith("mfence", StringComparison.Ordinal)).ToList();
            Assert.True(fences.Count == 1, $"{method} ({tier}): expected one fence instruction (Light()'s fallback), found {fences.Count}:\n{listing}");
            Assert.True(fences[0] > jump && fences[0] < targetLine && targetLine < load + 1,
                $"{method} ({tier}): the fence must lie between the jump and its target, which the load follows:\n{listing}");
        }

        // On this machine the runtime uses membarrier: the flag is 0 and the fence block never runs.
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal("Membarrier", mechanism);
        }
    }

    /// <summary>
    /// A volatile read whose value is used is compiler order for the stores before it (docs/design.md §2), which the
    /// analyzer counts and the fixes write without Fencer.Runtime: in the generated code each store comes before every
    /// load of the method (and, x64 being TSO, no fence is needed or emitted).
    /// </summary>
    [Theory]
    [InlineData("FullOpts")]
    [InlineData("Tier1")]
    public void VolatileRead_KeepsTheStoreBeforeIt(string tier)
    {
        Assert.True(RuntimeInformation.ProcessArchitecture == Architecture.X64,
            "this check reads x64 disassembly; on another architecture it must be extended before it can say anything");
        var (listings, _) = Disassemble(tier);
        foreach (var method in new[] { "PlainThenVolatileRead", "VolatileChain", "VolatileReadInLoop" })
        {
            Assert.True(listings.TryGetValue(method, out var code), $"no {tier} listing of VolatileSides.{method} in:\n{string.Join("\n", listings.Keys)}");
            var lines = code!;
            var listing = string.Join("\n", lines);
            var stores = Enumerable.Range(0, lines.Count).Where(i => Regex.IsMatch(lines[i], @"^mov\s+dword ptr \[[^\]]+\], (1|e\w+|r\w+d)$")).ToList();
            var loads = Enumerable.Range(0, lines.Count).Where(i => Regex.IsMatch(lines[i], @"^(mov|add)\s+e\w+, dword ptr \[[^\]]+\]$")).ToList();
            Assert.True(stores.Count == 1 && loads.Count > 0, $"{method} ({tier}): expected one store and a load:\n{listing}");
            Assert.True(stores[0] < loads.Min(), $"{method} ({tier}): the store must come before every load:\n{listing}");
            Assert.DoesNotContain(lines, l => l is "lock" || l.StartsWith("mfence", StringComparison.Ordinal));
        }
    }

    /// <summary>Runs the probe with the JIT's disassembly of the hot sides written to a file; the listings of the asked tier, by method.</summary>
    private static (Dictionary<string, List<string>> Listings, string Mechanism) Disassemble(string tier)
    {
        var probe = Path.Combine(RepositoryLayout.Root, "tests", "Fencer.JitProbe", "bin", RepositoryLayout.Configuration, "net10.0", "Fencer.JitProbe.dll");
        Assert.True(File.Exists(probe), $"the probe was not built: {probe}");
        var output = Path.Combine(Path.GetTempPath(), $"fencer-jit-{Guid.NewGuid():N}.txt");
        var start = new ProcessStartInfo("dotnet", $"\"{probe}\"") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["DOTNET_JitDisasm"] = "HotSides:* VolatileSides:*";
        start.Environment["DOTNET_JitStdOutFile"] = output;
        start.Environment["DOTNET_JitDisasmDiffable"] = "1";
        start.Environment["DOTNET_TieredPGO"] = "0";
        if (tier == "FullOpts")
        {
            start.Environment["DOTNET_TieredCompilation"] = "0";
        }
        else
        {
            start.Environment["DOTNET_TC_CallCountingDelayMs"] = "0";
        }

        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEnd();
            var stderr = process.StandardError.ReadToEnd();
            Assert.True(process.WaitForExit(120_000), "the probe did not finish");
            Assert.True(process.ExitCode == 0, $"the probe failed ({process.ExitCode}):\n{stdout}\n{stderr}");
            var mechanism = stdout.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("mechanism ", StringComparison.Ordinal))?.Substring("mechanism ".Length) ?? "";
            return (Parse(File.ReadAllLines(output), tier), mechanism);
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>Splits the listing file by method ("; Assembly listing for method HotSides:Field(Probe):int (Tier1)"), keeping instructions and labels.</summary>
    private static Dictionary<string, List<string>> Parse(IEnumerable<string> file, string tier)
    {
        var listings = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (var raw in file)
        {
            var header = Regex.Match(raw, @"^; Assembly listing for method (?:HotSides|VolatileSides):(\w+)\(.*\((\w+)\)$");
            if (header.Success)
            {
                current = header.Groups[2].Value == tier ? listings[header.Groups[1].Value] = new List<string>() : null;
                continue;
            }

            var line = Regex.Replace(raw.Split(";;")[0].Trim(), @"\s+", " ");
            if (current is not null && line.Length > 0 && !line.StartsWith(';'))
            {
                current.Add(line);
            }
        }

        return listings;
    }
}
