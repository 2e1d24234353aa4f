using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Fencer.Analyzer.Rules;
using Fencer.Analyzer.Tests.Verifiers;

namespace Fencer.Analyzer.Tests.Rules;

/// <summary>
/// Which members get a control-flow graph (docs/design.md §8, "Cost"): every half starts with a store, so a member that
/// only reads the candidate fields is no side and is analysed only as a callee of one; a member that starts a body is
/// analysed when it starts or calls a member that is (whether a side is started, and by whom, decides its evidence and
/// its order), and not when it reaches none of them.
/// </summary>
public class CandidateTests
{
    private const string Source = """
        using System.Threading.Tasks;

        class PrunedMembers
        {
            volatile int _x, _y;

            void A() { _x = 1; if (_y == 0) { Wake(); } }
            void B() { _y = 1; if (_x == 0) { Wake(); } }
            void C() { _x = 2; if (Peek()) { Wake(); } }

            int ReadOnly() => _x + _y;
            bool Peek() => _y == 0;
            void Starter() { Task.Run(Loop); }
            void Loop() { }
            void StartsSide() { Task.Run(B); }
            void StartsLambda() { Task.Run(() => C()); }
            void Wake() { }
        }
        """;

    [Fact]
    public async Task AMemberThatOnlyReadsCandidates_GetsNoGraph_UnlessASideCallsIt()
    {
        var observer = new Recorder();
        AnalysisObservers.Current = observer;
        try
        {
            var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(observer.Watch(AnalyzerRunner.Compile(Source)), audit: false);
            Assert.Empty(exceptions);
            Assert.Contains(diagnostics, d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "A");
        }
        finally
        {
            AnalysisObservers.Current = null;
        }

        var analysed = observer.Members.Keys.ToHashSet();
        Assert.Contains("A", analysed);
        Assert.Contains("C", analysed);
        Assert.Contains("Peek", analysed); // read-only, but C's check goes through it
        Assert.Contains("StartsSide", analysed); // starts a side
        Assert.Contains("StartsLambda", analysed); // starts a lambda that calls one
        Assert.DoesNotContain("Starter", analysed); // starts only a member that is no side and touches nothing
        Assert.DoesNotContain("Loop", analysed);
        Assert.DoesNotContain("ReadOnly", analysed);
    }

    private const string CalleeStoreSource = """
        using System;

        class CalleeStores
        {
            volatile int _x, _y;

            public CalleeStores() { _y = 1; if (_x == 0) { Wake(); } }
            public void A() { SetX(); if (_y == 0) { Wake(); } }
            public void B() { _y = 2; if (_x == 0) { Wake(); } }
            void SetX() { _x = 1; }
            void Wake() { }
        }

        class ConstructorOnly
        {
            volatile int _x, _y;

            public ConstructorOnly() { _y = 1; if (_x == 0) { Wake(); } }
            public void A() { _x = 1; if (_y == 0) { Wake(); } }
            void Wake() { }
        }

        class LaterInConstructor
        {
            volatile int _x, _y;
            readonly Action _onTick;

            public LaterInConstructor() { _onTick = () => { _y = 1; if (_x == 0) { Wake(); } }; }
            public void A() { _x = 1; if (_y == 0) { Wake(); } }
            public void Tick() => _onTick();
            void Wake() { }
        }
        """;

    [Fact]
    public async Task AtTheDefaultLevel_APairStartsOnlyWithAStoreWrittenInASide_AndNeverInAConstructor()
    {
        // A stores _x inside SetX (weakness StoreInCallee: reported at the audit level only), and the constructor's
        // store then load runs before the object is shared: at the default level CalleeStores has no pair, and none of its
        // members gets a graph; nor does ConstructorOnly, whose one pair would close only with its constructor. A lambda written in a constructor runs later: LaterInConstructor's constructor is kept.
        var observer = new Recorder("CalleeStores", "ConstructorOnly", "LaterInConstructor");
        AnalysisObservers.Current = observer;
        try
        {
            var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(observer.Watch(AnalyzerRunner.Compile(CalleeStoreSource)), audit: false);
            Assert.Empty(exceptions);
            Assert.DoesNotContain(diagnostics, d => d.GetMessage().Contains("'B'", StringComparison.Ordinal));
        }
        finally
        {
            AnalysisObservers.Current = null;
        }

        Assert.DoesNotContain(observer.Members.Keys, k => k.StartsWith("CalleeStores.", StringComparison.Ordinal) || k.StartsWith("ConstructorOnly.", StringComparison.Ordinal));
        Assert.Contains("LaterInConstructor..ctor", observer.Members.Keys);
        Assert.Contains("LaterInConstructor.A", observer.Members.Keys);
    }

    private const string CalleeCheckSource = """
        class CalleeChecks
        {
            volatile int _x, _y;

            public void A() { _x = 1; CheckY(); }
            public void B() { _y = 1; CheckX(); }
            void CheckY() { if (_y == 0) { Wake(); } }
            void CheckX() { if (_x == 0) { Wake(); } }
            void Wake() { }
        }

        class OneSideChecks
        {
            volatile int _x, _y;

            public void A() { _x = 1; if (IsIdle()) { Wake(); } }
            public void B() { _y = 1; CheckX(); }
            bool IsIdle() => _y == 0;
            void CheckX() { if (_x == 0) { Wake(); } }
            void Wake() { }
        }
        """;

    [Fact]
    public async Task AtTheDefaultLevel_APairNeitherOfWhoseSidesChecksItself_GetsNoGraph()
    {
        // CalleeChecks's two checks are made in callees whose value their callers drop (weakness CheckInCallee): no side of
        // its pair is reported at the default level, so none of its members gets a graph. OneSideChecks's A checks through
        // a predicate whose value decides in A: its pair is analysed, and A is reported.
        var observer = new Recorder("CalleeChecks", "OneSideChecks");
        AnalysisObservers.Current = observer;
        try
        {
            var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(observer.Watch(AnalyzerRunner.Compile(CalleeCheckSource)), audit: false);
            Assert.Empty(exceptions);
            Assert.Contains(diagnostics, d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "A" && In(d, "OneSideChecks"));
            Assert.DoesNotContain(diagnostics, d => In(d, "CalleeChecks"));
        }
        finally
        {
            AnalysisObservers.Current = null;
        }

        Assert.DoesNotContain(observer.Members.Keys, k => k.StartsWith("CalleeChecks.", StringComparison.Ordinal));
        Assert.Contains("OneSideChecks.A", observer.Members.Keys);
        Assert.Contains("OneSideChecks.B", observer.Members.Keys);

        // At the audit level the pair is analysed and reported, with its weakness.
        var audit = new Recorder("CalleeChecks");
        AnalysisObservers.Current = audit;
        try
        {
            var (diagnostics, _) = await AnalyzerRunner.RunAsync(audit.Watch(AnalyzerRunner.Compile(CalleeCheckSource)), audit: true);
            Assert.Contains(diagnostics, d => In(d, "CalleeChecks")
                && d.Properties[HandshakeDiagnostic.WeaknessProperty] == "CheckInCallee");
        }
        finally
        {
            AnalysisObservers.Current = null;
        }

        Assert.Contains("CalleeChecks.A", audit.Members.Keys);
    }

    private const string UnsharedPairSource = """
        using System.Threading;
        using System.Threading.Tasks;

        class PlainPair
        {
            int _x, _y;

            public void A() { _x = 1; if (_y == 0) { Wake(); } }
            public void B() { _y = 1; if (_x == 0) { Wake(); } }
            public void Go() { Task.Run(() => Wake()); }
            void Wake() { }
        }

        class StartedPair
        {
            int _x, _y;

            public void Go() { Task.Run(A); Task.Run(B); }
            void A() { _x = 1; if (_y == 0) { Wake(); } }
            void B() { _y = 1; if (_x == 0) { Wake(); } }
            void Wake() { }
        }

        class FencedPair
        {
            int _x, _y;

            public void A() { _x = 1; Interlocked.MemoryBarrier(); if (_y == 0) { Wake(); } }
            public void B() { _y = 1; if (_x == 0) { Wake(); } }
            public void Go() { Task.Run(() => Wake()); }
            void Wake() { }
        }
        """;

    [Fact]
    public async Task AtTheDefaultLevel_APairOfUnsharedFields_IsAnalysedOnlyWithABarrierOrTwoSidesThatMayRace()
    {
        // Neither field is volatile or passed to an ordered API. PlainPair's A and B are plain members (the type starts a
        // body elsewhere, which says nothing of them): no evidence can say they race, and they get no graph. StartedPair
        // starts both (two started bodies race); FencedPair's A calls an explicit barrier: both pairs are analysed, and
        // reported.
        var observer = new Recorder("PlainPair", "StartedPair", "FencedPair");
        AnalysisObservers.Current = observer;
        try
        {
            var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(observer.Watch(AnalyzerRunner.Compile(UnsharedPairSource)), audit: false);
            Assert.Empty(exceptions);
            Assert.DoesNotContain(diagnostics, d => In(d, "PlainPair"));
            Assert.Contains(diagnostics, d => In(d, "StartedPair"));
            Assert.Contains(diagnostics, d => In(d, "FencedPair"));
        }
        finally
        {
            AnalysisObservers.Current = null;
        }

        Assert.DoesNotContain(observer.Members.Keys, k => k.StartsWith("PlainPair.", StringComparison.Ordinal)); // no end: no graph at all
        Assert.Contains("StartedPair.A", observer.Members.Keys);
        Assert.Contains("FencedPair.B", observer.Members.Keys);
    }

    [Fact]
    public async Task AtTheAuditLevel_AStoreInsideACallee_StillMakesItsMemberASide()
    {
        var observer = new Recorder("CalleeStores");
        AnalysisObservers.Current = observer;
        try
        {
            var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(observer.Watch(AnalyzerRunner.Compile(CalleeStoreSource)), audit: true);
            Assert.Empty(exceptions);
            Assert.Contains(diagnostics, d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "A" && d.GetMessage().Contains("'B'", StringComparison.Ordinal));
        }
        finally
        {
            AnalysisObservers.Current = null;
        }

        Assert.Contains("CalleeStores.A", observer.Members.Keys);
        Assert.Contains("CalleeStores.B", observer.Members.Keys);
    }

    [Fact]
    public async Task AStoreThroughAConditionalAccessOrADeconstruction_IsWrittenInItsMember()
    {
        // `_queue?.Enqueue(x)` stores into the queue as `_queue.Enqueue(x)` does, and `(_head, _tail) = …` stores both
        // fields: each member is a side of its handshake at the default level (the scan before any graph is built must
        // see these stores, or the members are never analysed).
        var source = """
            using System.Collections.Concurrent;

            class ConditionalPost
            {
                ConcurrentQueue<int>? _queue = new();
                volatile bool _idle;

                public void Post(int x) { _queue?.Enqueue(x); if (_idle) { Wake(); } }
                public void Work() { _idle = true; if (!_queue!.IsEmpty) { _idle = false; } }
                void Wake() { }
            }

            class Deconstructed
            {
                volatile int _head, _tail;
                volatile bool _closed;

                public void Reset(int a, int b) { (_head, _tail) = (a, b); if (_closed) { Wake(); } }
                public void Close() { _closed = true; if (_tail == 0) { Wake(); } }
                void Wake() { }
            }
            """;

        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(source), audit: false);

        Assert.Empty(exceptions);
        // The enqueue is a full fence: the unfenced side, Work, is reported, paired with Post.
        Assert.Contains(diagnostics, d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "Work" && d.GetMessage().Contains("'Post'", System.StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "Reset");
    }

