using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Fencer.CodeFixes.Tests.Verifiers;
using Xunit;
using Verify = Fencer.CodeFixes.Tests.Verifiers.CSharpCodeFixVerifier<
    Fencer.Analyzer.Rules.StoreBufferHandshakeAnalyzer,
    Fencer.CodeFixes.FEN001FEN002HandshakeCodeFix>;

namespace Fencer.CodeFixes.Tests;

/// <summary>Fix All plans every diagnostic of its scope together: one fence per path, one rare side per handshake.</summary>
public class FixAllTests
{
    /// <summary>P0 stores two flags and then loads the two other flags: four halves, one fence after its last store covers all.</summary>
    private const string SharedSide = """
        using System.Threading;

        class C
        {
            volatile int a, b, c, d;
            int r0, r1, r2, r3;

            void P0()
            {
                a = 1;
                b = 1;
                if (c == 0) { r0 = 1; }
                if (d == 0) { r1 = 1; }
            }

            void P1()
            {
                c = 1;
                Interlocked.MemoryBarrier();
                if (a == 0) { r2 = 1; }
            }

            void P2()
            {
                d = 1;
                Interlocked.MemoryBarrier();
                if (b == 0) { r3 = 1; }
            }
        }
        """;

    [Fact]
    public async Task FixAll_FullFence_OneFenceWhereDiagnosticsShareASide()
    {
        var project = FixRunner.CreateProject(TestTarget.Net100WithRuntime, SharedSide);
        Assert.True((await FixRunner.DiagnosticsAsync(project)).Length >= 2);

        foreach (var scope in new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution })
        {
            var fixedProject = await FixRunner.FixAllAsync(project, FixKeys.FullFence, scope);
            var text = (await fixedProject.Documents.First().GetTextAsync()).ToString();
            Assert.Empty(await FixRunner.DiagnosticsAsync(fixedProject));
            Assert.Empty(await FixRunner.CompilerErrorsAsync(fixedProject));
            Assert.Equal(3, Regex.Matches(text, @"Interlocked\.MemoryBarrier\(\);").Count); // P1, P2 and one new in P0
            Assert.Contains("b = 1;\n        Interlocked.MemoryBarrier();\n        if (c == 0) { r0 = 1; }", text, System.StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task FixAll_Asymmetric_OneLightOnTheSharedHotSide_HeavyOnEachRareSide()
    {
        var project = FixRunner.CreateProject(TestTarget.Net100WithRuntime, SharedSide.Replace("volatile int", "int", System.StringComparison.Ordinal));
        var fixedProject = await FixRunner.FixAllAsync(project, FixKeys.Asymmetric, FixAllScope.Document);
        var text = (await fixedProject.Documents.First().GetTextAsync()).ToString();
        Assert.Empty(await FixRunner.DiagnosticsAsync(fixedProject));
        Assert.Empty(await FixRunner.CompilerErrorsAsync(fixedProject));
        Assert.Single(Regex.Matches(text, @"AsymmetricBarrier\.Light\(\);"));
        Assert.Equal(2, Regex.Matches(text, @"AsymmetricBarrier\.Heavy\(\);").Count);
        Assert.DoesNotContain("MemoryBarrier", text, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task FixAll_SeveralHandshakesInOneDocument()
    {
        var source = """
            using System.Threading;

            class A
            {
                int x, y, r0, r1;

                void P0()
                {
                    {|FEN001:x = 1|};
                    if (y == default) { r0 = 1; }
                }

                void P1()
                {
                    y = 1;
                    Interlocked.MemoryBarrier();
                    if (x == default) { r1 = 1; }
                }
            }

            class B
            {
                volatile bool f, g;
                bool s0, s1;

                void Q0()
                {
                    if ({|FEN002:f = true|})
                    {
                        if (g) { s0 = true; }
                    }
                }

                void Q1()
                {
                    {|FEN002:g = true|};
                    if (f) { s1 = true; }
                }
            }
            """;
        var fixedSource = """
            using System.Threading;

            class A
            {
                int x, y, r0, r1;

                void P0()
                {
                    x = 1;
                    Interlocked.MemoryBarrier();
                    if (y == default) { r0 = 1; }
                }

                void P1()
                {
                    y = 1;
                    Interlocked.MemoryBarrier();
                    if (x == default) { r1 = 1; }
                }
            }

            class B
            {
                volatile bool f, g;
                bool s0, s1;

                void Q0()
                {
                    if (f = true)
                    {
                        Interlocked.MemoryBarrier();
                        if (g) { s0 = true; }
                    }
                }

                void Q1()
                {
                    g = true;
                    Interlocked.MemoryBarrier();
                    if (f) { s1 = true; }
                }
            }
            """;
        var test = new Verify.Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = FixKeys.FullFence,
        };
        await test.RunAsync();
    }

    /// <summary>One handshake of each rule: FEN001 (one-sided), FEN002 (no fence), FEN003 (plain hot side).</summary>
    private static readonly string[] EachRule =
    {
        """
        using System.Threading;
        class OneSided
        {
            int x, y, r0, r1;
            void P0() { x = 1; if (y == 0) { r0 = 1; } }
            void P1() { y = 1; Interlocked.MemoryBarrier(); if (x == 0) { r1 = 1; } }
        }
        """,
        """
        class Unfenced
        {
            volatile int x, y;
            int r0, r1;
            void P0() { x = 1; if (y == 0) { r0 = 1; } }
            void P1() { y = 1; if (x == 0) { r1 = 1; } }
        }
        """,
        """
        using Fencer;
        class HotSide
        {
            int x, y, r0, r1;
            void P0() { x = 1; if (y == 0) { r0 = 1; } }
            void P1() { y = 1; AsymmetricBarrier.Heavy(); if (x == 0) { r1 = 1; } }
        }
        """,
    };

    [Theory]
    [InlineData("FEN001", "FEN002", "FEN003")]
    [InlineData("FEN003", "FEN002", "FEN001")]
    [InlineData("FEN002", "FEN003", "FEN001")]
    public async Task FixAll_AsDotnetFormatAsks_NoKeyMeansEachRulesDefault_InAnyRuleOrder(string first, string second, string third)
    {
        var project = FixRunner.CreateProject(TestTarget.Net100WithRuntime, EachRule);
        Assert.Equal(new[] { "FEN001", "FEN002", "FEN003" }, (await FixRunner.DiagnosticsAsync(project)).Select(d => d.Id).Distinct().OrderBy(id => id));

        foreach (var rule in new[] { first, second, third })
        {
            // The first diagnostic dotnet format looked at may be another rule's: the provider then offered nothing, and
            // the Fix All is asked with no key.
            var provider = FixRunner.Providers.Single(p => p.FixableDiagnosticIds.Contains(rule));
            project = await FixRunner.FormatStyleFixAllAsync(project, provider, key: null, rule);
            Assert.DoesNotContain(await FixRunner.DiagnosticsAsync(project), d => d.Id == rule);
        }

        Assert.Empty(await FixRunner.DiagnosticsAsync(project));
        Assert.Empty(await FixRunner.CompilerErrorsAsync(project));
        var text = string.Join("\n", await Task.WhenAll(project.Documents.Select(async d => (await d.GetTextAsync()).ToString())));
        Assert.Equal(3, Regex.Matches(text, @"Interlocked\.MemoryBarrier\(\)").Count - 1); // FEN001 and FEN002's two sides: full fences
        Assert.Contains("AsymmetricBarrier.Light();", text); // FEN003's default
    }

    [Fact]
    public async Task FixAll_Exchange_WhereTheStoreCannotBeAnExchange_TheRulesDefaultInstead()
    {
        const string source = """
            using System.Threading;

            class C
            {
                int x, y, r0, r1;

                void P0()
                {
                    x += 1;
                    if (y == 0) { r0 = 1; }
                }

                void P1()
                {
                    y = 1;
                    Interlocked.MemoryBarrier();
                    if (x == 0) { r1 = 1; }
                }
            }
            """;
        var project = FixRunner.CreateProject(TestTarget.Net100WithRuntime, source);
        var diagnostic = Assert.Single(await FixRunner.DiagnosticsAsync(project));
        Assert.DoesNotContain(await FixRunner.ActionsAsync(project, diagnostic), a => a.EquivalenceKey == FixKeys.Exchange);

        var fixedProject = await FixRunner.FixAllAsync(project, FixKeys.Exchange, FixAllScope.Document);

        Assert.Empty(await FixRunner.DiagnosticsAsync(fixedProject));
        Assert.Empty(await FixRunner.CompilerErrorsAsync(fixedProject));
        var text = (await fixedProject.Documents.First().GetTextAsync()).ToString();
        Assert.Equal(2, Regex.Matches(text, @"Interlocked\.MemoryBarrier\(\)").Count);
    }
}
