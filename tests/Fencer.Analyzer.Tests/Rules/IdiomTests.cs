using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Fencer.Analyzer.Rules;
using Fencer.Analyzer.Tests.Verifiers;
using Verify = Fencer.Analyzer.Tests.Verifiers.CSharpAnalyzerVerifier<Fencer.Analyzer.Rules.StoreBufferHandshakeAnalyzer>;

namespace Fencer.Analyzer.Tests.Rules;

/// <summary>
/// The announce-then-check idiom (docs/design.md §6): the check is written with the announcement (in the body, or
/// through a property or a predicate whose value decides there), on the normal path (not only in an exception
/// handler); an atomic announcement (a read-modify-write followed by a check) says the two members race; what a
/// compare-and-swap stores is no check; and the dataflow facts these rules stand on (uncertainty follows the weakest
/// path; an assignment's captured target is written, not read; a body's stores of one location are one side).
/// </summary>
public class IdiomTests
{
    private static string Flags(string side) => $$"""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Flags
        {
            volatile int _x, _y;

            {{side}}

            bool B()
            {
                _y = 1;
                Interlocked.MemoryBarrier();
                return _x == 0;
            }

            void Wake() { }
            void Work() { }
        }
        """;


    private static Diagnostic OnA(Diagnostic[] diagnostics) =>
        Assert.Single(diagnostics, d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "A");

    [Theory]
    [InlineData("void A() { _x = 1; if (_y == 0) { Wake(); } }")]
    [InlineData("void A() { _x = 1; if (Idle) { Wake(); } } bool Idle => _y == 0;")]
    [InlineData("void A() { _x = 1; if (IsIdle()) { Wake(); } } bool IsIdle() => _y == 0;")]
    [InlineData("bool A() { _x = 1; return IsIdle(); } bool IsIdle() => _y == 0;")]
    [InlineData("void A() { _x = 1; try { if (_y == 0) { Wake(); } } catch (Exception) { } }")]
    [InlineData("void A() { X = 1; if (_y == 0) { Wake(); } } int X { set => _x = value; }")]
    [InlineData("void A() { X++; if (_y == 0) { Wake(); } } int X { get => 0; set => _x = value; }")]
    [InlineData("void A() { (X, var w) = (1, 2); if (_y == 0) { Wake(); } } int X { set => _x = value; }")]
    [InlineData("void A() { try { _x = 1; Work(); } catch (Exception) { } if (_y == 0) { Wake(); } }")]
    public async Task Reports_ACheckWrittenWithTheAnnouncement(string side)
    {
        var diagnostic = OnA(await AnalyzerRunner.DiagnosticsAsync(Flags(side)));
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
    }

    [Theory]
    [InlineData("void A() { _x = 1; Check(); } void Check() { if (_y == 0) { Wake(); } }", "CheckInCallee")]
    [InlineData("void A() { _x = 1; _ = IsIdle(); } bool IsIdle() => _y == 0;", "CheckInCallee")]
    [InlineData("void A() { try { _x = 1; Work(); } catch (Exception) when (_y == 0) { Wake(); } }", "ErrorPath")]
    [InlineData("void A() { try { _x = 1; Work(); } catch (Exception) { if (_y == 0) { Wake(); } } }", "ErrorPath")]
    [InlineData("void A() { Publish(); if (_y == 0) { Wake(); } } void Publish() { _x = 1; }", "StoreInCallee")]
    [InlineData("void A() { if (Cached == 0 && _y == 0) { Wake(); } } int Cached { get { _x = 1; return 0; } }", "StoreInCallee")]
    [InlineData("void A() { X = 1; if (_y == 0) { Wake(); } } int X { set => Publish(); } void Publish() { _x = 1; }", "StoreInCallee")]
    [InlineData("void A() { _x = 1; if (IsIdle()) { Wake(); } } bool IsIdle() { try { Work(); return false; } catch (Exception) { return _y == 0; } }", "ErrorPath")]
    public async Task AuditOnly_ACheckMadeElsewhere(string side, string weakness)
    {
        Assert.DoesNotContain(await AnalyzerRunner.DiagnosticsAsync(Flags(side)), d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "A");

        var diagnostic = OnA(await AnalyzerRunner.DiagnosticsAsync(Flags(side), audit: true));
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.Equal(weakness, diagnostic.Properties[HandshakeDiagnostic.WeaknessProperty]);
    }

