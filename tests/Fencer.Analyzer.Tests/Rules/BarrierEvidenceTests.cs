using System.Linq;
using System.Threading.Tasks;
using Fencer.Analyzer.Tests.Verifiers;
using Xunit;

namespace Fencer.Analyzer.Tests.Rules;

/// <summary>
/// An explicit barrier is evidence that two members race only as part of the announce-then-check idiom written in the
/// member (docs/design.md §6, "Evidence"): the store, the barrier and the check in the member's own code. A barrier
/// inside a callee orders, but was written for the callee's purpose; a barrier between an announcement and a check made
/// inside a callee guards something else. Fields here are plain and no thread is started: the barrier is the only
/// evidence there could be.
/// </summary>
public class BarrierEvidenceTests
{
    private static string OneBranchFenced(string fence, string extra = "") => $$"""
        using System.Threading;

        class Worker
        {
            int _x, _y;
            bool _flush;

            void A()
            {
                _x = 1;
                if (_flush) { {{fence}} }
                if (_y == 0) { Wake(); }
            }

            void B()
            {
                _y = 1;
                if (_x == 0) { Wake(); }
            }

            void Wake() { }
            {{extra}}
        }
        """;

    [Fact]
    public async Task BarrierWrittenInTheMember_OnOneBranch_IsEvidence()
    {
        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(OneBranchFenced("Interlocked.MemoryBarrier();")));

        Assert.Empty(exceptions);
        Assert.Contains(diagnostics, d => d.Id is "FEN001" or "FEN002" && d.GetMessage().Contains("'A' stores '_x'"));
    }

    [Fact]
    public async Task BarrierInsideACallee_OnOneBranch_IsNoEvidence()
    {
        var source = OneBranchFenced("Flush();", "void Flush() { Interlocked.MemoryBarrier(); }");

        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(source));
        var (audit, _) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(source), audit: true);

        Assert.Empty(exceptions);
        Assert.DoesNotContain(diagnostics, d => d.Id.StartsWith("FEN00"));
        Assert.Contains(audit, d => d.Id.StartsWith("FEN00") && d.Properties["Weakness"]!.Contains("NoEvidence")); // still an audit case
    }

    private static string FencedSide(string check, string extra = "") => $$"""
        using System.Threading;

        class Worker
        {
            int _x, _y;

            void A()
            {
                _x = 1;
                Interlocked.MemoryBarrier();
                {{check}}
            }

            void B()
            {
                _y = 1;
                if (_x == 0) { Wake(); }
            }

            void Wake() { }
            {{extra}}
        }
        """;

    [Fact]
    public async Task FencedSide_WithItsCheckWrittenThere_IsEvidenceForTheOtherSide()
    {
        var (diagnostics, _) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(FencedSide("if (_y == 0) { Wake(); }")));

        var finding = Assert.Single(diagnostics, d => d.Id.StartsWith("FEN00"));
        Assert.Equal("FEN001", finding.Id);
        Assert.Contains("'B' stores '_y'", finding.GetMessage());
    }

    [Fact]
    public async Task FencedSide_WhoseCheckIsInsideACallee_IsNoEvidenceForTheOtherSide()
    {
        var source = FencedSide("Check();", "void Check() { if (_y == 0) { Wake(); } }");

        var (diagnostics, _) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(source));

        Assert.DoesNotContain(diagnostics, d => d.Id.StartsWith("FEN00"));
    }
}
