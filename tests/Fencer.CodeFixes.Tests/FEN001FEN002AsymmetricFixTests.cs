using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = Fencer.CodeFixes.Tests.Verifiers.CSharpCodeFixVerifier<
    Fencer.Analyzer.Rules.StoreBufferHandshakeAnalyzer,
    Fencer.CodeFixes.FEN001FEN002HandshakeCodeFix>;

namespace Fencer.CodeFixes.Tests;

/// <summary>"Make it asymmetric": the process-wide barrier on the other side, compiler order on this side.</summary>
public class FEN001FEN002AsymmetricFixTests
{
    [Fact]
    public async Task Asymmetric_ReplacesOtherFence_AndAddsLightHere_WithImport()
    {
        var source = """
            using System.Threading;

            class C
            {
                int x, y, r0, r1;

                void P0()
                {
                    {|FEN001:x = 1|};
                    if (y == default) { r0 = 1; }
                }

                void Drain()
                {
                    y = 1;
                    Interlocked.MemoryBarrier(); // the rare side
                    if (x == default) { r1 = 1; }
                }
            }
            """;
        var fixedSource = """
            using System.Threading;
            using Fencer;

            class C
            {
                int x, y, r0, r1;

                void P0()
                {
                    x = 1;
                    AsymmetricBarrier.Light();
                    if (y == default) { r0 = 1; }
                }

                void Drain()
                {
                    y = 1;
                    AsymmetricBarrier.Heavy(); // the rare side
                    if (x == default) { r1 = 1; }
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, FixKeys.Asymmetric);
    }

    [Fact]
    public async Task Asymmetric_AfterOtherSidesExchange_AndLeavesVolatileSideAlone()
    {
        var source = """
            using System.Threading;

            class C
            {
                int x, y, r0, r1;

                void P0()
                {
                    {|FEN001:Volatile.Write(ref x, 1)|};
                    if (Volatile.Read(ref y) == default) { r0 = 1; }
                }

                void P1()
                {
                    Interlocked.Exchange(ref y, 1);
                    if (Volatile.Read(ref x) == default) { r1 = 1; }
                }
            }
            """;
        var fixedSource = """
            using System.Threading;
            using Fencer;

            class C
            {
                int x, y, r0, r1;

                void P0()
                {
                    Volatile.Write(ref x, 1);
                    if (Volatile.Read(ref y) == default) { r0 = 1; }
                }

                void P1()
                {
                    Interlocked.Exchange(ref y, 1);
                    AsymmetricBarrier.Heavy();
                    if (Volatile.Read(ref x) == default) { r1 = 1; }
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, FixKeys.Asymmetric);
    }

    [Fact]
    public async Task Asymmetric_WithoutRuntime_UsesProcessWideBarrier_AndVolatileAccesses()
    {
        var source = """
            using System.Threading;

            class C
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
                    Thread.MemoryBarrier();
                    if (x == default) { r1 = 1; }
                }
            }
            """;
        var fixedSource = """
            using System.Threading;

            class C
            {
                int x, y, r0, r1;

                void P0()
                {
                    Volatile.Write(ref x, 1);
                    if (Volatile.Read(ref y) == default) { r0 = 1; }
                }

                void P1()
                {
                    y = 1;
                    Interlocked.MemoryBarrierProcessWide();
                    if (x == default) { r1 = 1; }
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, FixKeys.Asymmetric, withRuntime: false);
    }

    [Fact]
    public async Task Asymmetric_UnfencedHandshake_InsertsHeavyOnOtherSide_FixAllMakesOneSideRare()
    {
        var source = """
            using System.Threading;

            class C
            {
                volatile int x, y;
                int r0, r1;

                void P0()
                {
                    {|FEN002:x = 1|};
                    if (y == default) { r0 = 1; }
                }

                void P1()
                {
                    {|FEN002:y = 1|};
                    if (x == default) { r1 = 1; }
                }
            }
            """;
        var fixedSource = """
            using System.Threading;
            using Fencer;

            class C
            {
                volatile int x, y;
                int r0, r1;

                void P0()
                {
                    x = 1;
                    if (y == default) { r0 = 1; }
                }

                void P1()
                {
                    y = 1;
                    AsymmetricBarrier.Heavy();
                    if (x == default) { r1 = 1; }
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, FixKeys.Asymmetric);
    }

    [Fact]
    public async Task Asymmetric_PartialClassAcrossTwoFiles_ChangesBothDocuments()
    {
        var test = new Verify.Test
        {
            CodeActionEquivalenceKey = FixKeys.Asymmetric,
            TestState =
            {
                Sources =
                {
                    ("Hot.cs", """
                        using System.Threading;

                        partial class Channel
                        {
                            int x, r0;

                            public void Post()
                            {
                                {|FEN001:x = 1|};
                                if (y == default) { r0 = 1; }
                            }
                        }
                        """),
                    ("Rare.cs", """
                        using System.Threading;

                        partial class Channel
                        {
                            int y, r1;

                            public void Drain()
                            {
                                y = 1;
                                Interlocked.MemoryBarrier();
                                if (x == default) { r1 = 1; }
                            }
                        }
                        """),
                },
            },
            FixedState =
            {
                Sources =
                {
                    ("Hot.cs", """
                        using System.Threading;
                        using Fencer;

                        partial class Channel
                        {
                            int x, r0;

                            public void Post()
                            {
                                x = 1;
                                AsymmetricBarrier.Light();
                                if (y == default) { r0 = 1; }
                            }
                        }
                        """),
                    ("Rare.cs", """
                        using System.Threading;
                        using Fencer;

                        partial class Channel
                        {
                            int y, r1;

                            public void Drain()
                            {
                                y = 1;
                                AsymmetricBarrier.Heavy();
                                if (x == default) { r1 = 1; }
                            }
                        }
                        """),
                },
            },
        };
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Asymmetric_EveryPartnerOfTheDiagnostic_GetsTheHeavyBarrier()
    {
        // A's store of _x closes a handshake with B and one with C (both fenced): a light barrier in A orders nothing
        // against a partner that keeps an ordinary fence, so both become the rare side.
        const string source = """
            using System.Threading;

            class C
            {
                int x, y, r0, r1, r2;

                void A()
                {
                    x = 1;
                    if (y == 0) { r0 = 1; }
                }

                void B()
                {
                    y = 1;
                    Interlocked.MemoryBarrier();
                    if (x == 0) { r1 = 1; }
                }

                void C2()
                {
                    y = 2;
                    Interlocked.MemoryBarrier();
                    if (x == 0) { r2 = 1; }
                }
            }
            """;
        var project = Verifiers.FixRunner.CreateProject(Verifiers.TestTarget.Net100WithRuntime, source);
        var diagnostic = Assert.Single(await Verifiers.FixRunner.DiagnosticsAsync(project));
        var action = Assert.Single(await Verifiers.FixRunner.ActionsAsync(project, diagnostic), a => a.EquivalenceKey == FixKeys.Asymmetric);

        var fixedProject = (await Verifiers.FixRunner.ApplyAsync(action)).GetProject(project.Id)!;

        var text = (await fixedProject.Documents.First().GetTextAsync()).ToString();
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(text, @"AsymmetricBarrier\.Heavy\(\)").Count);
        Assert.DoesNotContain("Interlocked.MemoryBarrier()", text);
        Assert.Empty(await Verifiers.FixRunner.DiagnosticsAsync(fixedProject));
    }

    [Fact]
    public async Task Asymmetric_WithoutRuntime_MakesEveryStoreTheDiagnosticCoversVolatile()
    {
        // Two stores of the flag before the check (the folded-in one on the path that loops back): without Fencer.Runtime
        // the hot side is ordered by volatile accesses, and both stores need them.
        const string source = """
            using System.Threading;

            class Hub
            {
                int _pending;
                bool _needWakeup;

                void TryProcessNext()
                {
                    while (true)
                    {
                        if (_pending > 0) { Interlocked.Decrement(ref _pending); _needWakeup = false; continue; }
                        _needWakeup = true;
                        if (_pending == 0) { return; }
                    }
                }

                public void Enqueue()
                {
                    Interlocked.Increment(ref _pending);
                    if (_needWakeup) { _needWakeup = false; Wake(); }
                }

                void Wake() { }
            }
            """;
        var project = Verifiers.FixRunner.CreateProject(Verifiers.TestTarget.Net100, source);
        var diagnostic = Assert.Single(await Verifiers.FixRunner.DiagnosticsAsync(project));
        var action = Assert.Single(await Verifiers.FixRunner.ActionsAsync(project, diagnostic), a => a.EquivalenceKey == FixKeys.Asymmetric);

        var fixedProject = (await Verifiers.FixRunner.ApplyAsync(action)).GetProject(project.Id)!;

        var text = (await fixedProject.Documents.First().GetTextAsync()).ToString();
        Assert.True(text.Contains("Volatile.Write(ref _needWakeup, true)"), text);
        Assert.Contains("Volatile.Write(ref _needWakeup, false); continue;", text);
        Assert.Empty(await Verifiers.FixRunner.DiagnosticsAsync(fixedProject));
        Assert.Empty(await Verifiers.FixRunner.CompilerErrorsAsync(fixedProject));
    }
}