    [Fact]
    public async Task AuditOnly_WhenTheOtherSidesAnnouncementIsMadeInACallee()
    {
        var source = """
            using System.Threading;

            class Flags
            {
                volatile int _x, _y;

                void A() { _x = 1; if (_y == 0) { Wake(); } }

                bool B() { SetY(); Interlocked.MemoryBarrier(); return _x == 0; }

                void SetY() { _y = 1; }

                void Wake() { }
            }
            """;

        Assert.Empty(await AnalyzerRunner.DiagnosticsAsync(source));
        Assert.Equal("StoreInCallee", OnA(await AnalyzerRunner.DiagnosticsAsync(source, audit: true)).Properties[HandshakeDiagnostic.WeaknessProperty]);
    }

    [Fact]
    public async Task AuditOnly_WhenTheOtherSideChecksOnlyInAnExceptionHandler()
    {
        // The cycle needs both halves: B reaches its check of _x only when Work throws, inside Retry's handler. A reports
        // it as its partner's weakness; B's own side is error handling too.
        var source = Retrying("try { Work(); } catch (Exception) { if (_x == 0) { Wake(); } }");
        Assert.Empty(await AnalyzerRunner.DiagnosticsAsync(source));
        var audit = await AnalyzerRunner.DiagnosticsAsync(source, audit: true);
        Assert.Equal("ErrorPath", OnA(audit).Properties[HandshakeDiagnostic.WeaknessProperty]);
        Assert.Contains("ErrorPath", Assert.Single(audit, d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "B").Properties[HandshakeDiagnostic.WeaknessProperty]);
    }

    [Fact]
    public async Task Reports_WhenTheOtherSideChecksOnTheNormalPathOfACallee()
    {
        var diagnostics = await AnalyzerRunner.DiagnosticsAsync(Retrying("Work(); if (_x == 0) { Wake(); }"));
        Assert.Equal(DiagnosticSeverity.Warning, OnA(diagnostics).Severity);
    }

    private static string Retrying(string retry) => $$"""
        using System;
        using System.Threading;

        class Flags
        {
            volatile int _x, _y;

            void A() { _x = 1; if (_y == 0) { Wake(); } }

            void B() { _y = 1; Retry(); }

            void Retry() { {{retry}} }

            void Wake() { }
            void Work() { }
        }
        """;

    /// <summary>A reader announces what it wants, then polls a flag the loader sets (the loader announces, then reads).</summary>
    private static string Loader(string wait, string loaded = "true") => $$"""
        using System.Threading;

        class Buffer
        {
            volatile int _wanted;
            volatile bool _loaded;
            volatile int _state;

            public void Read(int block)
            {
                _wanted = block;
                {{wait}}
            }

            public void Load()
            {
                _loaded = {{loaded}};
                _state = 2;
                Interlocked.MemoryBarrier();
                if (_wanted > 0) { Load(); }
            }

            void Block() { }
        }
        """;

    [Theory]
    [InlineData("while (!_loaded) { Thread.Sleep(1); }")]
    [InlineData("while (_loaded == false) { Thread.Yield(); }")]
    [InlineData("while (!_loaded && _wanted > 0) { Thread.SpinWait(10); }")]
    [InlineData("do { Thread.Sleep(1); } while (!(_loaded));")]
    [InlineData("while (!_loaded) { Thread.Sleep(1); if (block < 0) { return; } }")]
    public async Task AuditOnly_ACheckThatPollsForTheStoredValue(string wait)
    {
        Assert.Empty(await AnalyzerRunner.DiagnosticsAsync(Loader(wait)));
        var diagnostic = Assert.Single(await AnalyzerRunner.DiagnosticsAsync(Loader(wait), audit: true), d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "Read");
        Assert.Equal("Polled", diagnostic.Properties[HandshakeDiagnostic.WeaknessProperty]);
    }

    [Theory]
    [InlineData("while (!_loaded) { Block(); }", "true")] // the loop waits to be woken: a missed store can be a lost wake-up
    [InlineData("while (!_loaded || _wanted > 0) { Thread.Sleep(1); }", "true")] // the term does not end the loop alone
    [InlineData("while (_loaded) { Thread.Sleep(1); }", "true")] // exits on the old value, not on the store
    [InlineData("if (!_loaded) { Block(); }", "true")] // checked once
    [InlineData("while (!_loaded) { Thread.Sleep(1); }", "false")] // the loader stores a value the loop does not wait for
    public async Task Reports_ACheckThatDoesNotWaitForTheStoredValue(string wait, string loaded)
    {
        var diagnostic = Assert.Single(await AnalyzerRunner.DiagnosticsAsync(Loader(wait, loaded)), d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "Read");
        Assert.Equal("FEN001", diagnostic.Id);
    }

