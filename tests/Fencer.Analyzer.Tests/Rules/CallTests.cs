using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Fencer.Analyzer.Tests.Verifiers;
using Verify = Fencer.Analyzer.Tests.Verifiers.CSharpAnalyzerVerifier<Fencer.Analyzer.Rules.StoreBufferHandshakeAnalyzer>;

namespace Fencer.Analyzer.Tests.Rules;

/// <summary>
/// Calls (docs/design.md, "Calls"): a fence or read-modify-write inside a callee of another type counts for the caller
/// when the target is known; summaries do not depend on the order members are declared in; the accesses of callees are
/// seen a fixed number of calls down; a callee that never returns orders nothing.
/// </summary>
public class CallTests
{
    private const string Fences = """
        static class Fences
        {
            public static void Full() => System.Threading.Interlocked.MemoryBarrier();
        }

        class Overridable
        {
            public virtual void Full() => System.Threading.Interlocked.MemoryBarrier();
        }
        """;

    [Fact]
    public async Task NoDiagnostic_WhenBothSidesFenceThroughAHelperOfAnotherType()
    {
        var source = """
            class Worker
            {
                private volatile int _work;
                private volatile bool _idle;

                public void Post() { _work = 1; Fences.Full(); if (_idle) { } }

                public void Drain() { _idle = true; Fences.Full(); if (_work == 0) { } }
            }
            """ + Fences;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_TheSideWithoutTheHelpersFence()
    {
        var source = """
            class Worker
            {
                private volatile int _work;
                private volatile bool _idle;

                public void Post() { {|FEN001:_work = 1|}; if (_idle) { } }

                public void Drain() { _idle = true; Fences.Full(); if (_work == 0) { } }
            }
            """ + Fences;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_OnlyTheCertainSide_WhenTheOtherSidesHelperIsVirtual()
    {
        var source = """
            class Worker
            {
                private readonly Overridable _fence = new();
                private volatile int _work;
                private volatile bool _idle;

                public void Post() { {|FEN002:_work = 1|}; if (_idle) { } }

                // A virtual call whose target is unknown may fence: this side is not reported at the default level.
                public void Drain() { _idle = true; _fence.Full(); if (_work == 0) { } }
            }
            """ + Fences;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_TheSameWhateverTheOrderOfTheMembers()
    {
        // The helper chain is declared before and after its callers: summaries are computed callees first.
        var before = """
            using System.Threading;

            class Flags
            {
                volatile int _x, _y;
                void Fence() => Interlocked.MemoryBarrier();
                void Level1() => Fence();
                public bool A() { {|FEN001:_x = 1|}; return _y == 0; }
                public bool B() { _y = 1; Level1(); return _x == 0; }
            }
            """;
        var after = """
            using System.Threading;

            class Flags
            {
                volatile int _x, _y;
                public bool A() { {|FEN001:_x = 1|}; return _y == 0; }
                public bool B() { _y = 1; Level1(); return _x == 0; }
                void Level1() => Fence();
                void Fence() => Interlocked.MemoryBarrier();
            }
            """;

        await Verify.VerifyAnalyzerAsync(before);
        await Verify.VerifyAnalyzerAsync(after);
    }

    [Fact]
    public async Task NoDiagnostic_ForAccessesDeeperThanTheCallDepth()
    {
        await Verify.VerifyAnalyzerAsync(Configuration.OptionTests.CheckThreeCallsDown);
    }

    [Fact]
    public async Task Reports_AccessesWithinTheCallDepth()
    {
        var source = """
            using System.Threading;

            class Shallow
            {
                volatile int _x, _y;
                public bool A() { {|FEN001:_x = 1|}; return L1(); }
                bool L1() => L2();
                bool L2() => _y == 0;
                public bool B() { _y = 1; Interlocked.MemoryBarrier(); return _x == 0; }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_WhenTheOtherSidesHelperAlwaysThrows_ForItOrdersNothing()
    {
        var source = """
            using System;
            using System.Threading;

            class Flags
            {
                volatile int _x, _y;
                public bool A() { {|FEN002:_x = 1|}; return _y == 0; }
                public bool B() { {|FEN002:_y = 1|}; try { Fail(); } catch (InvalidOperationException) { } return _x == 0; }
                static void Fail() => throw new InvalidOperationException();
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_ForTheFieldsACallOnAnotherInstanceTouches()
    {
        // table.HelpCopy() stores the other table's _copyDone, not this one's.
        var source = """
            using System.Threading;

            class Table
            {
                volatile int _copyDone;
                volatile Table? _next;

                public bool Get()
                {
                    var table = _next;
                    table?.HelpCopy();
                    return _next == null;
                }

                public bool Resize() { _next = this; Interlocked.MemoryBarrier(); return _copyDone == 0; }

                private void HelpCopy() => _copyDone = 1;
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task AuditReports_TheFieldsACallOnThisTouches()
    {
        var source = """
            using System.Threading;

            class Table
            {
                volatile int _copyDone;
                volatile Table? _next;

                public bool Get()
                {
                    HelpCopy();
                    return _next == null;
                }

                public bool Resize() { _next = this; Interlocked.MemoryBarrier(); return _copyDone == 0; }

                private void HelpCopy() => _copyDone = 1;
            }
            """;

        var (diagnostics, _) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(source), audit: true);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("Get", diagnostic.Properties[Fencer.Analyzer.Rules.HandshakeDiagnostic.ThisMemberProperty]);
        Assert.Equal("StoreInCallee", diagnostic.Properties[Fencer.Analyzer.Rules.HandshakeDiagnostic.WeaknessProperty]);
    }

    [Fact]
    public async Task NoDiagnostic_ForAMemberPairedWithItself_WhenTheOnlyBarrierIsInsideAnotherTypesMethod()
    {
        // An iterator's GetNext around an epoch's Resume (a barrier inside another type, on one path): the barrier
        // orders, but it is not the author's evidence that these fields are shared.
        var source = """
            using System.Threading;

            sealed class Epoch { public void Resume() => Interlocked.MemoryBarrier(); }

            class Iterator
            {
                private readonly Epoch? _epoch;
                private long _current, _frame;

                public bool GetNext()
                {
                    _current = 1;
                    _epoch?.Resume();
                    if (_frame == 0) { return false; }
                    _frame = 2;
                    return _current != 0;
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_AMemberPairedWithItself_WithItsOwnExplicitBarrierOnOnePath()
    {
        var source = """
            using System.Threading;

            class Iterator
            {
                private readonly bool _fenced;
                private long _current, _frame;

                public bool GetNext()
                {
                    {|FEN002:_current = 1|};
                    if (_fenced) { Interlocked.MemoryBarrier(); }
                    if (_frame == 0) { return false; }
                    {|FEN002:_frame = 2|};
                    return _current != 0;
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task AuditReports_AsUncertain_WhenTheHelpersAnalysisRunsOutOfItsBudget()
    {
        // A helper too large to analyse within its visit budget is unknown to its callers — it may fence, or not —
        // never a barrier (docs/design.md §8): the caller's half is uncertain, an audit-level case.
        var branches = string.Concat(Enumerable.Range(0, 12_000).Select(i => $"if (k == {i}) {{ k += 2; }}\n"));
        var source = $$"""
            using System.Threading;

            class Large
            {
                volatile int _x, _y;

                void Side()
                {
                    _x = 1;
                    Helper(0);
                    if (_y == default) { return; }
                }

                private static int Helper(int k)
                {
            {{branches}}
                    return k;
                }

                void Other()
                {
                    _y = 1;
                    Interlocked.MemoryBarrier();
                    if (_x == default) { return; }
                }
            }
            """;

        var compilation = AnalyzerRunner.Compile(source);
        Assert.Empty((await AnalyzerRunner.RunAsync(compilation)).Diagnostics);
        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(compilation, audit: true);
        Assert.Empty(exceptions);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("FEN001", diagnostic.Id);
        Assert.Equal("Uncertain", diagnostic.Properties[Fencer.Analyzer.Rules.HandshakeDiagnostic.WeaknessProperty]);
    }

    [Fact]
    public async Task Reports_WhenASmallHelperIsAnalysedAndHasNoFence()
    {
        // The same shape within the budget: the helper is known to order nothing, the finding is certain.
        var source = """
            using System.Threading;

            class Small
            {
                volatile int _x, _y;

                void Side()
                {
                    {|FEN001:_x = 1|};
                    Helper(0);
                    if (_y == default) { return; }
                }

                private static int Helper(int k)
                {
                    if (k == 0) { k += 2; }
                    return k;
                }

                void Other()
                {
                    _y = 1;
                    Interlocked.MemoryBarrier();
                    if (_x == default) { return; }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
