using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Fencer.CodeFixes.Tests.Verifiers;
using Fencer.Tests.Shared;
using Xunit;

namespace Fencer.CodeFixes.Tests;

/// <summary>
/// Every source the analyzer's unit tests analyse (their raw string literals, read as data) is fixed with every fix
/// offered for every finding, and with Fix All of every alternative: the code still compiles, the finding is gone, and no
/// finding appears that was not there before (docs/design.md §10). The fixes were first checked only on their own tests.
/// </summary>
public class FixEveryAnalyzerTestTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "AnalyzerTests");

    [Fact]
    public void AnalyzerTestSources_AreRead() =>
        Assert.True(Sources().Count() >= 100, $"the analyzer tests' sources were not found in {Root}");

    [Fact]
    public async Task EveryOfferedFix_OfEveryFinding_CompilesRemovesItAndAddsNone()
    {
        var failures = new List<string>();
        var fixes = 0;
        var findings = 0;
        var sources = 0;
        var broken = new List<string>();
        foreach (var (origin, source) in Sources())
        {
            sources++;
            var project = FixRunner.CreateProject(TestTarget.Net100WithRuntime, source);
            if ((await FixRunner.CompilerErrorsAsync(project)).FirstOrDefault() is { } error)
            {
                broken.Add($"{origin}: {error}");
                continue; // one file of a multi-file test, or a deliberately broken one: nothing to fix here
            }

            var before = await FixRunner.DiagnosticsAsync(project);
            var beforeIds = FixOutcome.Identities(before);
            foreach (var diagnostic in before)
            {
                findings++;
                foreach (var action in await FixRunner.ActionsAsync(project, diagnostic))
                {
                    fixes++;
                    var fixedProject = (await FixRunner.ApplyAsync(action)).GetProject(project.Id)!;
                    var problem = await ProblemAsync(fixedProject, beforeIds, new[] { FixOutcome.Identity(diagnostic) });
                    if (problem is not null)
                    {
                        failures.Add($"{origin}: {action.EquivalenceKey} on {diagnostic.Id} at {FixOutcome.Identity(diagnostic)}: {problem}\n{await TextAsync(fixedProject)}");
                    }
                }
            }

            foreach (var key in new[] { FixKeys.FullFence, FixKeys.Exchange, FixKeys.Asymmetric, FixKeys.Light })
            {
                var provider = FixRunner.ProviderFor(key);
                var fixable = before.Where(d => provider.FixableDiagnosticIds.Contains(d.Id)).ToList();
                if (fixable.Count == 0)
                {
                    continue;
                }

                var fixedProject = await FixRunner.FixAllAsync(project, key, FixAllScope.Document);
                var problem = await ProblemAsync(fixedProject, beforeIds, fixable.Select(FixOutcome.Identity).ToList());
                if (problem is not null)
                {
                    failures.Add($"{origin}: Fix All {key}: {problem}\n{await TextAsync(fixedProject)}");
                }
            }
        }

        Assert.True(findings >= 60, $"only {findings} findings in {sources} sources of the analyzer tests ({broken.Count} do not compile alone:\n{string.Join("\n", broken.Take(30))})");
        Assert.True(failures.Count == 0, $"{failures.Count} of {fixes} fixes (and the Fix Alls) failed:\n\n" + string.Join("\n\n", failures.Take(8)));
    }

    /// <summary>What is wrong after a fix: a compile error, a fixed finding still there, or a finding that was not there before.</summary>
    private static async Task<string?> ProblemAsync(Project fixedProject, ISet<string> before, IReadOnlyCollection<string> fixedOnes)
    {
        var errors = await FixRunner.CompilerErrorsAsync(fixedProject);
        if (errors.Count > 0)
        {
            return "does not compile: " + string.Join("; ", errors.Take(3));
        }

        return FixOutcome.Problem(await FixRunner.DiagnosticsAsync(fixedProject), before, fixedOnes);
    }

    private static async Task<string> TextAsync(Project project) => (await project.Documents.First().GetTextAsync()).ToString();

    /// <summary>Each raw string literal of the analyzer tests that holds a type declaration, with its test markup removed.</summary>
    private static IEnumerable<(string Origin, string Source)> Sources()
    {
        foreach (var file in Directory.EnumerateFiles(Root, "*.cs").OrderBy(f => f, StringComparer.Ordinal))
        {
            var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(file));
            foreach (var literal in tree.GetRoot().DescendantNodes().OfType<LiteralExpressionSyntax>())
            {
                if (!literal.Token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken) || literal.Token.ValueText is not { } text
                    || !(text.Contains("class ", StringComparison.Ordinal) || text.Contains("struct ", StringComparison.Ordinal)))
                {
                    continue;
                }

                var line = literal.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                yield return ($"{Path.GetFileName(file)}:{line}", WithoutMarkup(text));
            }
        }
    }

    /// <summary>Removes the testing library's markup: <c>{|ID:code|}</c>, <c>[|code|]</c>, <c>$$</c>.</summary>
    private static string WithoutMarkup(string text)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '{' && i + 1 < text.Length && text[i + 1] == '|')
            {
                var colon = text.IndexOf(':', i);
                i = colon; // skip "{|ID:"
                continue;
            }

            if (text[i] == '|' && i + 1 < text.Length && (text[i + 1] == '}' || text[i + 1] == ']') && (i == 0 || text[i - 1] != '|'))
            {
                i++;
                continue;
            }

            if (text[i] == '[' && i + 1 < text.Length && text[i + 1] == '|')
            {
                i++;
                continue;
            }

            result.Append(text[i]);
        }

        return result.ToString();
    }
}