    [Fact]
    public async Task Reports_ALoopThatWaitsForACountToDrop_AgainstAnIncrement()
    {
        // The disposer's loop exits on the old count: polling does not save it.
        var diagnostics = await AnalyzerRunner.DiagnosticsAsync(WorkQueue("Interlocked.Increment(ref _count); if (_disposed) { Interlocked.Decrement(ref _count); return false; } _queue.Enqueue(item); Interlocked.Decrement(ref _count); return true;"));
        Assert.Equal("Dispose", Assert.Single(diagnostics).Properties[HandshakeDiagnostic.ThisMemberProperty]);
    }

    /// <summary>The disposer sets a plain flag and waits for in-flight work; the enqueuer counts itself in, then checks the flag.</summary>
    private static string WorkQueue(string enqueue) => $$"""
        using System.Collections.Concurrent;
        using System.Threading;

        class WorkQueue
        {
            int _count;
            bool _disposed;
            readonly ConcurrentQueue<int> _queue = new();

            public void Dispose()
            {
                _disposed = true;
                while (_count != 0) { Thread.Yield(); }
            }

            public bool Enqueue(int item)
            {
                {{enqueue}}
            }

            bool Disposed() { return _disposed; }
        }
        """;

    [Fact]
    public async Task Reports_AnAtomicAnnouncementAgainstAPlainFlag()
    {
        var diagnostics = await AnalyzerRunner.DiagnosticsAsync(WorkQueue("Interlocked.Increment(ref _count); if (_disposed) { Interlocked.Decrement(ref _count); return false; } _queue.Enqueue(item); Interlocked.Decrement(ref _count); return true;"));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("FEN001", diagnostic.Id);
        Assert.Equal("Dispose", diagnostic.Properties[HandshakeDiagnostic.ThisMemberProperty]);
        Assert.EndsWith("atomic announcement: Enqueue", diagnostic.Properties[HandshakeDiagnostic.EvidenceProperty]);
    }

    [Theory]
    [InlineData("_count++; if (_disposed) { return false; } return true;")] // no read-modify-write: nothing says they race
    [InlineData("Interlocked.Increment(ref _count); Work(); return true;")] // the announcer checks nothing
    public async Task NoDiagnostic_WithoutAnAtomicAnnouncementFollowedByACheck(string enqueue)
    {
        var source = WorkQueue(enqueue + " } void Work() { if (_disposed) { return; }");
        Assert.Empty(await AnalyzerRunner.DiagnosticsAsync(source));
    }

    [Theory]
    [InlineData("lock (_queue) { Interlocked.Increment(ref _count); if (_disposed) { return false; } } return true;")] // a swap or count under the lock
    [InlineData("Interlocked.Increment(ref _count); lock (_queue) { if (_disposed) { return false; } } return true;")] // checked under it
    public async Task AuditOnly_AnAtomicUpdateAndCheckWithACriticalSectionBetweenThem(string enqueue)
    {
        // The lock coordinates the update with its other holders; a member that takes no lock is no partner the
        // update's atomicity was written for, and nothing else says the two members race.
        Assert.Empty(await AnalyzerRunner.DiagnosticsAsync(WorkQueue(enqueue)));

        var diagnostic = Assert.Single(await AnalyzerRunner.DiagnosticsAsync(WorkQueue(enqueue), audit: true));
        Assert.Equal("Dispose", diagnostic.Properties[HandshakeDiagnostic.ThisMemberProperty]);
        Assert.Equal("NoEvidence", diagnostic.Properties[HandshakeDiagnostic.WeaknessProperty]);
    }

    [Fact]
    public async Task Reports_AnAtomicAnnouncement_WhenTheLockIsTakenOnlyAfterTheCheck()
    {
        var diagnostics = await AnalyzerRunner.DiagnosticsAsync(WorkQueue("Interlocked.Increment(ref _count); if (_disposed) { return false; } lock (_queue) { Work(); } return true; } void Work() {"));
        Assert.EndsWith("atomic announcement: Enqueue", Assert.Single(diagnostics).Properties[HandshakeDiagnostic.EvidenceProperty]);
    }

