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
}