    [Fact]
    public async Task APairOfLocationsNumberedPastTheFirst64_IsFound_AndAOneWayPairIsNot()
    {
        // The candidate pairs are found with bit sets of numbered locations (CandidatePairs): a hundred stores come first,
        // so the handshake's two locations are numbered past the first word of every set.
        var stores = string.Concat(Enumerable.Range(0, 100).Select(i => $"_f{i} = 1; "));
        var fields = string.Join(", ", Enumerable.Range(0, 130).Where(i => i is not (100 or 127)).Select(i => $"_f{i}"));
        var source = $$"""
            class ManyFields
            {
                int {{fields}};
                volatile int _f100, _f127;

                void A() { {{stores}}_f100 = 1; if (_f127 == 0) { Wake(); } }
                void B() { _f127 = 1; if (_f100 == 0) { Wake(); } }
                void C() { _f110 = 1; if (_f120 == 0) { Wake(); } }
                void Wake() { }
            }
            """;
        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(source), audit: true);
        Assert.Empty(exceptions);
        Assert.Equal(new[] { "A", "B" }, diagnostics.Select(d => d.Properties[HandshakeDiagnostic.ThisMemberProperty]).OrderBy(m => m, StringComparer.Ordinal));
    }

    private const string OrderedWritesSource = """
        using System.Collections.Generic;
        using System.Threading;

        class LockedPair
        {
            private readonly object _gate = new();
            private readonly List<int> _items = new();
            volatile int _x, _y;

            public void A()
            {
                lock (_gate) { _x = 1; _items.Add(1); }
                var y = _y; // a copy of a number: nothing can be stored through it
                if (y == 0 && _items.Count > 0) { Wake(); } // a library property read on the list stores nothing
            }

            public void B() { lock (_gate) { _y = 1; } if (_x == 0) { Wake(); } }
            void Wake() { }
        }

        class AtomicPair
        {
            int _x, _y;

            public void A() { Interlocked.Exchange(ref _x, 1); if (Volatile.Read(ref _y) == 0) { Wake(); } }
            public void B() { Interlocked.Increment(ref _y); if (Volatile.Read(ref _x) == 0) { Wake(); } }
            void Wake() { }
        }

        class MixedPair
        {
            private readonly object _gate = new();
            volatile int _x;
            int _y;

            public void A() { lock (_gate) { _x = 1; } if (Volatile.Read(ref _y) == 0) { Wake(); } }
            public void B() { Interlocked.Exchange(ref _y, 1); if (_x == 0) { Wake(); } }
            void Wake() { }
        }

        class TwoLocks
        {
            private readonly object _first = new(), _second = new();
            volatile int _x, _y;

            public void A() { lock (_first) { _x = 1; } if (_y == 0) { Wake(); } }
            public void B() { lock (_second) { _y = 1; } if (_x == 0) { Wake(); } }
            void Wake() { }
        }

        class LockedLater
        {
            private readonly object _gate = new();
            volatile int _x, _y;

            public void A() { lock (_gate) { _x = 1; } if (_y == 0) { Wake(); } }
            public void B() { lock (_gate) { _y = 1; } if (_x == 0) { Wake(); } }
            public void C() { _y = 2; if (_x == 0) { Wake(); } }
            public void D() { lock (_gate) { Run(() => _x = 3); } }
            void Run(System.Action action) { }
            void Wake() { }
        }
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task APairWhoseEveryStoreIsAFenceOrInsideOneLock_GetsNoGraph_AndANearMissIsStillReported(bool audit)
    {
        // LockedPair stores both fields only inside critical sections of _gate, AtomicPair only with Interlocked operations:
        // every half starts ordered (§7: one critical section lies between a store made in it and any later access), no
        // cycle can be reported at any level, and none of their members gets a graph. MixedPair (one side a lock, the other
        // a fence), TwoLocks (two locks), and LockedLater (C stores _y outside the lock; D's lambda stores _x later,
        // outside the critical section it is written in) are analysed and reported as before.
        var types = new[] { "LockedPair", "AtomicPair", "MixedPair", "TwoLocks", "LockedLater" };
        var observer = new Recorder(types);
        AnalysisObservers.Current = observer;
        try
        {
            var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(observer.Watch(AnalyzerRunner.Compile(OrderedWritesSource)), audit);
            Assert.Empty(exceptions);
            Assert.DoesNotContain(diagnostics, d => In(d, "LockedPair") || In(d, "AtomicPair"));
            Assert.Contains(diagnostics, d => In(d, "MixedPair") && d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "A");
            Assert.Contains(diagnostics, d => In(d, "TwoLocks"));
            Assert.Contains(diagnostics, d => In(d, "LockedLater") && d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "C");
        }
        finally
        {
            AnalysisObservers.Current = null;
        }

        Assert.DoesNotContain(observer.Members.Keys, k => k.StartsWith("LockedPair.", StringComparison.Ordinal) || k.StartsWith("AtomicPair.", StringComparison.Ordinal));
        Assert.Contains("MixedPair.B", observer.Members.Keys);
        Assert.Contains("TwoLocks.A", observer.Members.Keys);
        Assert.Contains("LockedLater.A", observer.Members.Keys);
    }

    [Theory]
    // The drain's shapes the scan reads (docs/design.md §8, "Critical sections in the scan"): every half's store or
    // every later access of its other location lies in the drain — the producer's enqueue and the disposer's flag before
    // the call that enters it, the drain's own store of the flag inside — so no cycle can be left and no member gets a graph.
    [InlineData(WorkInProgressCounterTests.ReturnUnlessTaken, WorkInProgressCounterTests.AddMissed, false)]
    [InlineData(WorkInProgressCounterTests.ReturnUnlessTaken, WorkInProgressCounterTests.TestedDecrement, false)]
    [InlineData("if (Interlocked.Increment(ref _wip) == 1) {", WorkInProgressCounterTests.AddMissed + "}", false)]
    // The queue copied into a local inside the drain's block: when that `if` ends the body, the copy is used only inside
    // the section; with a statement after it, the scan cannot tell (a copy may outlive a section that ends earlier).
    [InlineData("if (Interlocked.Increment(ref _wip) == 1) { var q = _queue; if (q.IsEmpty) { }", WorkInProgressCounterTests.AddMissed + "}", false)]
    [InlineData("if (Interlocked.Increment(ref _wip) == 1) { var q = _queue; if (q.IsEmpty) { }", WorkInProgressCounterTests.AddMissed + "} System.Console.WriteLine();", true)]
    // A release by a plain store, and an untested decrement read again: the next round may run outside the drain (the
    // dataflow reports the drain, WorkInProgressCounterTests), so the scan claims nothing.
    [InlineData(WorkInProgressCounterTests.ReturnUnlessTaken, "_wip = 0; if (_queue.IsEmpty) break; } ", true)]
    [InlineData(WorkInProgressCounterTests.ReturnUnlessTaken, "Interlocked.Decrement(ref _wip); if (Volatile.Read(ref _wip) == 0) break; } ", true)]
    // Work after the loop: the `break` that releases the counter leads to it, outside the drain.
    [InlineData(WorkInProgressCounterTests.ReturnUnlessTaken, WorkInProgressCounterTests.AddMissed + " if (_disposed) { _queue.Enqueue(1); }", true)]
    public async Task AtTheDefaultLevel_APairWhoseHalvesAllMeetTheDrain_GetsNoGraph(string take, string release, bool graphed)
    {
        var source = WorkInProgressCounterTests.Operator.Replace("__TAKE__", take).Replace("__LOOP__", WorkInProgressCounterTests.Forever).Replace("__RELEASE__", release);
        var (_, graphs) = await Observed(source, "ConcatMap");
        Assert.Equal(graphed, graphs.Any(k => k.StartsWith("ConcatMap.", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AtTheDefaultLevel_AProducerThatChecksBeforeEnteringTheDrain_IsStillAnalysedAndReported()
    {
        // The producer tests the flag before the call that enters the drain: that access is outside it, so the drain's
        // store of the flag and its next read of the queue can close a cycle with the enqueue and that test.
        var source = WorkInProgressCounterTests.Operator
            .Replace("_queue.Enqueue(value);", "_queue.Enqueue(value); if (_disposed) { return; }")
            .Replace("__TAKE__", WorkInProgressCounterTests.ReturnUnlessTaken).Replace("__LOOP__", WorkInProgressCounterTests.Forever).Replace("__RELEASE__", WorkInProgressCounterTests.AddMissed);
        var (diagnostics, graphs) = await Observed(source, "ConcatMap");
        Assert.Contains(diagnostics, d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "Drain");
        Assert.Contains("ConcatMap.Drain", graphs);
    }

    [Fact]
    public async Task AtTheDefaultLevel_ACounterNothingLetsGoOf_IsNoDrainInTheScanEither()
    {
        // `_once` is only ever raised: a one-shot latch, which the dataflow takes for no lock (docs/design.md §7). The
        // scan must not take the blocks it guards for a drain: the pair of the two blocks is left to the dataflow.
        var source = """
            using System.Collections.Concurrent;
            using System.Threading;

            class Latch
            {
                private readonly ConcurrentQueue<object> _queue = new();
                private volatile bool _disposed;
                private int _once;

                public void OnNext(object value)
                {
                    _queue.Enqueue(value);
                    if (Interlocked.Increment(ref _once) == 1) { if (_disposed) { Wake(); } }
                }

                public void Dispose()
                {
                    if (Interlocked.Increment(ref _once) == 1) { _disposed = true; if (!_queue.IsEmpty) { Wake(); } }
                }

                void Wake() { }
            }
            """;
        var (_, graphs) = await Observed(source, "Latch");
        Assert.Contains("Latch.Dispose", graphs);
        Assert.Contains("Latch.OnNext", graphs);
    }

    private const string FencedAfterSource = """
        using System.Threading;

        class FencedAfter
        {
            private volatile int _x, _y;
            private volatile bool _go;
            private int _wip, _z;
            private readonly Sink _sink = new();

            public void A() { __A__ if (_y == 0) { Wake(); } }
            public void B() { _y = 1; Interlocked.MemoryBarrier(); if (_x == 0) { Wake(); } }
            void Enter() { if (Interlocked.Increment(ref _wip) == 1) { Wake(); } }
            protected virtual void EnterLater() { Interlocked.MemoryBarrier(); }
            void Wake() { }
        }

        sealed class Sink
        {
            public void Touch(bool done) { }
            public void Take(ref int value) { }
        }
        """;

    [Theory]
    // A full fence follows the store on every path before the check (docs/design.md §8, "Fences after a store"): a
    // barrier, an `Interlocked` operation, a callee that begins with one, after inert stores, after an `if` whose
    // branches both store. With B fenced too, every half starts fenced: no member gets a graph, and nothing is reported.
    [InlineData("_x = 1; Interlocked.MemoryBarrier();", false)]
    [InlineData("_x = 1; Interlocked.Increment(ref _wip);", false)]
    [InlineData("_x = 1; Enter();", false)]
    [InlineData("Volatile.Write(ref _x, 1); _z = 2; if (Interlocked.Increment(ref _wip) != 1) { return; }", false)]
    [InlineData("if (_go) { _x = 1; } else { _x = 2; } Interlocked.Exchange(ref _wip, 0);", false)]
    // Between them, locals set from other fields, an `if` on them, and calls on the object another field holds.
    [InlineData("_x = 1; var go = Volatile.Read(ref _go); if (go && _z == 0) { _sink.Touch(go); } else { _sink.Touch(false); } Interlocked.MemoryBarrier();", false)]
    [InlineData("_x = 1; var sink = _sink; sink.Touch(true); Interlocked.MemoryBarrier();", false)]
    // Near misses, left to the dataflow: a call between the store and the fence, a check of the other field before it,
    // a store of the other field before it (the R shape's store-store half), a virtual callee an override may replace, a
    // fence whose argument loads the other field first, a fence after a loop (its condition comes after the store).
    // The scan cannot tell which of these the dataflow would find fenced; it leaves each to it.
    [InlineData("_x = 1; Wake(); Interlocked.MemoryBarrier();", true)]
    [InlineData("_x = 1; if (_y == 1) { return; } Interlocked.MemoryBarrier();", true)]
    [InlineData("_x = 1; _y = 2; Interlocked.MemoryBarrier();", true)]
    [InlineData("_x = 1; EnterLater();", true)]
    [InlineData("_x = 1; Interlocked.Exchange(ref _wip, _y);", true)]
    [InlineData("while (_go) { _x = 1; } Interlocked.MemoryBarrier();", true)]
    // A check of the other field in a condition or a local between them, a branch that leaves, a field passed by reference.
    [InlineData("_x = 1; if (_go || _y == 2) { _sink.Touch(true); } Interlocked.MemoryBarrier();", true)]
    [InlineData("_x = 1; var seen = _y; Interlocked.MemoryBarrier();", true)]
    [InlineData("_x = 1; if (_go) { return; } Interlocked.MemoryBarrier();", true)]
    [InlineData("_x = 1; _sink.Take(ref _z); Interlocked.MemoryBarrier();", true)]
    // A call on a local the member sets again: the scan does not follow which object it holds.
    [InlineData("_x = 1; var sink = _sink; sink.Touch(true); Interlocked.MemoryBarrier(); sink = null;", true)]
    public async Task AtTheDefaultLevel_AStoreAFullFenceFollows_StartsAFencedHalf(string storeAndFence, bool graphed)
    {
        var (diagnostics, graphs) = await Observed(FencedAfterSource.Replace("__A__", storeAndFence), "FencedAfter");
        Assert.Equal(graphed, graphs.Any(k => k.StartsWith("FencedAfter.", StringComparison.Ordinal)));
        if (!graphed)
        {
            Assert.Empty(diagnostics);
        }
    }

    [Fact]
    public async Task AtTheDefaultLevel_ACheckBeforeTheFence_IsStillReported()
    {
        // The load of _y comes before A's fence: A's half is unfenced against B's fenced one (FEN001).
        var (diagnostics, _) = await Observed(FencedAfterSource.Replace("__A__", "_x = 1; if (_y == 1) { return; } Interlocked.MemoryBarrier();"), "FencedAfter");
        Assert.Contains(diagnostics, d => d.Id == DiagnosticIds.OneSidedFence && d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "A");
    }

    private const string LockedChecksSource = """
        using System.Threading;

        class LockedChecks
        {
            private readonly object _gate = new object();
            private volatile int _x, _y;

            public void A() { _x = 1; lock (_gate) { if (_y == 0) { Wake(); } } }
            public void B() { _y = 1; Check(); }
            void Check() { lock (_gate) { if (_x == 0) { Wake(); } } }
            void Wake() { }
        }

        class HelperUnderLock
        {
            private readonly object _gate = new object();
            private volatile int _x, _y;

            public void A() { lock (_gate) { SetX(); } }
            public void B() { _y = 1; lock (_gate) { if (_x == 0) { Wake(); } } }
            void SetX() { _x = 1; if (_y == 0) { Wake(); } }
            void Wake() { }
        }

        class HelperAlsoOutside
        {
            private readonly object _gate = new object();
            private volatile int _x, _y;

            public void A() { lock (_gate) { SetX(); } }
            public void B() { _y = 1; lock (_gate) { if (_x == 0) { Wake(); } } }
            public void C() { SetX(); }
            void SetX() { _x = 1; if (_y == 0) { Wake(); } }
            void Wake() { }
        }

        class HelperInALambda
        {
            private readonly object _gate = new object();
            private volatile int _x, _y;

            public void A() { lock (_gate) { Helper(); } }
            public void B() { _y = 1; lock (_gate) { if (_x == 0) { Wake(); } } }
            void Helper() { System.Threading.Tasks.Task.Run(() => SetX()); }
            void SetX() { _x = 1; if (_y == 0) { Wake(); } }
            void Wake() { }
        }

        class OneCheckOutside
        {
            private readonly object _gate = new object();
            private volatile int _x, _y;

            public void A() { _x = 1; lock (_gate) { if (_y == 0) { Wake(); } } }
            public void B() { _y = 1; if (_x == 0) { Wake(); } lock (_gate) { Wake(); } }
            void Wake() { }
        }
        """;

    [Fact]
    public async Task AtTheDefaultLevel_HalvesThatAllMeetOneLock_GetNoGraph_AndOneThatMissesItIsReported()
    {
        // LockedChecks: each side stores outside the lock and checks inside it (itself, or in a helper it calls): one
        // critical section lies between every half's store and its load, so no cycle can be left. OneCheckOutside: B
        // checks before it enters the lock, and the pair is a handshake. HelperUnderLock: the helper that stores and checks
        // is called only inside the lock, so it runs holding it (as the dataflow takes the locks every caller holds);
        // HelperAlsoOutside: C calls it outside the lock too, and its half is unordered there. HelperInALambda: the helper
        // entered holding the lock calls SetX only from a lambda it starts, which runs later, under no lock.
        var (diagnostics, graphs) = await Observed(LockedChecksSource, "LockedChecks", "OneCheckOutside", "HelperUnderLock", "HelperAlsoOutside", "HelperInALambda");
        Assert.DoesNotContain(diagnostics, d => In(d, "LockedChecks") || In(d, "HelperUnderLock"));
        Assert.Contains(diagnostics, d => In(d, "OneCheckOutside"));
        Assert.Contains(diagnostics, d => In(d, "HelperAlsoOutside") && d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "SetX");
        Assert.DoesNotContain(graphs, k => k.StartsWith("LockedChecks.", StringComparison.Ordinal) || k.StartsWith("HelperUnderLock.", StringComparison.Ordinal));
        Assert.Contains("OneCheckOutside.B", graphs);
        Assert.Contains("HelperAlsoOutside.SetX", graphs);
        Assert.Contains(diagnostics, d => In(d, "HelperInALambda") && d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "SetX");
        Assert.Contains("HelperInALambda.SetX", graphs);
    }

    /// <summary>The default-level diagnostics of <paramref name="source"/>, and the members of <paramref name="types"/> given a graph (as <c>Type.Member</c>).</summary>
    private static async Task<(ImmutableArray<Diagnostic> Diagnostics, ICollection<string> Graphs)> Observed(string source, params string[] types)
    {
        var observer = new Recorder(types);
        AnalysisObservers.Current = observer;
        try
        {
            var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(observer.Watch(AnalyzerRunner.Compile(source)), audit: false);
            Assert.Empty(exceptions);
            return (diagnostics, observer.Members.Keys);
        }
        finally
        {
            AnalysisObservers.Current = null;
        }
    }

    /// <summary>The classes below, after <see cref="HeldObjectCallTests.AtomicFlag"/> (which brings `using System.Threading;`).</summary>
    private const string OtherObjectsSource = HeldObjectCallTests.AtomicFlag + """

        sealed class Node
        {
            public volatile int X, Y;
        }

        struct Pair
        {
            public int X, Y;
        }

        class MethodOnHeld
        {
            private readonly AtomicFlag _stopping = new(), _running = new();

            public void Stop() { _stopping.Set(); if (!_running.Value) { Wake(); } }
            public void Loop() { _running.Set(); if (_stopping.Value) { Wake(); } }
            void Wake() { }
        }

        class SetterOnHeld
        {
            private readonly AtomicFlag _stopping = new(), _running = new();

            public void Stop() { _stopping.Value = true; if (!_running.Value) { Wake(); } }
            public void Loop() { _running.Value = true; if (_stopping.Value) { Wake(); } }
            void Wake() { }
        }

        class OtherNodes
        {
            int _seen;

            public int Seen() => Volatile.Read(ref _seen); // a sign of sharing: the type is analysed
            public void A(Node node) { node.X = 1; if (node.Y == 0) { Wake(); } }
            public void B(Node node) { node.Y = 1; if (node.X == 0) { Wake(); } }
            public void C() { var pair = new Pair(); pair.X = 1; if (pair.Y == 0) { Wake(); } }
            public void D(ref Pair pair) { pair.Y = 1; if (pair.X == 0) { Wake(); } }
            void Wake() { }
        }

        sealed class Holder
        {
            public Node Node = new();
        }

        class DeeperObjects
        {
            private readonly Holder _holder = new();
            int _seen;

            public int Seen() => Volatile.Read(ref _seen);
            public void A() { _holder.Node.X = 1; if (_holder.Node.Y == 0) { Wake(); } }
            public void B() { Current().Y = 1; if (Current().X == 0) { Wake(); } }
            Node Current() => _holder.Node;
            void Wake() { }
        }

        class HeldNode
        {
            private readonly Node _node = new();
            int _seen;

            public int Seen() => Volatile.Read(ref _seen);
            public void A() { _node.X = 1; if (_node.Y == 0) { Wake(); } }
            public void B() { _node.Y = 1; if (_node.X == 0) { Wake(); } }
            void Wake() { }
        }

        class PassesThis
        {
            volatile int _x, _y;

            public void A() => Announce(this);
            public void B() { _y = 1; if (_x == 0) { Wake(); } }
            private static void Announce(PassesThis self) { self._x = 1; if (self._y == 0) { self.Wake(); } }
            void Wake() { }
        }
        """;

    [Fact]
    public async Task AtTheDefaultLevel_StoresThatAreNoLocationOfThisObjectsOwn_StartNoPair()
    {
        // What a method called on a field's object stores is the callee's (StoreInCallee): MethodOnHeld has no pair at the
        // default level, while SetterOnHeld's setters store where they are assigned. A field of a parameter of a method
        // others call, or of a struct in a local or a parameter, is no location of this object (OtherNodes); a private
        // method's parameter that receives only `this` is this object (PassesThis). The object a field of this object holds
        // is (HeldNode's _node.X), one held by another object's field or returned by a method is not (DeeperObjects).
        var types = new[] { "MethodOnHeld", "SetterOnHeld", "OtherNodes", "PassesThis", "DeeperObjects", "HeldNode" };
        var observer = new Recorder(types);
        AnalysisObservers.Current = observer;
        try
        {
            var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(observer.Watch(AnalyzerRunner.Compile(OtherObjectsSource)), audit: false);
            Assert.Empty(exceptions);
            Assert.DoesNotContain(diagnostics, d => In(d, "MethodOnHeld") || In(d, "OtherNodes") || In(d, "DeeperObjects"));
            Assert.Contains(diagnostics, d => In(d, "HeldNode"));
            Assert.Contains(diagnostics, d => In(d, "SetterOnHeld"));
            Assert.Contains(diagnostics, d => In(d, "PassesThis"));
        }
        finally
        {
            AnalysisObservers.Current = null;
        }

        Assert.DoesNotContain(observer.Members.Keys, k => k.StartsWith("MethodOnHeld.", StringComparison.Ordinal) || k.StartsWith("OtherNodes.", StringComparison.Ordinal)
            || k.StartsWith("DeeperObjects.", StringComparison.Ordinal));
        Assert.Contains("HeldNode.A", observer.Members.Keys);
        Assert.Contains("SetterOnHeld.Stop", observer.Members.Keys);
        Assert.Contains("PassesThis.Announce", observer.Members.Keys);

        // At the audit level the weaker cases are analysed (the stores into the held flags reported, with their weakness).
        var audit = new Recorder(types);
        AnalysisObservers.Current = audit;
        try
        {
            var (diagnostics, _) = await AnalyzerRunner.RunAsync(audit.Watch(AnalyzerRunner.Compile(OtherObjectsSource)), audit: true);
            Assert.Contains(diagnostics, d => In(d, "MethodOnHeld") && Weakness(d).Contains("StoreInCallee", StringComparison.Ordinal));
        }
        finally
        {
            AnalysisObservers.Current = null;
        }

        Assert.Contains("MethodOnHeld.Stop", audit.Members.Keys);
        Assert.Contains("OtherNodes.A", audit.Members.Keys);
    }

    private const string CopiesSource = """
        using System.Collections.Concurrent;
        using System.Threading;

        class ReadThroughCopy
        {
            int[] _cells = new int[4];
            volatile int _version;

            public void A() { _version = 1; var cells = _cells; if (cells[0] == 0) { Wake(); } }
            public void B() { var cells = _cells; var copy = cells; int n = copy.Length; if (_version == 0 && n > cells[1]) { Wake(); } }
            void Wake() { }
        }

        class StoreThroughCopy
        {
            int[] _slots = new int[4];
            int _flag;

            public void A() { var slots = _slots; var again = slots; again[0] = 1; if (Volatile.Read(ref _flag) == 0) { Wake(); } }
            public void B() { Interlocked.Exchange(ref _flag, 1); if (_slots[0] == 0) { Wake(); } }
            void Wake() { }
        }

        struct Tally
        {
            public int Count;
        }

        class ReadThroughMember
        {
            Tally _tally;
            volatile int _version;

            public void A() { _version = 1; if (_tally.Count == 0) { Wake(); } }
            public void B() { int sum = 0; sum += _tally.Count; if (_version == 0 && sum > 0) { Wake(); } }
            void Wake() { }
        }

        class StoreIntoMember
        {
            Tally _tally;
            int _version;

            public void A() { Interlocked.Exchange(ref _version, 1); if (_tally.Count == 0) { Wake(); } }
            public void B() { _tally.Count = 1; if (Volatile.Read(ref _version) == 0) { Wake(); } }
            void Wake() { }
        }

        class ReadThroughRef
        {
            Tally[] _tallies = new Tally[4];
            volatile int _version;

            public void A() { _version = 1; ref var t = ref _tallies[0]; if (t.Count == 0) { Wake(); } }
            public void B() { ref var t = ref _tallies[1]; int n = t.Count; if (_version == 0 && n > 0) { Wake(); } }
            void Wake() { }
        }

        class StoreThroughRef
        {
            Tally[] _tallies = new Tally[4];
            int _version;

            public void A() { Interlocked.Exchange(ref _version, 1); if (_tallies[0].Count == 0) { Wake(); } }
            public void B() { ref var t = ref _tallies[0]; ref var u = ref t; u.Count = 1; if (Volatile.Read(ref _version) == 0) { Wake(); } }
            void Wake() { }
        }

        class PatternCopy
        {
            object _work = new ConcurrentQueue<int>();
            volatile bool _idle;

            public void Post() { if (_work is ConcurrentQueue<int> q) { q.Enqueue(1); } if (_idle) { Wake(); } }
            public void Drain() { _idle = true; if (_work is ConcurrentQueue<int> q && !q.IsEmpty) { Wake(); } }
            void Wake() { }
        }
        """;

    [Fact]
    public async Task AtTheDefaultLevel_ACopyOfAFieldStoresWhatIsStoredThroughIt()
    {
        // A local holding a field's value is that field's value (docs/design.md §5): the copy stores nothing itself, a store
        // through it (an element, a collection's contents; also through a copy of the copy, or a pattern's local) is a
        // store of the field. ReadThroughCopy's B only reads through its copies, so no member stores _cells and no member of
        // the type gets a graph; StoreThroughCopy's A and PatternCopy's Post store through theirs, and the handshakes they
        // take part in are reported (at A; at Drain, whose partner's Enqueue is a full fence). Likewise a struct field is
        // stored where one of its members is written (StoreIntoMember's B), not where one is read, also into a sum
        // (ReadThroughMember's B); and a `ref` local bound to an element (also through another `ref` local) is that
        // element: a store through it is a store of the array's elements (StoreThroughRef's B), a read is none
        // (ReadThroughRef).
        var (diagnostics, members) = await RunRecorded(CopiesSource, audit: false,
            "ReadThroughCopy", "StoreThroughCopy", "ReadThroughMember", "StoreIntoMember", "ReadThroughRef", "StoreThroughRef", "PatternCopy");
        Assert.DoesNotContain(diagnostics, d => In(d, "ReadThroughCopy") || In(d, "ReadThroughMember") || In(d, "ReadThroughRef"));
        Assert.Contains(diagnostics, d => In(d, "StoreThroughRef") && d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "B");
        Assert.Contains(diagnostics, d => In(d, "StoreIntoMember") && d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "B");
        Assert.Contains(diagnostics, d => In(d, "StoreThroughCopy") && d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "A");
        Assert.Contains(diagnostics, d => In(d, "PatternCopy") && d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "Drain");

        Assert.DoesNotContain(members, k => k.StartsWith("ReadThroughCopy.", StringComparison.Ordinal) || k.StartsWith("ReadThroughMember.", StringComparison.Ordinal)
            || k.StartsWith("ReadThroughRef.", StringComparison.Ordinal));
        Assert.Contains("StoreThroughRef.B", members);
        Assert.Contains("StoreIntoMember.B", members);
        Assert.Contains("StoreThroughCopy.A", members);
        Assert.Contains("PatternCopy.Post", members);
    }

    [Fact]
    public async Task AtTheDefaultLevel_AFieldReachedThroughALocalGivenMoreThanOneValue_IsAnotherObjects()
    {
        // A local given one value is that value (docs/design.md §5): OneValue's `var t = this;` is this object, and its
        // handshake is reported. A local given a second value holds no one object — Walks steps `t = t._next` through a
        // list of other objects, as a lock-free table's operations move on to its next table —, so at the default level
        // what is reached through it is no location of this object (Walks), and a call made on it brings none of the
        // callee's accesses (WalksCalls' A: the setter it calls stores into another object): neither type gets a graph. A second value given inside a lambda is that lambda's (Captured: its
        // `t` is assigned twice in A's own body and once, to this object, in the lambda A starts, whose store and check are
        // this object's).
        const string source = """
            using System.Threading.Tasks;

            class OneValue
            {
                volatile int _x, _y;

                public void A() { var t = this; t._x = 1; if (t._y == 0) { Wake(); } }
                public void B() { var t = this; var u = t; u._y = 1; if (u._x == 0) { Wake(); } }
                void Wake() { }
            }

            class Walks
            {
                volatile int _x, _y;
                Walks? _next;

                public void A() { var t = this; while (t != null) { t._x = 1; if (t._y == 0) { Wake(); } t = t._next; } }
                public void B() { for (var t = this; t != null; t = t._next) { t._y = 1; if (t._x == 0) { Wake(); } } }
                void Wake() { }
            }

            class WalksCalls
            {
                volatile int _x, _y;
                WalksCalls? _next;

                int X { set { _x = value; } }

                public void A() { var t = this; t = t._next ?? t; t.X = 1; if (_y == 0) { Wake(); } }
                public void B() { _y = 1; if (_x == 0) { Wake(); } }
                void Wake() { }
            }

            class Captured
            {
                volatile int _x, _y;
                Captured? _next;

                public void A() { var t = this; t = t._next ?? t; Task.Run(() => { t = this; t._x = 1; if (t._y == 0) { Wake(); } }); }
                public void B() { _y = 1; if (_x == 0) { Wake(); } }
                void Wake() { }
            }
            """;
        var types = new[] { "OneValue", "Walks", "WalksCalls", "Captured" };
        var (diagnostics, members) = await RunRecorded(source, audit: false, types);
        Assert.Contains(diagnostics, d => In(d, "OneValue") && d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "A");
        Assert.Contains(diagnostics, d => In(d, "OneValue") && d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "B");
        Assert.Contains(diagnostics, d => In(d, "Captured") && d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "B");
        AssertNotAnalysed(diagnostics, members, "Walks");
        AssertNotAnalysed(diagnostics, members, "WalksCalls");
        Assert.Contains("OneValue.A", members);
        Assert.Contains("OneValue.B", members);
        Assert.Contains("Captured.B", members);

        // At the audit level another object's fields are analysed, with their weakness.
        var (_, audited) = await RunRecorded(source, audit: true, types);
        Assert.Contains("Walks.A", audited);
    }

    [Fact]
    public async Task TheLengthOfAReadonlyArray_AndAValueStoredIntoAnotherLocation_AreNoAccessOfTheirField()
    {
        // A readonly field is no location itself, only what it holds may be (docs/design.md §5), and an array's length never
        // changes: LengthOnly's B, which stores _version and then reads only _slots.Length, checks nothing A stores, and
        // the type gets no graph; ElementRead's B reads an element and the handshake is reported. A value stored into
        // another location is only read: Sentinel's A stores _slot (the marker converted to object), not Marker, so no
        // pair starts with Marker; Stored's A, which also reads _slot after B's store, is reported.
        const string source = """
            using System.Threading.Tasks;

            class LengthOnly
            {
                readonly int[] _slots = new int[4];
                volatile int _version;

                public void A() { _slots[0] = 1; if (_version == 0) { Wake(); } }
                public void B() { _version = 1; if (_slots.Length == 0) { Wake(); } }
                public void Go() { Task.Run(A); Task.Run(B); }
                void Wake() { }
            }

            class ElementRead
            {
                readonly int[] _slots = new int[4];
                volatile int _version;

                public void A() { _slots[0] = 1; if (_version == 0) { Wake(); } }
                public void B() { _version = 1; if (_slots[0] == 0) { Wake(); } }
                public void Go() { Task.Run(A); Task.Run(B); }
                void Wake() { }
            }

            class Sentinel
            {
                static readonly int[] Marker = new int[1];
                object? _slot;
                volatile int _flag;

                public void A() { _slot = Marker; if (_flag == 0) { Wake(); } }
                public void B() { _flag = 1; if (Marker[0] == 0) { Wake(); } }
                public void Go() { Task.Run(A); Task.Run(B); }
                void Wake() { }
            }

            class Stored
            {
                static readonly int[] Marker = new int[1];
                object? _slot;
                volatile int _flag;

                public void A() { _slot = Marker; if (_flag == 0) { Wake(); } }
                public void B() { _flag = 1; if (_slot == null) { Wake(); } }
                public void Go() { Task.Run(A); Task.Run(B); }
                void Wake() { }
            }
            """;
        var (diagnostics, members) = await RunRecorded(source, audit: false, "LengthOnly", "ElementRead", "Sentinel", "Stored");
        AssertNotAnalysed(diagnostics, members, "LengthOnly");
        AssertNotAnalysed(diagnostics, members, "Sentinel");
        Assert.Contains(diagnostics, d => In(d, "ElementRead") && d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "B");
        Assert.Contains(diagnostics, d => In(d, "Stored") && d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "A");
        Assert.Contains("ElementRead.A", members);
        Assert.Contains("Stored.B", members);
    }

    [Fact]
    public async Task AtTheDefaultLevel_TheReceiverOfAnUnresolvedMemberStoresNothing()
    {
        // A call or member the compilation cannot resolve (a package reference missing, as in a folder audit) is no store the
        // analysis sees: Unresolved's B, which only logs through such a type, stores nothing, so the type gets no graph;
        // Resolved, whose B stores into a queue (a collection Fencer follows), is analysed and reported (at A: the enqueue is
        // a full fence).
        const string source = """
            using System.Collections.Concurrent;
            using System.Threading;

            class Unresolved
            {
                readonly Missing.Logger _log = null!;
                volatile int _version;

                public void A() { _version = 1; if (_log.Level == 0) { Wake(); } }
                public void B() { _log?.Write("b"); _log.Flush(); if (_version == 0) { Wake(); } }
                void Wake() { }
            }

            class Resolved
            {
                readonly ConcurrentQueue<int> _queue = new();
                volatile int _version;

                public void A() { _version = 1; if (_queue.IsEmpty) { Wake(); } }
                public void B() { _queue.Enqueue(1); if (_version == 0) { Wake(); } }
                void Wake() { }
            }
            """;
        var (diagnostics, members) = await RunRecorded(source, audit: false, "Unresolved", "Resolved");
        Assert.DoesNotContain(diagnostics, d => d.Id.StartsWith("FEN", StringComparison.Ordinal) && In(d, "Unresolved"));
        Assert.Contains(diagnostics, d => In(d, "Resolved") && d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "A");

        Assert.DoesNotContain(members, k => k.StartsWith("Unresolved.", StringComparison.Ordinal));
        Assert.Contains("Resolved.B", members);
    }

    [Fact]
    public async Task AtTheDefaultLevel_AUseOfAPropertyRunsOnlyTheAccessorItCalls()
    {
        // Reading a property runs its getter, assigning it its setter, a compound assignment or an increment both
        // (docs/design.md §8, "Cost"): ReadsProperty's B only reads Count, so it announces nothing its setter stores and
        // no member of the type gets a graph; AssignsProperty's B (an assignment) and C (an increment) store _count through
        // the setter, where the property is assigned (§6), and the handshakes are reported.
        const string source = """
            class ReadsProperty
            {
                volatile int _count, _x;

                public int Count { get => _count; set { _count = value; Changed(); } }
                public void A() { _x = 1; if (Count == 0) { Wake(); } }
                public void B() { if (Count > 0 && _x == 0) { Wake(); } }
                void Changed() { }
                void Wake() { }
            }

            class AssignsProperty
            {
                volatile int _count, _x;

                public int Count { get => _count; set { _count = value; Changed(); } }
                public void A() { _x = 1; if (Count == 0) { Wake(); } }
                public void B() { Count = 1; if (_x == 0) { Wake(); } }
                public void C() { Count++; if (_x == 0) { Wake(); } }
                void Changed() { }
                void Wake() { }
            }
            """;
        var (diagnostics, members) = await RunRecorded(source, audit: false, "ReadsProperty", "AssignsProperty");
        AssertNotAnalysed(diagnostics, members, "ReadsProperty");
        AssertReportedAt(diagnostics, members, "AssignsProperty", "B");
        AssertReportedAt(diagnostics, members, "AssignsProperty", "C");
    }

    [Fact]
    public async Task AtTheDefaultLevel_APairNeedsAnAccessAfterTheStoreInTheText_OrInALoopAroundIt()
    {
        // A half is a store, then an access of another location on a path from it (docs/design.md §8, "Cost"). In a member
        // with no nested function and no goto, what is written before a store (outside any loop around it) runs before it:
        // CheckThenAct's sides each check, then store, so no member gets a graph; nor do ChecksInACallee's, whose check is
        // made by a predicate called before the store. A check written before the store inside a loop around it runs again
        // after it (InALoop.A), a predicate called after the store checks after it (AfterTheStore.A), and a copy of a
        // collection taken before the store is read through after it (ThroughACopy.A): those are reported.
        const string source = """
            using System.Collections.Concurrent;

            class CheckThenAct
            {
                volatile int _x, _y;

                public void A() { if (_y == 0) { _x = 1; } }
                public void B() { if (_x == 0) { _y = 1; } }
            }

            class ChecksInACallee
            {
                volatile int _x, _y;

                public void A() { if (IsIdle()) { _x = 1; } }
                public void B() { _y = 1; if (_x == 0) { Wake(); } }
                bool IsIdle() => _y == 0;
                void Wake() { }
            }

            class InALoop
            {
                volatile int _x, _y;

                public void A() { while (true) { if (_y != 0) { return; } _x = 1; } }
                public void B() { _y = 1; if (_x == 0) { Wake(); } }
                void Wake() { }
            }

            class AfterTheStore
            {
                volatile int _x, _y;

                public void A() { _x = 1; if (IsIdle()) { Wake(); } }
                public void B() { _y = 1; if (_x == 0) { Wake(); } }
                bool IsIdle() => _y == 0;
                void Wake() { }
            }

            class ThroughACopy
            {
                readonly ConcurrentQueue<int> _queue = new();
                volatile bool _idle;

                public void A() { var q = _queue; _idle = true; if (!q.IsEmpty) { Wake(); } }
                public void B() { _queue.Enqueue(1); if (_idle) { Wake(); } }
                void Wake() { }
            }
            """;
        var (diagnostics, members) = await RunRecorded(source, audit: false, "CheckThenAct", "ChecksInACallee", "InALoop", "AfterTheStore", "ThroughACopy");
        AssertNotAnalysed(diagnostics, members, "CheckThenAct");
        AssertNotAnalysed(diagnostics, members, "ChecksInACallee");
        foreach (var type in new[] { "InALoop", "AfterTheStore", "ThroughACopy" })
        {
            AssertReportedAt(diagnostics, members, type, "A");
        }

        // At the audit level a store made in a callee announces too, and no order is kept: CheckThenAct is analysed.
        var (_, audited) = await RunRecorded(source, audit: true, "CheckThenAct");
        Assert.Contains("CheckThenAct.A", audited);
    }

    [Fact]
    public async Task AtTheDefaultLevel_AConstructorsOwnStoreStartsNoPair_ALambdaWrittenInItsDoes()
    {
        // A constructor is no side (docs/design.md §6, "Not sides"): only what a lambda or local function written in it does
        // runs once the object may be shared (§8, "Cost"). ConstructorStores' constructor stores _x itself, so B's pair has
        // no closing side and no member gets a graph; LambdaStores' constructor starts a lambda that stores _x, then checks
        // _y, and that handshake with B is reported.
        const string source = """
            using System.Threading;

            class ConstructorStores
            {
                volatile int _x, _y;

                public ConstructorStores() { _x = 1; ThreadPool.QueueUserWorkItem(_ => Poll()); if (_y == 0) { Wake(); } }
                public void B() { _y = 1; if (_x == 0) { Wake(); } }
                void Poll() { }
                void Wake() { }
            }

            class LambdaStores
            {
                volatile int _x, _y;

                public LambdaStores() { ThreadPool.QueueUserWorkItem(_ => { _x = 1; if (_y == 0) { Wake(); } }); }
                public void B() { _y = 1; if (_x == 0) { Wake(); } }
                void Wake() { }
            }
            """;
        var (diagnostics, members) = await RunRecorded(source, audit: false, "ConstructorStores", "LambdaStores");
        AssertNotAnalysed(diagnostics, members, "ConstructorStores");
        AssertReportedAt(diagnostics, members, "LambdaStores", "B");
    }

    [Fact]
    public async Task AtTheDefaultLevel_AParameterOfATypeThatCannotHoldThis_IsAnotherObject()
    {
        // A private method's parameter is a location of this object only when it always receives `this` (docs/design.md §5,
        // "Receivers"): one whose type is unrelated to the class (a request object passed between helpers) never can, so
        // its fields start no pair and OtherRequest gets no graph. A parameter of the class's own type (PassesThis in
        // OtherObjectsSource), or of a class derived from it or one it derives from, may receive it: Root's helper is analysed.
        const string source = """
            using System.Threading;

            sealed class Request
            {
                public int Count;
                public volatile bool Partial;
            }

            class OtherRequest
            {
                volatile int _seen;

                public int Seen() => _seen;
                public void Go(Request r) { Fill(r); Add(r); }
                private void Fill(Request r) { r.Partial = true; if (r.Count == 0) { Wake(); } }
                private void Add(Request r) { Interlocked.Increment(ref r.Count); if (!r.Partial) { Wake(); } }
                void Wake() { }
            }

            class Root
            {
                volatile int _x, _y;

                public void A() => Announce((Derived)this);
                public void B() { _y = 1; if (_x == 0) { Wake(); } }
                private static void Announce(Derived self) { self._x = 1; if (self._y == 0) { self.Wake(); } }
                protected void Wake() { }
            }

            class Derived : Root
            {
            }
            """;
        var (diagnostics, members) = await RunRecorded(source, audit: false, "OtherRequest", "Root");
        Assert.DoesNotContain(diagnostics, d => d.Id.StartsWith("FEN", StringComparison.Ordinal) && In(d, "OtherRequest"));
        Assert.DoesNotContain(members, k => k.StartsWith("OtherRequest.", StringComparison.Ordinal));
        Assert.Contains("Root.Announce", members);

        // At the audit level another object's fields are locations (weakness OtherObject): the helpers are analysed.
        var (_, audited) = await RunRecorded(source, audit: true, "OtherRequest");
        Assert.Contains("OtherRequest.Fill", audited);
    }

    [Fact]
    public async Task ALibraryCallOnAnObjectWhoseStateFencerFollows_StoresThereOnlyWhatTheDataflowSeesItStore()
    {
        // A call on a cancellation source, a task's source, an event or a concurrent collection held in a field stores into
        // the object's state only as the dataflow's table of such calls says (docs/design.md §8, "Cost"): reading Token stores
        // nothing, so TokenOnly's B announces nothing and no member gets a graph; Cancel is a read-modify-write, a full fence,
        // so when every store of both fields is one (BothFenced) no half can be left unordered. A cancellation whose other
        // side stores a plain volatile flag (OneSideFenced) is still reported, on that side.
        const string source = """
            using System.Threading;

            class TokenOnly
            {
                readonly CancellationTokenSource _cts = new();
                volatile int _x;

                public void A() { _x = 1; if (_cts.IsCancellationRequested) { Wake(); } }
                public void B() { Use(_cts.Token); if (_x == 0) { Wake(); } }
                void Use(CancellationToken token) { }
                void Wake() { }
            }

            class BothFenced
            {
                readonly CancellationTokenSource _cts = new();
                int _x;

                public void A() { Interlocked.Exchange(ref _x, 1); if (_cts.IsCancellationRequested) { Wake(); } }
                public void B() { _cts.Cancel(); if (Volatile.Read(ref _x) == 0) { Wake(); } }
                void Wake() { }
            }

            class OneSideFenced
            {
                readonly CancellationTokenSource _cts = new();
                volatile int _x;

                public void A() { _x = 1; if (_cts.IsCancellationRequested) { Wake(); } }
                public void B() { _cts.Cancel(); if (_x == 0) { Wake(); } }
                void Wake() { }
            }
            """;
        var (diagnostics, members) = await RunRecorded(source, audit: false, "TokenOnly", "BothFenced", "OneSideFenced");
        AssertNotAnalysed(diagnostics, members, "TokenOnly");
        AssertNotAnalysed(diagnostics, members, "BothFenced");
        AssertReportedAt(diagnostics, members, "OneSideFenced", "A");
        Assert.DoesNotContain(diagnostics, d => In(d, "OneSideFenced") && d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "B");
    }

    [Fact]
    public async Task ACallIntoTheTypeOnAnotherObject_BringsOnlyItsStaticAccesses()
    {
        // A call on another object of the type (a peer held in a field, a new object) runs the callee on that object: what it
        // does to that object's fields is not this object's, as the dataflow sees it (docs/design.md §5, "Receivers"), so the
        // candidate scan does not count it either (§8, "Cost"). Peer's A checks _y only on _next: no member gets a graph.
        // The same check made on this object (OwnCheck) is a handshake, and so is one a peer's method makes of a static
        // field (StaticPeer: a static field is one location whatever object the call runs on).
        const string source = """
            class Peer
            {
                volatile int _x, _y;
                readonly Peer _next = new();

                public void A() { _x = 1; if (_next.Idle()) { Wake(); } }
                public void C() { _x = 2; if (new Peer().IsIdle) { Wake(); } }
                public void B() { _y = 1; if (_x == 0) { Wake(); } }
                public bool Idle() => _y == 0;
                public bool IsIdle => _y == 0;
                void Wake() { }
            }

            class OwnCheck
            {
                volatile int _x, _y;
                readonly OwnCheck _next = new();

                public void A() { _x = 1; if (this.Idle()) { _next.Wake(); } }
                public void B() { _y = 1; if (_x == 0) { Wake(); } }
                public bool Idle() => _y == 0;
                void Wake() { }
            }

            class StaticPeer
            {
                static volatile int s_x, s_y;
                readonly StaticPeer _next = new();

                public void A() { s_x = 1; if (_next.Idle()) { Wake(); } }
                public void B() { s_y = 1; if (s_x == 0) { Wake(); } }
                public bool Idle() => s_y == 0;
                void Wake() { }
            }
            """;
        var (diagnostics, members) = await RunRecorded(source, audit: false, "Peer", "OwnCheck", "StaticPeer");
        AssertNotAnalysed(diagnostics, members, "Peer");
        AssertReportedAt(diagnostics, members, "OwnCheck", "A");
        AssertReportedAt(diagnostics, members, "StaticPeer", "A");
        Assert.Contains("StaticPeer.Idle", members);
    }

    [Fact]
    public async Task AtTheDefaultLevel_APairWithOneSharedField_IsAnalysedOnlyWhenItsSidesMayRace()
    {
        // Two members neither of which is started race, at the default level, only when both locations are shared, a barrier
        // or an atomic announcement is written in one of them (docs/design.md §6, "Concurrency"); with one location shared, a
        // started body races with any member. The candidate scan asks the same of a pair with one shared field (§8, "Cost"):
        // OneShared's members, with only _x shared, get no graph. Started (B runs as a task), Atomic (B's store of _x is a
        // read-modify-write, followed by its check) and InLambda (the started lambda is a side) are reported; UncheckedUpdate,
        // whose update is checked only inside a callee, and UpdatedInLock, whose update is made inside a critical section,
        // are no candidates.
        const string source = """
            using System.Threading;
            using System.Threading.Tasks;

            class OneShared
            {
                volatile int _x;
                int _y;

                public void A() { _y = 1; if (_x == 0) { Wake(); } }
                public void B() { _x = 1; if (_y == 0) { Wake(); } }
                void Wake() { }
            }

            class Started
            {
                volatile int _x;
                int _y;

                public void Go() => Task.Run(B);
                public void A() { _y = 1; if (_x == 0) { Wake(); } }
                void B() { _x = 1; if (_y == 0) { Wake(); } }
                void Wake() { }
            }

            class Atomic
            {
                int _x;
                int _y;

                public void A() { _y = 1; if (Volatile.Read(ref _x) == 0) { Wake(); } }
                public void B() { Interlocked.Exchange(ref _x, 1); if (_y == 0) { Wake(); } }
                void Wake() { }
            }

            class InLambda
            {
                volatile int _x;
                int _y;

                public void Go() => Task.Run(() => { _y = 1; if (_x == 0) { Wake(); } });
                public void B() { _x = 1; if (_y == 0) { Wake(); } }
                void Wake() { }
            }

            class UncheckedUpdate
            {
                int _x;
                int _y;

                public void A() { _y = 1; if (Volatile.Read(ref _x) == 0) { Wake(); } }
                public void B() { Interlocked.Exchange(ref _x, 1); Notify(); }
                void Notify() { if (_y == 0) { Wake(); } }
                void Wake() { }
            }

            class UpdatedInLock
            {
                readonly object _gate = new();
                int _x;
                int _y;

                public void A() { _y = 1; if (Volatile.Read(ref _x) == 0) { Wake(); } }
                public void B() { lock (_gate) { Interlocked.Exchange(ref _x, 1); if (_y == 0) { Wake(); } } }
                void Wake() { }
            }
            """;
        var (diagnostics, members) = await RunRecorded(source, audit: false, "OneShared", "Started", "Atomic", "InLambda", "UncheckedUpdate", "UpdatedInLock");
        AssertNotAnalysed(diagnostics, members, "OneShared");
        AssertNotAnalysed(diagnostics, members, "UncheckedUpdate"); // an update whose check is made in a callee announces nothing
        AssertNotAnalysed(diagnostics, members, "UpdatedInLock"); // an update in a critical section is no atomic announcement
        AssertReportedAt(diagnostics, members, "Started", "A");
        AssertReportedAt(diagnostics, members, "Atomic", "A");
        AssertReportedAt(diagnostics, members, "InLambda", "B");
    }

    /// <summary>Runs the analyzer on <paramref name="source"/> with a recorder installed: the diagnostics, and the members of <paramref name="types"/> given a graph.</summary>
    private static async Task<(ImmutableArray<Diagnostic> Diagnostics, ICollection<string> Members)> RunRecorded(string source, bool audit, params string[] types)
    {
        var observer = new Recorder(types);
        AnalysisObservers.Current = observer;
        try
        {
            var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(observer.Watch(AnalyzerRunner.Compile(source)), audit);
            Assert.Empty(exceptions);
            return (diagnostics, observer.Members.Keys);
        }
        finally
        {
            AnalysisObservers.Current = null;
        }
    }

    /// <summary>Asserts that no member of <paramref name="type"/> got a control-flow graph, and no diagnostic was reported in it.</summary>
    private static void AssertNotAnalysed(ImmutableArray<Diagnostic> diagnostics, ICollection<string> members, string type)
    {
        Assert.DoesNotContain(diagnostics, d => d.Id.StartsWith("FEN", StringComparison.Ordinal) && In(d, type));
        Assert.DoesNotContain(members, k => k.StartsWith(type + ".", StringComparison.Ordinal));
    }

    /// <summary>Asserts that <paramref name="member"/> of <paramref name="type"/> got a control-flow graph and was reported as a side.</summary>
    [Fact]
    public async Task AtTheDefaultLevel_TheCompareAndSwapThatTakesASpinLock_IsNoAtomicAnnouncement()
    {
        // A tested compare-and-swap that takes a spin lock stores only where it succeeds, and enters the lock there: a check
        // after it is made inside the critical section, which announces nothing (docs/design.md §6, "Concurrency"; §7).
        // SpinGuarded's Write stores a plain _value and checks the gate; its Read takes the lock by CAS and checks _value in it:
        // no graph. Untested's Claim makes the same CAS without testing it: an atomic announcement, reported at Write.
        const string source = """
            using System.Threading;

            class SpinGuarded
            {
                int _gate;
                int _value;

                public void Write(int v) { _value = v; if (_gate == 0) { Wake(); } }
                public void Read()
                {
                    if (Interlocked.CompareExchange(ref _gate, 1, 0) == 0)
                    {
                        if (_value == 0) { Wake(); }
                        Volatile.Write(ref _gate, 0);
                    }
                }

                void Wake() { }
            }

            class Untested
            {
                int _gate;
                int _value;

                public void Write(int v) { _value = v; if (_gate == 0) { Wake(); } }
                public void Read()
                {
                    Interlocked.CompareExchange(ref _gate, 1, 0);
                    if (_value == 0) { Wake(); }
                }

                void Wake() { }
            }
            """;
        var (diagnostics, members) = await RunRecorded(source, audit: false, "SpinGuarded", "Untested");
        AssertNotAnalysed(diagnostics, members, "SpinGuarded");
        AssertReportedAt(diagnostics, members, "Untested", "Write");
    }

    [Fact]
    public async Task AtTheDefaultLevel_AStoreThatOnlyLeavesTheMember_AndANumberReadIntoALocal_AreFollowedOnlyByWhatCanRunAfterThem()
    {
        // A store followed in its block only by calls and a return runs nothing of its loop again; a number copied into a local
        // is read where it is copied (docs/design.md §8, "Cost"). Leaves' A stores _flag and returns: the next round's check of
        // _turn never follows it, and the type gets no graph; Loops, whose A goes round again, is reported. CopiedNumber's A
        // reads _turn into a local before it stores _flag: no graph; CopiedQueue's A reads the queue it copied after its store,
        // and is reported.
        const string source = """
            using System.Collections.Concurrent;
            using System.Threading.Tasks;

            class Leaves
            {
                int _flag;
                int _turn;

                public void A()
                {
                    while (true)
                    {
                        if (_turn != 0) { Wake(); }
                        if (Ready()) { _flag = 1; Wake(); return; }
                    }
                }

                public void B() { _turn = 1; if (_flag == 0) { Wake(); } }
                public void Go() { Task.Run(A); Task.Run(B); }
                bool Ready() => true;
                void Wake() { }
            }

            class Loops
            {
                int _flag;
                int _turn;

                public void A()
                {
                    while (true)
                    {
                        if (_turn != 0) { Wake(); }
                        if (Ready()) { _flag = 1; Wake(); }
                    }
                }

                public void B() { _turn = 1; if (_flag == 0) { Wake(); } }
                public void Go() { Task.Run(A); Task.Run(B); }
                bool Ready() => true;
                void Wake() { }
            }

            class CopiedNumber
            {
                int _flag;
                int _turn;

                public void A() { var turn = _turn; _flag = 1; if (turn == 0) { Wake(); } }
                public void B() { _turn = 1; if (_flag == 0) { Wake(); } }
                public void Go() { Task.Run(A); Task.Run(B); }
                void Wake() { }
            }

            class CopiedQueue
            {
                readonly ConcurrentQueue<int> _queue = new();
                int _flag;

                public void A() { var queue = _queue; _flag = 1; if (queue.IsEmpty) { Wake(); } }
                public void B() { _queue.Enqueue(1); if (_flag == 0) { Wake(); } }
                public void Go() { Task.Run(A); Task.Run(B); }
                void Wake() { }
            }
            """;
        var (diagnostics, members) = await RunRecorded(source, audit: false, "Leaves", "Loops", "CopiedNumber", "CopiedQueue");
        AssertNotAnalysed(diagnostics, members, "Leaves");
        AssertNotAnalysed(diagnostics, members, "CopiedNumber");
        AssertReportedAt(diagnostics, members, "Loops", "A");
        AssertReportedAt(diagnostics, members, "CopiedQueue", "A");
    }

    [Fact]
    public async Task AtTheDefaultLevel_APairIsOrderedWhenEveryStoreAHalfCanStartFromIsAFence()
    {
        // A pair none of whose halves can be left unordered closes no cycle (docs/design.md §8, "Cost"); at the default level
        // only the stores after which the other field may be accessed start halves. FencedHalves' Help counts its work with
        // read-modify-writes and sets _done plainly only on its way out: every half of (_done, _claimed) starts with a full
        // fence, and the type gets no graph. GoesRound sets _done plainly and goes on to the next round, which reads _claimed:
        // reported.
        const string source = """
            using System.Threading;
            using System.Threading.Tasks;

            class FencedHalves
            {
                int _done;
                int _claimed;

                public void Help()
                {
                    while (_done < 10)
                    {
                        if (_claimed > 5) { _done = 10; Wake(); return; }
                        Interlocked.Increment(ref _done);
                    }
                }

                public void Claim() { Interlocked.Increment(ref _claimed); if (_done == 0) { Wake(); } }
                public void Go() { Task.Run(Help); Task.Run(Claim); }
                void Wake() { }
            }

            class GoesRound
            {
                int _done;
                int _claimed;

                public void Help()
                {
                    while (_done < 10)
                    {
                        if (_claimed > 5) { _done = 10; Wake(); continue; }
                        Interlocked.Increment(ref _done);
                    }
                }

                public void Claim() { Interlocked.Increment(ref _claimed); if (_done == 0) { Wake(); } }
                public void Go() { Task.Run(Help); Task.Run(Claim); }
                void Wake() { }
            }
            """;
        var (diagnostics, members) = await RunRecorded(source, audit: false, "FencedHalves", "GoesRound");
        AssertNotAnalysed(diagnostics, members, "FencedHalves");
        AssertReportedAt(diagnostics, members, "GoesRound", "Help");
    }

    [Fact]
    public async Task ALocationPassedByReference_IsStoredInTheCallee_AtTheAuditLevelOnly()
    {
        // A location passed by reference to a method in source is stored inside it (docs/design.md §5, "By-reference
        // parameters"): the callee's store, which announces nothing at the default level (§6, StoreInCallee). ByRefHelper's A
        // passes _flag to such a helper: no graph at the default level, reported at the audit level. ByVolatileWrite's A
        // stores it with Volatile.Write, a release that does not order its later load: reported at the default level.
        const string source = """
            using System.Threading;
            using System.Threading.Tasks;

            class ByRefHelper
            {
                int _flag;
                int _turn;

                public void A() { Set(ref _flag); if (_turn == 0) { Wake(); } }
                public void B() { _turn = 1; if (_flag == 0) { Wake(); } }
                public void Go() { Task.Run(A); Task.Run(B); }
                static void Set(ref int location) { location = 1; }
                void Wake() { }
            }

            class ByVolatileWrite
            {
                int _flag;
                int _turn;

                public void A() { Volatile.Write(ref _flag, 1); if (_turn == 0) { Wake(); } }
                public void B() { _turn = 1; if (_flag == 0) { Wake(); } }
                public void Go() { Task.Run(A); Task.Run(B); }
                void Wake() { }
            }
            """;
        var (diagnostics, members) = await RunRecorded(source, audit: false, "ByRefHelper", "ByVolatileWrite");
        AssertNotAnalysed(diagnostics, members, "ByRefHelper");
        AssertReportedAt(diagnostics, members, "ByVolatileWrite", "A");
        var (audited, auditedMembers) = await RunRecorded(source, audit: true, "ByRefHelper");
        AssertReportedAt(audited, auditedMembers, "ByRefHelper", "A");
        Assert.Contains(audited, d => In(d, "ByRefHelper") && Weakness(d).Contains("StoreInCallee", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheReceiverOfAMethodGroup_StoresOnlyWhatTheCallWould()
    {
        // A method group on a field's object (`_helper.Run` passed as a delegate) reads the field: what the method does when
        // the delegate runs is the callee's (docs/design.md §8, "Cost"). Grouped's A stores nothing, and the type gets no
        // graph; Assigned's A stores a new helper into the field and is reported.
        const string source = """
            using System;
            using System.Threading.Tasks;

            class Helper { public void Run() { } }

            class Grouped
            {
                Helper _helper = new();
                volatile int _count;

                public void A() { Schedule(_helper.Run); if (_count == 0) { Wake(); } }
                public void B() { _count = 1; if (_helper == null) { Wake(); } }
                public void Go() { Task.Run(A); Task.Run(B); }
                void Schedule(Action action) { }
                void Wake() { }
            }

            class Assigned
            {
                Helper _helper = new();
                volatile int _count;

                public void A() { _helper = new Helper(); if (_count == 0) { Wake(); } }
                public void B() { _count = 1; if (_helper == null) { Wake(); } }
                public void Go() { Task.Run(A); Task.Run(B); }
                void Wake() { }
            }
            """;
        var (diagnostics, members) = await RunRecorded(source, audit: false, "Grouped", "Assigned");
        AssertNotAnalysed(diagnostics, members, "Grouped");
        AssertReportedAt(diagnostics, members, "Assigned", "A");
    }

    [Fact]
    public async Task AtTheDefaultLevel_AStructFieldAndAMemberOfItsStruct_AreNoPair()
    {
        // A member of a struct held in a field is a part of that field's location (docs/design.md §5, §8 "Cost"): Machine's Move
        // updates _state.Word, which the scan sees as both _state and Word, and Reset stores the whole struct, then reads Word
        // in it: no two locations, no graph. Ends, whose A and B update one struct field's member and check the other's, is reported.
        const string source = """
            using System.Threading;
            using System.Threading.Tasks;

            struct State { public long Word; }

            class Machine
            {
                State _state;

                public bool Move(long from, long to) => Interlocked.CompareExchange(ref _state.Word, to, from) == from;
                public void Reset() { _state = default; if (_state.Word != 0) { Wake(); } }
                public void Go() { Task.Run(() => Move(0, 1)); Task.Run(Reset); }
                void Wake() { }
            }

            class Ends
            {
                State _head;
                State _tail;

                public void A() { Interlocked.Exchange(ref _head.Word, 1); if (Volatile.Read(ref _tail.Word) == 0) { Wake(); } }
                public void B() { Volatile.Write(ref _tail.Word, 1); if (Volatile.Read(ref _head.Word) == 0) { Wake(); } }
                void Wake() { }
            }
            """;
        var (diagnostics, members) = await RunRecorded(source, audit: false, "Machine", "Ends");
        AssertNotAnalysed(diagnostics, members, "Machine");
        AssertReportedAt(diagnostics, members, "Ends", "B");
    }

    [Fact]
    public async Task AtTheDefaultLevel_APairWithAFieldOnlyEverUpdatedAtomically_ClosesNoCycle()
    {
        // A field every access of which is an Interlocked read-modify-write fences every half that stores it (at its store)
        // and every half that accesses it after a store (at that access): docs/design.md §2, §8 "Cost". Pages counts its
        // pages with Increment and Decrement only: no graph. Checked reads the count plainly after its store, and is reported.
        const string source = """
            using System.Threading;
            using System.Threading.Tasks;

            class Pages
            {
                int _count;
                object? _slot;

                public void Allocate() { Interlocked.Increment(ref _count); _slot = new object(); }
                public void Return() { if (_slot != null) { _slot = null; Interlocked.Decrement(ref _count); } }
                public void Go() { Task.Run(Allocate); Task.Run(Return); }
            }

            class Checked
            {
                int _count;
                object? _slot;

                public void A() { Interlocked.Increment(ref _count); if (_slot == null) { Wake(); } }
                public void B() { _slot = new object(); if (_count == 0) { Wake(); } }
                public void Go() { Task.Run(A); Task.Run(B); }
                void Wake() { }
            }
            """;
        var (diagnostics, members) = await RunRecorded(source, audit: false, "Pages", "Checked");
        AssertNotAnalysed(diagnostics, members, "Pages");
        AssertReportedAt(diagnostics, members, "Checked", "B");
    }

    [Fact]
    public async Task TheCallerOfAHelperThatIsASide_GetsAGraph_ButWhatItAlsoCallsDoesNot()
    {
        // A private helper runs as part of its callers, under the locks they hold: its callers get a graph for that, and for
        // whether they are set-up; what else a caller calls decides neither (docs/design.md §8, "Cost"). In CallerOnly the
        // helper H is a side of a handshake with the started B: H is reported, its caller C gets a graph, and Count, which only
        // C calls, gets none. In SideCalls, H itself calls Count, whose accesses follow H's store: Count gets a graph.
        const string source = """
            using System.Threading.Tasks;

            class CallerOnly
            {
                volatile int _x;
                int _y;
                int _z;

                public void Go() => Task.Run(B);
                public void C() { H(); Count(); }
                void H() { _y = 1; if (_x == 0) { Wake(); } }
                void B() { _x = 1; if (_y == 0) { Wake(); } }
                void Count() { _z++; }
                void Wake() { }
            }

            class SideCalls
            {
                volatile int _x;
                int _y;
                int _z;

                public void Go() => Task.Run(B);
                public void C() { H(); }
                void H() { _y = 1; Count(); if (_x == 0) { Wake(); } }
                void B() { _x = 1; if (_y == 0) { Wake(); } }
                void Count() { _z++; }
                void Wake() { }
            }
            """;
        var (diagnostics, members) = await RunRecorded(source, audit: false, "CallerOnly", "SideCalls");
        AssertReportedAt(diagnostics, members, "CallerOnly", "H");
        Assert.Contains("CallerOnly.C", members);
        Assert.DoesNotContain("CallerOnly.Count", members);
        AssertReportedAt(diagnostics, members, "SideCalls", "H");
        Assert.Contains("SideCalls.Count", members);
    }

    [Fact]
    public async Task AtTheDefaultLevel_AnAccessMadeOnlyInAnExceptionHandler_StartsNoPair()
    {
        // A catch clause is entered only from its try: an access written there is reached from a store made before it only
        // through the handler, error handling the default level does not report on either side (docs/design.md §6,
        // ErrorPath). The candidate scan leaves such accesses out (§8, "Cost"): a check in a handler that stores nothing
        // (InHandler's A, in a block or a filter), or in a callee's handler (InCalleeHandler's Retry, whose accesses its
        // callers reach only on its normal path), makes no pair, and no member gets a graph. A store written in a clause
        // is followed by the clause's own path: StoreInHandler's A stores and checks in one handler, NestedStore's A stores
        // in a handler nested in the one that checks; both are reported as they were before.
        const string source = """
            using System;
            using System.Threading;

            class InHandler
            {
                int _x, _y;

                public void A() { _x = 1; try { Work(); } catch (Exception) { if (_y == 0) { Wake(); } } }
                public void C() { _x = 2; try { Work(); } catch (Exception) when (_y == 0) { Wake(); } }
                public void B() { _y = 1; Interlocked.MemoryBarrier(); if (_x == 0) { Wake(); } }
                void Work() { }
                void Wake() { }
            }

            class InCalleeHandler
            {
                int _x, _y;

                public void A() { _x = 1; if (Retry()) { Wake(); } }
                bool Retry() { try { Work(); return false; } catch (Exception) { return _y == 0; } }
                public void B() { _y = 1; Interlocked.MemoryBarrier(); if (_x == 0) { Wake(); } }
                void Work() { }
                void Wake() { }
            }

            class StoreInHandler
            {
                int _x, _y;

                public void A() { try { Work(); } catch (Exception) { _x = 1; if (_y == 0) { Wake(); } } }
                public void B() { _y = 1; Interlocked.MemoryBarrier(); if (_x == 0) { Wake(); } }
                void Work() { }
                void Wake() { }
            }

            class NestedStore
            {
                int _x, _y;

                public void A() { try { Work(); } catch (Exception) { try { Work(); } catch (InvalidOperationException) { _x = 1; } if (_y == 0) { Wake(); } } }
                public void B() { _y = 1; Interlocked.MemoryBarrier(); if (_x == 0) { Wake(); } }
                void Work() { }
                void Wake() { }
            }
            """;
        var (diagnostics, members) = await RunRecorded(source, audit: false, "InHandler", "InCalleeHandler", "StoreInHandler", "NestedStore");
        AssertNotAnalysed(diagnostics, members, "InHandler");
        AssertNotAnalysed(diagnostics, members, "InCalleeHandler");
        AssertReportedAt(diagnostics, members, "StoreInHandler", "A");
        AssertReportedAt(diagnostics, members, "NestedStore", "A");

        // The audit level reports what the handlers check, as error handling: the scan leaves nothing out there.
        var (audit, _) = await RunRecorded(source, audit: true);
        foreach (var type in new[] { "InHandler", "InCalleeHandler" })
        {
            Assert.Contains(audit, d => In(d, type) && d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "A" && Weakness(d).Contains("ErrorPath", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WhatALambdaOrADelegateNamedDoes_IsNoPathOfTheMemberThatWritesIt(bool audit)
    {
        // A lambda is a body of its own (docs/design.md §4), and a method named as a delegate a member of its own: the
        // dataflow runs either where the delegate is invoked, which no path of the member that makes the delegate, nor of
        // that member's callers, follows. The candidate scan leaves a callee's lambdas out of what its callers reach, and
        // a delegate's target out of what the member that names it does (§8, "What callers reach"): InCalleeLambda's A
        // stores _x and calls Kick, whose lambda checks _y (as azure-amqp's wake-up helper schedules a drain that reads
        // the link's credit); CalledInLambda's Kick reaches the check through a call written in its lambda; NamesDelegate's
        // A hands Drain on as a callback (as azure-amqp's listener subscribes its accept handler). No A is a side, and no
        // member gets a graph, at either level. The member that writes a lambda still stands for the lambda's own side
        // (OwnLambda: a started lambda stores and checks); a local function, whose calls the dataflow follows, is still its
        // caller's (InLocalFunction's Idle answers through one); and a method both named and called is reached by the call
        // (NamedAndCalled): all are reported as before.
        const string source = """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            class InCalleeLambda
            {
                int _x, _y;

                public void A() { _x = 1; Kick(); }
                void Kick() { Later(() => { if (_y == 0) { Wake(); } }); }
                public void B() { _y = 1; Interlocked.MemoryBarrier(); if (_x == 0) { Wake(); } }
                static void Later(Action action) { }
                void Wake() { }
            }

            class CalledInLambda
            {
                int _x, _y;

                public void A() { _x = 1; Kick(); }
                void Kick() { Later(state => ((CalledInLambda)state!).Drain(), this); }
                void Drain() { if (_y == 0) { Wake(); } }
                public void B() { _y = 1; Interlocked.MemoryBarrier(); if (_x == 0) { Wake(); } }
                static void Later(Action<object?> action, object? state) { }
                void Wake() { }
            }

            class NamesDelegate
            {
                int _x, _y;

                public void A() { _x = 1; Later(Drain); }
                void Drain() { if (_y == 0) { Wake(); } }
                public void B() { _y = 1; Interlocked.MemoryBarrier(); if (_x == 0) { Wake(); } }
                static void Later(Action action) { }
                void Wake() { }
            }

            class NamedAndCalled
            {
                int _x, _y;

                public void A() { _x = 1; Later(Idle); if (Idle()) { Wake(); } }
                bool Idle() => _y == 0;
                public void B() { _y = 1; Interlocked.MemoryBarrier(); if (_x == 0) { Wake(); } }
                static void Later(Func<bool> check) { }
                void Wake() { }
            }

            class OwnLambda
            {
                int _x, _y;

                public void A() { Task.Run(() => { _x = 1; if (_y == 0) { Wake(); } }); }
                public void B() { _y = 1; Interlocked.MemoryBarrier(); if (_x == 0) { Wake(); } }
                void Wake() { }
            }

            class InLocalFunction
            {
                int _x, _y;

                public void A() { _x = 1; if (Idle()) { Wake(); } }
                bool Idle() { return Check(); bool Check() => _y == 0; }
                public void B() { _y = 1; Interlocked.MemoryBarrier(); if (_x == 0) { Wake(); } }
                void Wake() { }
            }
            """;
        var (diagnostics, members) = await RunRecorded(source, audit, "InCalleeLambda", "CalledInLambda", "NamesDelegate", "NamedAndCalled", "OwnLambda", "InLocalFunction");
        AssertNotAnalysed(diagnostics, members, "InCalleeLambda");
        AssertNotAnalysed(diagnostics, members, "CalledInLambda");
        AssertNotAnalysed(diagnostics, members, "NamesDelegate");
        AssertReportedAt(diagnostics, members, "NamedAndCalled", "A");
        Assert.Contains(diagnostics, d => In(d, "OwnLambda") && d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "lambda in A");
        AssertReportedAt(diagnostics, members, "InLocalFunction", "A");
    }

    [Fact]
    public async Task AtTheDefaultLevel_AnAtomicAnnouncementPairs_OnlyWithASideThatLoadsTheAnnouncedField()
    {
        // With one shared field and no start or barrier, an atomic announcement is the only evidence that two members race,
        // and it needs a check on both sides (docs/design.md §6): the announcer loads the other location right after its
        // read-modify-write, and the other side loads the announced one after its store, each in its own body or through a
        // callee whose value decides there. The candidate scan asks the same (§8, "Cost"): StoreStore's B only stores _count
        // after its flag (a store-store side), and CalleeCheck's B reads it in a helper whose value it drops — no member gets
        // a graph. Loading's B tests _count after its store: the handshake is reported, at B.
        const string source = """
            using System.Threading;

            class StoreStore
            {
                int _count, _flag;

                public void A() { Interlocked.Increment(ref _count); if (_flag == 0) { Wake(); } }
                public void B() { _flag = 1; _count = 0; }
                void Wake() { }
            }

            class CalleeCheck
            {
                int _count, _flag;

                public void A() { Interlocked.Increment(ref _count); if (_flag == 0) { Wake(); } }
                public void B() { _flag = 1; Peek(); }
                void Peek() { if (_count == 0) { Wake(); } }
                void Wake() { }
            }

            class Loading
            {
                int _count, _flag;

                public void A() { Interlocked.Increment(ref _count); if (_flag == 0) { Wake(); } }
                public void B() { _flag = 1; if (_count == 0) { Wake(); } }
                void Wake() { }
            }
            """;
        var (diagnostics, members) = await RunRecorded(source, audit: false, "StoreStore", "CalleeCheck", "Loading");
        AssertNotAnalysed(diagnostics, members, "StoreStore");
        AssertNotAnalysed(diagnostics, members, "CalleeCheck");
        AssertReportedAt(diagnostics, members, "Loading", "B");

        // The audit level, where the scan asks for no evidence, still reports the check made in a callee.
        var (audit, _) = await RunRecorded(source, audit: true);
        Assert.Contains(audit, d => In(d, "CalleeCheck") && d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "B" && Weakness(d).Contains("CheckInCallee", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AtTheDefaultLevel_WithOneSharedField_AStarterRacesOnlyThroughWhatItStarts()
    {
        // With one location shared, a side races with any member when it is a started body (docs/design.md §6); a member that
        // starts one is not itself started: its own stores race only with the body it starts. StarterBody's B stores _flag
        // in its own body, then starts a worker that touches neither field: nothing says B and A race, and the candidate
        // scan asks the same (§8, "Cost") — no member gets a graph. StartedBody's B stores _flag in the lambda it starts,
        // then checks _ready there: that body races with A, and the handshake is reported, at A.
        const string source = """
            using System.Threading;
            using System.Threading.Tasks;

            class StarterBody
            {
                volatile int _ready;
                int _flag;

                public void A() { _ready = 1; if (_flag == 0) { Wake(); } }
                public void B() { _flag = 1; if (_ready == 0) { Wake(); } Task.Run(() => Work()); }
                void Work() { }
                void Wake() { }
            }

            class StartedBody
            {
                volatile int _ready;
                int _flag;

                public void A() { _ready = 1; if (_flag == 0) { Wake(); } }
                public void B() { Task.Run(() => { _flag = 1; Interlocked.MemoryBarrier(); if (_ready == 0) { Wake(); } }); }
                void Wake() { }
            }
            """;
        var (diagnostics, members) = await RunRecorded(source, audit: false, "StarterBody", "StartedBody");
        AssertNotAnalysed(diagnostics, members, "StarterBody");
        AssertReportedAt(diagnostics, members, "StartedBody", "A");
    }

    [Fact]
    public async Task AtTheDefaultLevel_ACallOnAnotherObject_BringsItsCallerNoFieldOfThisOne_EvenWhenItClosesACycleOfCalls()
    {
        // A method of the type called on another object brings its callers only its static fields (the receivers rule,
        // docs/design.md §5). Relay's A stores _x, then forwards to the next relay, whose Pass reads _y and calls A
        // back: one cycle of calls, closed through a call on another object. Summed as one component, A would touch _y
        // and pair with B; summed over the calls on this object, it does not (§8, "Cost"), and no member is analysed.
        // Loop's A reaches Pass on this object: its check of _y is its own callee's, and the pair is analysed.
        const string source = """
            class Relay
            {
                volatile int _x, _y;
                Relay _next = new Relay();

                public void A() { _x = 1; Forward(); }
                void Forward() { _next.Pass(); }
                public void Pass() { if (_y == 0) { Wake(); } else { A(); } }
                public void B() { _y = 1; if (_x == 0) { Wake(); } }
                void Wake() { }
            }

            class Loop
            {
                volatile int _x, _y;
                Loop _next = new Loop();

                public void A() { _x = 1; Forward(); }
                void Forward() { Pass(); }
                public void Pass() { if (_y == 0) { Wake(); } else { _next.A(); } }
                public void B() { _y = 1; if (_x == 0) { Wake(); } }
                void Wake() { }
            }
            """;
        var (diagnostics, members) = await RunRecorded(source, audit: false, "Relay", "Loop");
        AssertNotAnalysed(diagnostics, members, "Relay");
        Assert.Contains("Loop.A", members);
        Assert.Contains("Loop.B", members);
    }

    [Fact]
    public async Task AtTheDefaultLevel_AFieldHoldingAnObjectWhoseStateIsFollowed_IsSharedOnlyAsThatState()
    {
        // The dataflow marks the state of a concurrent collection, a task or a source as shared, not the field that holds it
        // (docs/design.md §6; §8, "Cost"). ReplacesQueue's Reset assigns the field, then checks the volatile _closed: one
        // location shared, no start, no barrier, no atomic announcement — no evidence the two members race, and no member
        // is analysed. PostsToQueue's Post enqueues into the queue (its state), then checks _closed, against a Close
        // that stores _closed and then tests the queue: both locations shared, and the handshake is reported at Close.
        const string source = """
            using System.Collections.Concurrent;

            class ReplacesQueue
            {
                volatile bool _closed;
                ConcurrentQueue<int> _queue = new ConcurrentQueue<int>();

                public void Reset() { _queue = new ConcurrentQueue<int>(); if (_closed) { Wake(); } }
                public void Close() { _closed = true; if (_queue.IsEmpty) { Wake(); } }
                void Wake() { }
            }

            class PostsToQueue
            {
                volatile bool _closed;
                ConcurrentQueue<int> _queue = new ConcurrentQueue<int>();

                public void Post() { _queue.Enqueue(1); if (_closed) { Wake(); } }
                public void Close() { _closed = true; if (_queue.IsEmpty) { Wake(); } }
                void Wake() { }
            }
            """;
        var (diagnostics, members) = await RunRecorded(source, audit: false, "ReplacesQueue", "PostsToQueue");
        AssertNotAnalysed(diagnostics, members, "ReplacesQueue");
        AssertReportedAt(diagnostics, members, "PostsToQueue", "Close");
    }

    [Fact]
    public async Task AtTheDefaultLevel_APairOfAHeldObjectsState_IsOrderedByTheStoresIntoThatState()
    {
        // A member that both assigns a source field and cancels the source it holds makes halves of two locations: the
        // field's own and the source's state (docs/design.md §8, "Cost"). SwapsSource's Restart cancels the source (a full
        // fence on its state), replaces it, then checks _stopping; Stop exchanges _stopping (a full fence), then cancels
        // through a helper whose value it does not use. Every half from a store into the source's state, and every half
        // from _stopping, starts with a full fence: that pair closes no cycle. The pair of the field itself has Stop's
        // check of it inside a callee (audit level only). No member is analysed. In StopsInline, Stop cancels the source
        // itself, a check of the field's value of its own: Restart's replacement can be missed, and it is reported.
        const string source = """
            using System.Threading;

            class SwapsSource
            {
                int _stopping;
                CancellationTokenSource _cts = new CancellationTokenSource();

                public void Restart() { _cts.Cancel(); _cts = new CancellationTokenSource(); if (Volatile.Read(ref _stopping) == 0) { Wake(); } }
                public void Stop() { if (Interlocked.Exchange(ref _stopping, 1) == 0) { CancelCurrent(); } }
                void CancelCurrent() { _cts.Cancel(); }
                void Wake() { }
            }

            class StopsInline
            {
                int _stopping;
                CancellationTokenSource _cts = new CancellationTokenSource();

                public void Restart() { _cts.Cancel(); _cts = new CancellationTokenSource(); if (Volatile.Read(ref _stopping) == 0) { Wake(); } }
                public void Stop() { if (Interlocked.Exchange(ref _stopping, 1) == 0) { _cts.Cancel(); } }
                void Wake() { }
            }
            """;
        var (diagnostics, members) = await RunRecorded(source, audit: false, "SwapsSource", "StopsInline");
        AssertNotAnalysed(diagnostics, members, "SwapsSource");
        AssertReportedAt(diagnostics, members, "StopsInline", "Restart");
    }

    private static void AssertReportedAt(ImmutableArray<Diagnostic> diagnostics, ICollection<string> members, string type, string member)
    {
        Assert.Contains(diagnostics, d => In(d, type) && d.Properties[HandshakeDiagnostic.ThisMemberProperty] == member);
        Assert.Contains(type + "." + member, members);
    }

    /// <summary>The weaknesses a diagnostic carries (none for a default-level one).</summary>
    private static string Weakness(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(HandshakeDiagnostic.WeaknessProperty, out var weakness) ? weakness ?? "" : "";

    /// <summary>Whether a diagnostic is reported in the class named <paramref name="type"/>.</summary>
    private static bool In(Diagnostic diagnostic, string type) =>
        diagnostic.Location.SourceTree!.GetRoot().FindNode(diagnostic.Location.SourceSpan)
            .AncestorsAndSelf().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax>().First().Identifier.Text == type;

    private sealed class Recorder : IAnalysisObserver
    {
        public ConcurrentDictionary<string, bool> Members { get; } = new();

        public void Starting()
        {
        }

        public void TypeAnalysed(INamedTypeSymbol type, TimeSpan elapsed)
        {
        }

        private readonly string[] _qualified;
        private HashSet<SyntaxTree>? _trees;

        /// <param name="qualified">Types whose members are recorded as <c>Type.Member</c>; PrunedMembers's are recorded by name.</param>
        public Recorder(params string[] qualified) => _qualified = qualified;

        /// <summary>
        /// Records only members declared in <paramref name="compilation"/>'s files: the observer is process-wide, and other
        /// test classes run the analyzer at the same time on classes of the same names.
        /// </summary>
        public CSharpCompilation Watch(CSharpCompilation compilation)
        {
            _trees = new HashSet<SyntaxTree>(compilation.SyntaxTrees);
            return compilation;
        }

        public void MemberAnalysed(IMethodSymbol member, TimeSpan elapsed)
        {
            if (_trees is not null && !member.DeclaringSyntaxReferences.Any(r => _trees.Contains(r.SyntaxTree)))
            {
                return;
            }

            if (member.ContainingType?.Name == "PrunedMembers")
            {
                Members[member.Name] = true;
            }
            else if (Array.IndexOf(_qualified, member.ContainingType?.Name) >= 0)
            {
                Members[member.ContainingType!.Name + "." + member.Name] = true;
            }
        }

        public void TypeSkipped(INamedTypeSymbol type)
        {
        }

        public void AcrossTypesAnalysed(int classes, TimeSpan elapsed)
        {
        }
    }
}
