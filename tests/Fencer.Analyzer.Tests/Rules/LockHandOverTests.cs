using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Fencer.Analyzer.Rules;
using Fencer.Analyzer.Tests.Verifiers;

namespace Fencer.Analyzer.Tests.Rules;

/// <summary>
/// A lock is the thread's (docs/design.md §7, "Locks taken and released in a callee", "A lock released and never
/// taken"): a callee that takes a lock and returns holding it leaves its caller holding it, one that lets go of it leaves
/// its caller without it, and a member that lets go of a lock with a release that checks its owner, and never takes it,
/// was entered holding it.
/// </summary>
public class LockHandOverTests
{
    /// <summary>
    /// A delivery queue (held-out 16, a reactive collection library's shared queue): <c>Close</c> marks the queue
    /// closed and reads the draining thread under the gate; <c>ExitAndDrain</c>, called by a scope that took the gate in
    /// its constructor, claims the drain, lets go of the gate (<paramref name="release"/>) and then reads the flag.
    /// <paramref name="take"/> and <paramref name="leave"/> are how <c>Close</c> takes and leaves the gate.
    /// </summary>
    private static string Queue(string release, string take = "EnterLock();", string leave = "ExitLock();", string gate = "private readonly object _gate = new object();") => $$"""
        using System;
        using System.Threading;

        public sealed class DeliveryQueue
        {
            {{gate}}
            private volatile bool _closed;
            private int _drainer = -1;
            private bool _pending;

            public void Close()
            {
                {{take}}
                _closed = true;
                if (_drainer == Environment.CurrentManagedThreadId)
                {
                    {{leave}}
                    return;
                }

                {{leave}}
                while (Volatile.Read(ref _drainer) != -1) { Thread.SpinWait(1); }
            }

            internal void EnterLock() => Monitor.Enter(_gate);

            internal void ExitLock() => Monitor.Exit(_gate);

            internal void ExitAndDrain(bool retry)
            {
                var drain = false;
                if (_drainer == -1 && _pending)
                {
                    _drainer = Environment.CurrentManagedThreadId;
                    drain = true;
                }

                {{release}}
                if (drain && !_closed)
                {
                    _pending = false;
                    Volatile.Write(ref _drainer, -1);
                }
            }
        }

        public readonly struct DeliveryScope : IDisposable
        {
            private readonly DeliveryQueue _queue;

            public DeliveryScope(DeliveryQueue queue)
            {
                _queue = queue;
                queue.EnterLock();
            }

            public void Dispose() => _queue.ExitAndDrain(false);
        }
        """;

    [Theory]
    [InlineData("ExitLock();")] // through the wrapper
    [InlineData("Monitor.Exit(_gate);")] // directly
    public async Task NoDiagnostic_WhenTheOtherSideLetsGoOfALockItNeverTakes(string release)
    {
        // Close's half is inside the gate; ExitAndDrain's store is made holding the gate it is entered with, its load
        // after letting go: one critical section lies between each half's two accesses, so the cycle cannot happen.
        Assert.Empty(await AnalyzerRunner.DiagnosticsAsync(Queue(release), audit: true));
    }

    [Fact]
    public async Task NoDiagnostic_WithSystemThreadingLockLetGoOfAndNeverTaken()
    {
        var source = Queue("_gate.Exit();", take: "_gate.Enter();", leave: "_gate.Exit();", gate: "private readonly Lock _gate = new Lock();")
            .Replace("Monitor.Enter(_gate)", "_gate.Enter()").Replace("Monitor.Exit(_gate)", "_gate.Exit()");

        Assert.Empty(await AnalyzerRunner.DiagnosticsAsync(source, audit: true));
    }

    [Fact]
    public async Task Reports_WhenTheReleaseDoesNotCheckItsOwner()
    {
        // A semaphore's Release succeeds on any thread, so releasing it says nothing about what the caller held.
        var source = Queue("_gate.Release();", take: "_gate.Wait();", leave: "_gate.Release();", gate: "private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);")
            .Replace("Monitor.Enter(_gate)", "_gate.Wait()").Replace("Monitor.Exit(_gate)", "_gate.Release()");

        var close = Assert.Single(await AnalyzerRunner.DiagnosticsAsync(source), d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "ExitAndDrain");
        Assert.Equal(DiagnosticSeverity.Warning, close.Severity);
    }