    [Fact]
    public async Task Reports_TheIdleFlagOfAConcurrentQueue_AnnouncedByTheEnqueue()
    {
        var source = """
            using System.Collections.Concurrent;

            class Hub
            {
                readonly ConcurrentQueue<int> _queue = new();
                bool _needWakeup;

                void TryProcessNext()
                {
                    while (true)
                    {
                        if (_queue.TryDequeue(out var item)) { _needWakeup = false; continue; }
                        _needWakeup = true;
                        if (_queue.IsEmpty) { return; }
                    }
                }

                public void Enqueue(int item)
                {
                    _queue.Enqueue(item);
                    if (_needWakeup) { _needWakeup = false; Wake(); }
                }

                void Wake() { }
            }
            """;

        // One diagnostic for TryProcessNext's two stores of the flag (one side of one handshake), at the last one.
        var diagnostic = Assert.Single(await AnalyzerRunner.DiagnosticsAsync(source));
        Assert.Equal("TryProcessNext", diagnostic.Properties[HandshakeDiagnostic.ThisMemberProperty]);
        Assert.Equal(12, diagnostic.Location.GetLineSpan().StartLinePosition.Line); // `_needWakeup = true;`
        Assert.Contains(HandshakeDiagnostic.ThisStoreRole, diagnostic.Properties[HandshakeDiagnostic.RolesProperty]!.Split(','));
    }

    [Fact]
    public async Task NoDiagnostic_ForTheValueACompareAndSwapPublishes()
    {
        // PromoteNewTable loads _newTable only to publish it with a CAS: the loaded value decides nothing.
        var source = """
            using System.Threading;

            class Table
            {
                volatile Table? _newTable, _top;
                volatile int _copyDone;

                void HelpCopy(int toCopy)
                {
                    _copyDone = toCopy;
                    Interlocked.CompareExchange(ref _top, _newTable, this);
                }

                void Resize(Table next)
                {
                    Interlocked.CompareExchange(ref _newTable, next, null);
                    if (_copyDone == 0) { HelpCopy(1); }
                }
            }
            """;

        Assert.DoesNotContain(await AnalyzerRunner.DiagnosticsAsync(source), d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "HelpCopy");
    }

    [Fact]
    public async Task ACompareAndSwapComparand_StillDecides()
    {
        var diagnostic = OnA(await AnalyzerRunner.DiagnosticsAsync(Flags("volatile int _z; void A() { _x = 1; if (Interlocked.CompareExchange(ref _z, 1, _y) == 0) { Wake(); } }")));
        Assert.Equal("FEN001", diagnostic.Id);
    }

    [Fact]
    public async Task Certain_WhenOnePathFromStoreToCheckHasNoUnknownCall()
    {
        // Some iterations call an overridable method between the store and the check; the one that does not is enough.
        var source = Flags("""
            IHook _hook = null!;

            void A(bool hook)
            {
                _x = 1;
                if (hook) { _hook.Run(); }
                if (_y == 0) { Wake(); }
            }
            """) + "interface IHook { void Run(); }";
        Assert.Equal(DiagnosticSeverity.Warning, OnA(await AnalyzerRunner.DiagnosticsAsync(source)).Severity);
    }

    [Fact]
    public async Task Uncertain_WhenEveryPathCallsSomethingUnknown()
    {
        var source = Flags("""
            IHook _hook = null!;

            void A()
            {
                _x = 1;
                _hook.Run();
                if (_y == 0) { Wake(); }
            }
            """) + "interface IHook { void Run(); }";
        Assert.DoesNotContain(await AnalyzerRunner.DiagnosticsAsync(source), d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "A");
        Assert.Equal("Uncertain", OnA(await AnalyzerRunner.DiagnosticsAsync(source, audit: true)).Properties[HandshakeDiagnostic.WeaknessProperty]);
    }

    [Fact]
    public async Task AConditionalAssignment_WritesItsTarget_AndDoesNotReadIt()
    {
        // `_y = c ? 1 : 2` captures _y as the target before the value is known: a store, not a load of _y after _x.
        var source = Flags("void A(bool c) { _x = 1; _y = c ? 1 : 2; }");
        Assert.DoesNotContain(await AnalyzerRunner.DiagnosticsAsync(source, audit: true), d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "A" && d.GetMessage().Contains("then loads '_y'"));
    }
}
