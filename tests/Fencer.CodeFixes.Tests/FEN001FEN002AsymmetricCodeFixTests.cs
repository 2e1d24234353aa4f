using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = Fencer.CodeFixes.Tests.Verifiers.CSharpCodeFixVerifier<
    Fencer.Analyzer.Rules.StoreBufferHandshakeAnalyzer,
    Fencer.CodeFixes.FEN001FEN002AsymmetricCodeFix>;

namespace Fencer.CodeFixes.Tests;

/// <summary>"Make it asymmetric": the process-wide barrier on the other side, compiler order on this side.</summary>
public class FEN001FEN002AsymmetricCodeFixTests
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
                    r0 = y;
                }

                void Drain()
                {
                    y = 1;
                    Interlocked.MemoryBarrier(); // the rare side
                    r1 = x;
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
                    r0 = y;
                }

                void Drain()
                {
                    y = 1;
                    AsymmetricBarrier.Heavy(); // the rare side
                    r1 = x;
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
                    r0 = Volatile.Read(ref y);
                }

                void P1()
                {
                    Interlocked.Exchange(ref y, 1);
                    r1 = Volatile.Read(ref x);
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
                    r0 = Volatile.Read(ref y);
                }

                void P1()
                {
                    Interlocked.Exchange(ref y, 1);
                    AsymmetricBarrier.Heavy();
                    r1 = Volatile.Read(ref x);
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
                    r0 = y;
                }

                void P1()
                {
                    y = 1;
                    Thread.MemoryBarrier();
                    r1 = x;
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
                    r0 = Volatile.Read(ref y);
                }

                void P1()
                {
                    y = 1;
                    Interlocked.MemoryBarrierProcessWide();
                    r1 = x;
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
                    r0 = y;
                }

                void P1()
                {
                    {|FEN002:y = 1|};
                    r1 = x;
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
                    r0 = y;
                }

                void P1()
                {
                    y = 1;
                    AsymmetricBarrier.Heavy();
                    r1 = x;
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
                                r0 = y;
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
                                r1 = x;
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
                                r0 = y;
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
                                r1 = x;
                            }
                        }
                        """),
                },
            },
        };
        await test.RunAsync(CancellationToken.None);
    }
}
