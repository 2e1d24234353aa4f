using System.Threading.Tasks;
using Xunit;
using Fencer.Analyzer.Rules;
using Verify = Fencer.Analyzer.Tests.Verifiers.CSharpAnalyzerVerifier<Fencer.Analyzer.Rules.StoreBufferHandshakeAnalyzer>;

namespace Fencer.Analyzer.Tests.Rules;

/// <summary>
/// Locks beyond <c>lock</c> (docs/design.md, "Locks"): a one-slot <c>SemaphoreSlim</c>, a compare-and-swap spin lock,
/// <c>SpinLock</c>, <c>ReaderWriterLockSlim</c>, a lock every caller of a private helper holds, and a lock asserted
/// held. Both sides under one of them never interleave; one side alone gains nothing.
/// </summary>
public class LockKindTests
{
    [Fact]
    public async Task NoDiagnostic_WhenBothSidesHoldAOneSlotSemaphore()
    {
        var source = """
            using System.Threading;
            using System.Threading.Tasks;

            class Connection
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
                private volatile bool _closing;
                private volatile int _writing;

                public async Task WriteAsync()
                {
                    await _gate.WaitAsync();
                    try { _writing = 1; if (_closing) { return; } }
                    finally { _gate.Release(); }
                }

                public void Close()
                {
                    _gate.Wait();
                    try { _closing = true; if (_writing == 1) { return; } }
                    finally { _gate.Release(); }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_WhenTheSemaphoreHasMoreThanOneSlot()
    {
        var source = """
            using System.Threading;
            using System.Threading.Tasks;

            class Connection
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(2, 2);
                private volatile bool _closing;
                private volatile int _writing;

                public async Task WriteAsync()
                {
                    await _gate.WaitAsync();
                    try { {|FEN002:_writing = 1|}; if (_closing) { return; } }
                    finally { _gate.Release(); }
                }

                public void Close()
                {
                    _gate.Wait();
                    try { {|FEN002:_closing = true|}; if (_writing == 1) { return; } }
                    finally { _gate.Release(); }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_WhenBothSidesHoldACompareAndSwapSpinLock()
    {
        var source = """
            using System.Threading;

            class Stats
            {
                private int _gate;
                private volatile int _a, _b;

                public void Left()
                {
                    if (Interlocked.CompareExchange(ref _gate, 1, 0) == 0)
                    {
                        _a = 1;
                        if (_b == 0) { }
                        Volatile.Write(ref _gate, 0);
                    }
                }

                public void Right()
                {
                    while (Interlocked.CompareExchange(ref _gate, 1, 0) != 0) { Thread.SpinWait(1); }
                    _b = 1;
                    if (_a == 0) { }
                    _gate = 0;
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("public void Reset() { Volatile.Write(ref _disposed, 0); }", false)]
    [InlineData("public void Reset() { _disposed = 0; }", false)]
    public async Task AGateNothingReleases_IsALatch_AndItsExchangeAnAtomicAnnouncement(string release, bool reported)
    {
        // A tested exchange takes a spin lock only when something releases the gate (docs/design.md §7): a gate only ever
        // acquired is a one-shot latch. Dispose's `if (Interlocked.Exchange(ref _disposed, 1) != 0) return;` then enters no
        // critical section: it announces the disposal atomically and checks the registration right after it, the idiom
        // that is evidence the two members race (§6), so Setup's plain store-then-check is reported by default. With a
        // member that releases the gate, it is a lock, Dispose's check is made inside it, and the pair is audit-level.
        var source = $$"""
            using System.Threading;

            class Source
            {
                private object _registration;
                private int _disposed;

                public void Setup(object registration)
                {
                    _registration = registration;
                    if (_disposed == 1) { Release(); }
                }

                public void Dispose()
                {
                    if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
                    if (_registration != null) { Release(); }
                }

                {{release}}

                void Release() { }
            }
            """;
        var compilation = Fencer.Analyzer.Tests.Verifiers.AnalyzerRunner.Compile(source);
        var (diagnostics, exceptions) = await Fencer.Analyzer.Tests.Verifiers.AnalyzerRunner.RunAsync(compilation, audit: false);
        Assert.Empty(exceptions);
        var onSetup = System.Linq.Enumerable.Where(diagnostics, d => d.Id == "FEN001" && d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "Setup");
        Assert.Equal(reported ? 1 : 0, System.Linq.Enumerable.Count(onSetup));

        var (audit, _) = await Fencer.Analyzer.Tests.Verifiers.AnalyzerRunner.RunAsync(compilation, audit: true);
        Assert.Contains(audit, d => d.Id == "FEN001" && d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "Setup");
    }

    [Fact]
    public async Task Reports_TheReleaseOfADrainLock_FollowedByARecheckOfTheQueue()
    {
        // The drain lock orders the drains among themselves; its release store and the re-check of the queue after it
        // are a store-buffer handshake with the producer's enqueue and its test of the lock (a CAS: a full fence).
        var source = """
            using System.Collections.Concurrent;
            using System.Threading;

            class Mailbox
            {
                private readonly ConcurrentQueue<object> _queue = new();
                private int _draining;

                public void Post(object message)
                {
                    _queue.Enqueue(message);
                    if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0) { ThreadPool.QueueUserWorkItem(_ => Drain()); }
                }

                private void Drain()
                {
                    while (_queue.TryDequeue(out var message)) { message.ToString(); }
                    {|FEN001:Volatile.Write(ref _draining, 0)|};
                    if (!_queue.IsEmpty && Interlocked.CompareExchange(ref _draining, 1, 0) == 0) { Drain(); }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_WhenEveryCallerOfAPrivateHelperHoldsTheLock()
    {
        var source = """
            using System.Threading;

            class Pool
            {
                private readonly object _sync = new();
                private volatile int _idle, _queued;

                public void Release() { lock (_sync) { Park(); } }

                public void Submit() { lock (_sync) { Schedule(); } }

                private void Park() { _idle = 1; if (_queued == 0) { } }

                private void Schedule() { _queued = 1; if (_idle == 1) { } }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_WhenOneCallerOfThePrivateHelperDoesNotHoldTheLock()
    {
        var source = """
            using System.Threading;

            class Pool
            {
                private readonly object _sync = new();
                private volatile int _idle, _queued;

                public void Release() { lock (_sync) { Park(); } }

                public void ReleaseFast() => Park();

                public void Submit() { lock (_sync) { Schedule(); } }

                private void Park() { {|FEN002:_idle = 1|}; if (_queued == 0) { } }

                private void Schedule() { {|FEN002:_queued = 1|}; if (_idle == 1) { } }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_WhenBothSidesAssertTheLockIsHeld()
    {
        var source = """
            using System.Diagnostics;
            using System.Threading;

            class Pool
            {
                private readonly object _sync = new();
                private volatile int _idle, _queued;

                internal void Park() { Debug.Assert(Monitor.IsEntered(_sync)); _idle = 1; if (_queued == 0) { } }

                internal void Schedule() { Debug.Assert(Monitor.IsEntered(_sync)); _queued = 1; if (_idle == 1) { } }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_WhenBothSidesHoldASpinLock()
    {
        var source = """
            using System.Threading;

            class Slots
            {
                private SpinLock _lock = new SpinLock(false);
                private volatile int _a, _b;

                public void Left() { var taken = false; _lock.Enter(ref taken); _a = 1; if (_b == 0) { } _lock.Exit(); }

                public void Right() { var taken = false; _lock.Enter(ref taken); _b = 1; if (_a == 0) { } _lock.Exit(); }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_WhenAWriterAndAReaderHoldOneReaderWriterLock()
    {
        var source = """
            using System.Threading;

            class Registry
            {
                private readonly ReaderWriterLockSlim _lock = new();
                private volatile int _a, _b;

                public void Write() { _lock.EnterWriteLock(); _a = 1; if (_b == 0) { } _lock.ExitWriteLock(); }

                public void Read() { _lock.EnterReadLock(); _b = 1; if (_a == 0) { } _lock.ExitReadLock(); }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_WhenTwoReadersHoldOneReaderWriterLock()
    {
        var source = """
            using System.Threading;

            class Registry
            {
                private readonly ReaderWriterLockSlim _lock = new();
                private volatile int _a, _b;

                public void ReadLeft() { _lock.EnterReadLock(); {|FEN002:_a = 1|}; if (_b == 0) { } _lock.ExitReadLock(); }

                public void ReadRight() { _lock.EnterReadLock(); {|FEN002:_b = 1|}; if (_a == 0) { } _lock.ExitReadLock(); }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_WhenATryEnterFails_OnThePathThatDoesNotHoldTheLock()
    {
        var source = """
            using System.Threading;

            class Gate
            {
                private readonly object _sync = new();
                private volatile int _a, _b;

                public void Left()
                {
                    if (!Monitor.TryEnter(_sync)) { {|FEN002:_a = 1|}; if (_b == 0) { } return; }
                    try { _a = 2; if (_b == 0) { } } finally { Monitor.Exit(_sync); }
                }

                public void Right() { lock (_sync) { {|FEN002:_b = 1|}; if (_a == 0) { } } }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
