using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Fencer.CodeFixes.Tests.Verifiers;
using Xunit;
using Verify = Fencer.CodeFixes.Tests.Verifiers.CSharpCodeFixVerifier<
    Fencer.Analyzer.Rules.StoreBufferHandshakeAnalyzer,
    Fencer.CodeFixes.FEN001FEN002FullFenceCodeFix>;

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
                r0 = c;
                r1 = d;
            }

            void P1()
            {
                c = 1;
                Interlocked.MemoryBarrier();
                r2 = a;
            }

            void P2()
            {
                d = 1;
                Interlocked.MemoryBarrier();
                r3 = b;
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
            Assert.Contains("b = 1;\n        Interlocked.MemoryBarrier();\n        r0 = c;", text, System.StringComparison.Ordinal);
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
                    r0 = y;
                }

                void P1()
                {
                    y = 1;
                    Interlocked.MemoryBarrier();
                    r1 = x;
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
                        s0 = g;
                    }
                }

                void Q1()
                {
                    {|FEN002:g = true|};
                    s1 = f;
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
                    r0 = y;
                }

                void P1()
                {
                    y = 1;
                    Interlocked.MemoryBarrier();
                    r1 = x;
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
                        s0 = g;
                    }
                }

                void Q1()
                {
                    g = true;
                    Interlocked.MemoryBarrier();
                    s1 = f;
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
}
