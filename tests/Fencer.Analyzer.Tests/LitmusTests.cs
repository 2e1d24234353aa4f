using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Fencer.Analyzer.Tests.Verifiers;
using Xunit;

namespace Fencer.Analyzer.Tests;

/// <summary>
/// The analyzer agrees with herd7 on the litmus tests in tests/Litmus (the project's copy of the suite, headers intact): for the SB and R
/// shapes of the kernel set and every seed file, flagged exactly when the outcome is allowed (and the rule on the
/// seed file's expect line fires); every other file stays silent for FEN001-FEN003.
/// </summary>
public class LitmusTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Litmus");
    private static readonly string[] StoreBufferRules = { "FEN001", "FEN002", "FEN003" };

    public static IEnumerable<object[]> Files() =>
        Directory.EnumerateFiles(Root, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => new object[] { f });

    [Fact]
    public void LitmusData_IsPresent()
    {
        var files = Files().Select(f => (string)f[0]).ToList();
        Assert.Contains("SB_poonceonces.cs", files);
        Assert.Contains("seed/SB_fence_one_side.cs", files);
        Assert.True(files.Count(f => f.StartsWith("seed/", StringComparison.Ordinal)) >= 15, "seed files missing");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Analyzer_AgreesWithHerd(string file)
    {
        var text = File.ReadAllText(Path.Combine(Root, file));
        var header = Regex.Match(text, @"^// litmus: (?<name>\S+).*Result: (?<result>Sometimes|Never)", RegexOptions.Multiline);
        Assert.True(header.Success, "no litmus header in " + file);
        var sometimes = header.Groups["result"].Value == "Sometimes";
        var expect = Regex.Match(text, @"^// expect: (?<rule>\S+)", RegexOptions.Multiline);
        var isSeed = file.StartsWith("seed/", StringComparison.Ordinal);
        var judged = isSeed || Shape(file) is "SB" or "R";

        var compilation = AnalyzerRunner.Compile(text);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(compilation);
        Assert.Empty(exceptions);
        var fired = diagnostics.Where(d => StoreBufferRules.Contains(d.Id)).ToList();
        var summary = string.Join("; ", fired.Select(d => $"{d.Id} {d.GetMessage()} at {d.Location.GetLineSpan().StartLinePosition}"));

        if (!judged || !sometimes)
        {
            Assert.True(fired.Count == 0, $"{file} ({header.Groups["result"].Value}) should be silent, got: {summary}");
            return;
        }

        Assert.True(fired.Count > 0, $"{file} is Sometimes but Fencer is silent");
        if (expect.Success && expect.Groups["rule"].Value != "none")
        {
            Assert.True(fired.Any(d => d.Id == expect.Groups["rule"].Value), $"{file} expects {expect.Groups["rule"].Value}, got: {summary}");
        }
    }

    [Fact]
    public void SeedFiles_ExpectNone_ExactlyWhenNever()
    {
        foreach (var path in Directory.EnumerateFiles(Path.Combine(Root, "seed"), "*.cs"))
        {
            var text = File.ReadAllText(path);
            var never = text.Contains("Result: Never", StringComparison.Ordinal);
            var none = text.Contains("// expect: none", StringComparison.Ordinal);
            Assert.True(never == none, Path.GetFileName(path) + ": expect line disagrees with the herd7 result");
        }
    }

    private static string? Shape(string file)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "manifest.json")));
        foreach (var entry in manifest.RootElement.EnumerateArray())
        {
            if (entry.GetProperty("file").GetString() == file)
            {
                return entry.GetProperty("shape").GetString();
            }
        }

        return null;
    }
}