    [Fact]
    public async Task Reports_WhenASpinLockIsLetGoOf()
    {
        // A spin lock checks its owner only when created with thread tracking, which the field's type does not say.
        var source = Queue("_gate.Exit();", take: "var taken = false; _gate.Enter(ref taken);", leave: "_gate.Exit();", gate: "private SpinLock _gate = new SpinLock(false);")
            .Replace("internal void EnterLock() => Monitor.Enter(_gate);", "internal void EnterLock() { var taken = false; _gate.Enter(ref taken); }")
            .Replace("Monitor.Exit(_gate)", "_gate.Exit()");

        Assert.Contains(await AnalyzerRunner.DiagnosticsAsync(source), d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "ExitAndDrain");
    }

    [Fact]
    public async Task Reports_WhenTheMemberAlsoTakesTheLockItLetsGoOf()
    {
        // A member that takes the gate on some path is not known to be entered holding it: the release on the other path
        // may be the one that pairs with that take.
        var diagnostics = await AnalyzerRunner.DiagnosticsAsync(Queue("if (retry) { EnterLock(); } ExitLock();"));

        Assert.Contains(diagnostics, d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "ExitAndDrain");
    }

    /// <summary>
    /// Two members that each store one flag and read the other's: <c>Open</c> takes the gate as <paramref name="open"/>
    /// says; <c>Shut</c> does its half inside a <c>lock</c> of the gate.
    /// </summary>
    private static string Flags(string open) => $$"""
        using System.Threading;

        class Flags
        {
            private readonly object _gate = new object();
            private volatile bool _opened, _shut;

            public bool Open()
            {
                {{open}}
            }

            public bool Shut()
            {
                lock (_gate)
                {
                    _shut = true;
                    return _opened;
                }
            }

            private void EnterLock() => Monitor.Enter(_gate);

            private void ExitLock() => Monitor.Exit(_gate);
        }
        """;

    [Fact]
    public async Task NoDiagnostic_WhenTheLockIsTakenThroughAWrapper()
    {
        Assert.Empty(await AnalyzerRunner.DiagnosticsAsync(Flags("EnterLock(); try { _opened = true; return _shut; } finally { ExitLock(); }"), audit: true));
    }

    [Fact]
    public async Task Reports_WhenAWrapperLetsGoOfTheLockBeforeTheHalf()
    {
        // Open takes the gate itself, then lets go of it through the wrapper: its half is outside every critical section.
        var diagnostics = await AnalyzerRunner.DiagnosticsAsync(Flags("Monitor.Enter(_gate); ExitLock(); _opened = true; return _shut;"));

        var open = Assert.Single(diagnostics, d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "Open");
        Assert.Equal("FEN002", open.Id);
    }

    [Fact]
    public async Task Reports_WhenACalleeReleasesALockItTriedToTakeItself()
    {
        // Release tries the gate and lets go of it in its finally, guarded by the local that holds the try's result: it
        // takes the lock itself, so it is not entered holding it, and neither is Open, whose half precedes the call.
        var source = Flags("_opened = true; var shut = _shut; Release(); return shut;")
            .Replace("private void EnterLock() => Monitor.Enter(_gate);", "private void Release() { var taken = Monitor.TryEnter(_gate, 10); try { } finally { if (taken) { Monitor.Exit(_gate); } } }");
        Assert.Contains("private void Release()", source);

        var open = Assert.Single(await AnalyzerRunner.DiagnosticsAsync(source), d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "Open");
        Assert.Equal("FEN002", open.Id);
    }

    [Fact]
    public async Task Reports_WhenTheWrapperTakesTheLockOnlyOnSomePaths()
    {
        // A try-enter wrapper holds the gate only when it succeeds: the caller that ignores the result holds nothing.
        var source = Flags("TryEnterLock(); _opened = true; return _shut;")
            .Replace("private void EnterLock() => Monitor.Enter(_gate);", "private bool TryEnterLock() => Monitor.TryEnter(_gate);");

        Assert.Contains(await AnalyzerRunner.DiagnosticsAsync(source), d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "Open");
    }
}
