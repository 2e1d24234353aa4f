using System.Threading.Tasks;
using Xunit;
using Verify = Fencer.CodeFixes.Tests.Verifiers.CSharpCodeFixVerifier<
    Fencer.Analyzer.Rules.StoreBufferHandshakeAnalyzer,
    Fencer.CodeFixes.FEN003LightBarrierCodeFix>;

namespace Fencer.CodeFixes.Tests;

/// <summary>FEN003: compiler order on the hot side of a handshake whose other side has the process-wide barrier.</summary>
public class FEN003LightBarrierCodeFixTests
{
    [Fact]
    public async Task Light_BetweenStoreAndLoad()
    {
        var source = """
            using System.Threading;
            using Fencer;

            class C
            {
                int x, y, r0, r1;

                void P0()
                {
                    {|FEN003:x = 1|};
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

                void P1()
                {
                    y = 1;
                    AsymmetricBarrier.Heavy();
                    if (x == default) { r1 = 1; }
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, FixKeys.Light);
    }

    [Fact]
    public async Task Light_ExpressionBodiedHelpers_AndLoadInReturn()
    {
        var source = """
            using System.Threading;
            using Fencer;

            class C
            {
                int x, y, r1;

                void Publish() => x = 1;

                bool P0()
                {
                    {|FEN003:Publish()|};
                    return y == 0;
                }

                void P1()
                {
                    y = 1;
                    AsymmetricBarrier.Heavy();
                    if (x == default) { r1 = 1; }
                }
            }
            """;
        var fixedSource = """
            using System.Threading;
            using Fencer;

            class C
            {
                int x, y, r1;

                void Publish() => x = 1;

                bool P0()
                {
                    Publish();
                    AsymmetricBarrier.Light();
                    return y == 0;
                }

                void P1()
                {
                    y = 1;
                    AsymmetricBarrier.Heavy();
                    if (x == default) { r1 = 1; }
                }
            }
            """;
        // The store is made inside a callee: an audit-level finding (docs/design.md §6).
        await Verify.VerifyAuditCodeFixAsync(source, fixedSource, FixKeys.Light);
    }

    [Fact]
    public async Task Volatile_WithoutRuntime_MakesBothAccessesVolatile()
    {
        var source = """
            using System.Threading;

            class C
            {
                object? x;
                long y;
                long r0;
                object? r1;

                void P0()
                {
                    {|FEN003:x = "a"|};
                    if (y + 1 == 0) { r0 = 1; }
                }

                void P1()
                {
                    y = 1;
                    Interlocked.MemoryBarrierProcessWide();
                    if (x == default) { r1 = 1; }
                }
            }
            """;
        var fixedSource = """
            using System.Threading;

            class C
            {
                object? x;
                long y;
                long r0;
                object? r1;

                void P0()
                {
                    Volatile.Write(ref x, "a");
                    if (Volatile.Read(ref y) + 1 == 0) { r0 = 1; }
                }

                void P1()
                {
                    y = 1;
                    Interlocked.MemoryBarrierProcessWide();
                    if (x == default) { r1 = 1; }
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, FixKeys.Light, withRuntime: false);
    }
}
