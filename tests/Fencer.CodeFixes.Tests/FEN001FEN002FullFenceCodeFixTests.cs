using System.Threading.Tasks;
using Fencer.Analyzer.Rules;
using Xunit;
using Verify = Fencer.CodeFixes.Tests.Verifiers.CSharpCodeFixVerifier<
    Fencer.Analyzer.Rules.StoreBufferHandshakeAnalyzer,
    Fencer.CodeFixes.FEN001FEN002FullFenceCodeFix>;

namespace Fencer.CodeFixes.Tests;

public class FEN001FEN002FullFenceCodeFixTests
{
    [Fact]
    public async Task FullFence_AfterStore_WhenOtherSideFenced()
    {
        var source = """
            using System.Threading;

            class C
            {
                int x, y, r0, r1;

                void P0()
                {
                    // publish
                    {|FEN001:x = 1|}; // mine
                    r0 = y;
                }

                void P1()
                {
                    y = 1;
                    Interlocked.MemoryBarrier();
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
                    // publish
                    x = 1; // mine
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
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, FixKeys.FullFence);
    }
}
