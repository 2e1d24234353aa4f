using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Fencer.CodeFixes.Tests.Verifiers;
using Xunit;

namespace Fencer.CodeFixes.Tests;

/// <summary>
/// Every flagged seed litmus file (expect: FEN00x), and every kernel SB or R test herd7 says is Sometimes, becomes silent after each alternative its rule offers, applied with
/// Fix All and then, for what is left, one fix at a time; the result compiles. With Fencer.Runtime (the stub) and,
/// where the file does not call AsymmetricBarrier itself, without it.
/// </summary>
public class LitmusFixTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Litmus");

    public static IEnumerable<object[]> Cases()
    {
        foreach (var path in Directory.EnumerateFiles(Root, "*.cs", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal))
        {
            var text = File.ReadAllText(path);
            var expect = Regex.Match(text, @"^// expect: (?<rule>\S+)", RegexOptions.Multiline);
            var sometimes = text.Contains("Result: Sometimes", StringComparison.Ordinal);
            var rule = expect.Success ? expect.Groups["rule"].Value : sometimes ? "FEN001" : "none";
            var keys = rule switch
            {
                "FEN001" or "FEN002" => new[] { FixKeys.FullFence, FixKeys.Exchange, FixKeys.Asymmetric },
                "FEN003" => new[] { FixKeys.Light },
                _ => Array.Empty<string>(),
            };
            var usesRuntime = text.Contains("AsymmetricBarrier.", StringComparison.Ordinal);
            foreach (var key in keys)
            {
                var file = Path.GetRelativePath(Root, path).Replace('\\', '/');
                yield return new object[] { file, key, true };
                if (!usesRuntime)
                {
                    yield return new object[] { file, key, false };
                }
            }
        }
    }

    [Fact]
    public void SeedFiles_ArePresent() =>
        Assert.True(Cases().Count() >= 20, "the flagged seed litmus files were not copied to the output");

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task FlaggedSeed_IsSilentAfterFix(string file, string key, bool withRuntime)
    {
        var text = File.ReadAllText(Path.Combine(Root, file));
        if (!withRuntime)
        {
            text = text.Replace("using Fencer;\n", "", StringComparison.Ordinal);
        }

        var project = FixRunner.CreateProject(withRuntime ? TestTarget.Net100WithRuntime : TestTarget.Net100, text);
        var before = await FixRunner.DiagnosticsAsync(project);
        Assert.NotEmpty(before);

        project = await FixRunner.FixAllAsync(project, key, Microsoft.CodeAnalysis.CodeFixes.FixAllScope.Document);
        for (var round = 0; round < 4; round++)
        {
            var remaining = await FixRunner.DiagnosticsAsync(project);
            var next = await FirstOfferedAsync(project, remaining, key);
            if (next is null)
            {
                break;
            }

            project = (await FixRunner.ApplyAsync(next)).GetProject(project.Id)!;
        }

        var after = await FixRunner.DiagnosticsAsync(project);
        var fixedText = (await project.Documents.First().GetTextAsync()).ToString();
        Assert.True(
            (await FixRunner.CompilerErrorsAsync(project)).Count == 0,
            $"{file} does not compile after {key}:\n{string.Join("\n", await FixRunner.CompilerErrorsAsync(project))}\n{fixedText}");

        if (key == FixKeys.Exchange)
        {
            // Exchange is offered only for a store statement `f = v;` or `Volatile.Write(ref f, v);`: what stays
            // flagged must be a store it cannot rewrite (a store inside a lock's block is one it can).
            foreach (var diagnostic in after)
            {
                Assert.DoesNotContain(await FixRunner.ActionsAsync(project, diagnostic), a => a.EquivalenceKey == key);
            }

            Assert.True(after.Length < before.Length, $"{file}: Exchange fixed nothing\n{fixedText}");
            return;
        }

        Assert.True(after.IsEmpty, $"{file} still flagged after {key}: {string.Join("; ", after.Select(d => d.GetMessage()))}\n{fixedText}");
    }

    private static async Task<Microsoft.CodeAnalysis.CodeActions.CodeAction?> FirstOfferedAsync(Project project, IEnumerable<Diagnostic> diagnostics, string key)
    {
        foreach (var diagnostic in diagnostics)
        {
            if ((await FixRunner.ActionsAsync(project, diagnostic)).FirstOrDefault(a => a.EquivalenceKey == key) is { } action)
            {
                return action;
            }
        }

        return null;
    }
}
