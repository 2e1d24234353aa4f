using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Fencer.Analyzer.Tests.Verifiers;
using Verify = Fencer.Analyzer.Tests.Verifiers.CSharpAnalyzerVerifier<Fencer.Analyzer.Rules.StoreBufferHandshakeAnalyzer>;

namespace Fencer.Analyzer.Tests.Rules;

/// <summary>
/// Receiver-sensitive locations (docs/design.md, "Locations"): the same field of two objects is one location only when
/// they may be the same object: <c>this</c> with <c>this</c>, the object a field holds with the object the same field
/// holds (also through a local copy), a parameter that always receives <c>this</c> with <c>this</c>.
/// </summary>
public class ReceiverTests
{
    [Theory]
    [InlineData("Interlocked.Increment(ref self._completed) == 1")]
    // A tested compare-and-swap is asked whether it takes a spin lock (docs/design.md §7), which asks which location
    // `ref self._completed` is: asked before every body's calls were known, that froze "self is always this" without the
    // calls still to come, and self's fields became another object's (the handshake was lost).
    [InlineData("Interlocked.CompareExchange(ref self._completed, 1, 0) == 0")]
    public async Task Reports_WhenAPrivateHelpersParameterAlwaysReceivesThis(string completes)
    {
        var source = $$"""
            using System.Threading;

            class Merge
            {
                volatile bool _running;
                int _completed;

                public void MoveNext()
                {
                    {|FEN001:_running = true|};
                    if (Volatile.Read(ref _completed) == 2) { Finish(this); }
                }

                private static void OnSourceCompleted(Merge self)
                {
                    if ({{completes}} && !self._running) { }
                }

                private static void Finish(Merge self) => OnSourceCompleted(self);

                public void Completed() => OnSourceCompleted(this);
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_WhenTheParameterSometimesReceivesAnotherObject()
    {
        var source = """
            using System.Threading;

            class Merge
            {
                volatile bool _running;
                int _completed;
                Merge? _next;

                public void MoveNext()
                {
                    _running = true;
                    if (Volatile.Read(ref _completed) == 2) { OnSourceCompleted(_next!); }
                }

                private static void OnSourceCompleted(Merge self)
                {
                    if (Interlocked.Increment(ref self._completed) == 1 && !self._running) { }
                }

                public void Completed() => OnSourceCompleted(this);
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_ACallbackRegisteredWithThisAsItsState()
    {
        // The shape of a real bug (UniTask's SkipUntilCanceled): the cancellation callback gets `this` as its state.
        var source = """
            using System.Threading;

            class SkipUntilCanceled
            {
                object? _enumerator;
                int _isCanceled;

                public SkipUntilCanceled(CancellationToken token) => token.Register(OnCanceled, this);

                public bool MoveNext(object source)
                {
                    {|FEN001:_enumerator = source|};
                    return _isCanceled != 0;
                }

                private static void OnCanceled(object? state)
                {
                    var self = (SkipUntilCanceled)state!;
                    if (Interlocked.Increment(ref self._isCanceled) == 1 && self._enumerator is { } e) { e.ToString(); }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_ACallbackRegisteredThroughAWrapperInSource()
    {
        // A method that hands its delegate to CancellationToken.Register starts it as a callback, like Register itself.
        var source = """
            using System;
            using System.Threading;

            static class TokenExtensions
            {
                public static CancellationTokenRegistration RegisterQuietly(this CancellationToken token, Action<object?> callback, object state) =>
                    token.UnsafeRegister(callback, state);
            }

            class SkipUntilCanceled
            {
                static readonly Action<object?> CancelDelegate = OnCanceled;
                object? _enumerator;
                int _isCanceled;

                public SkipUntilCanceled(CancellationToken token) => token.RegisterQuietly(CancelDelegate, this);

                public bool MoveNext(object source)
                {
                    {|FEN001:_enumerator = source|};
                    return _isCanceled != 0;
                }

                private static void OnCanceled(object? state)
                {
                    var self = (SkipUntilCanceled)state!;
                    if (Interlocked.Increment(ref self._isCanceled) == 1 && self._enumerator is { } e) { e.ToString(); }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task AMethodThatOnlyCallsItsDelegate_StartsNothing()
    {
        // Not a registration: the delegate runs on the caller's thread, before the method returns.
        var source = """
            using System;
            using System.Threading;

            static class Run
            {
                public static void Now(Action<object?> callback, object state) => callback(state);
            }

            class SkipUntilCanceled
            {
                object? _enumerator;
                int _isCanceled;

                public void Start() => Run.Now(OnCanceled, this);

                public bool MoveNext(object source)
                {
                    _enumerator = source;
                    return _isCanceled != 0;
                }

                private static void OnCanceled(object? state)
                {
                    var self = (SkipUntilCanceled)state!;
                    if (Interlocked.Increment(ref self._isCanceled) == 1 && self._enumerator is { } e) { e.ToString(); }
                }
            }
            """;

        // OnCanceled is no started body: what makes the pair concurrent is its atomic announcement (an Interlocked
        // increment of the flag MoveNext checks, then a check of what MoveNext stored), not a start.
        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(source));
        Assert.Empty(exceptions);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("shared: _isCanceled; read-modify-write: OnCanceled; atomic announcement: OnCanceled", diagnostic.Properties[Fencer.Analyzer.Rules.HandshakeDiagnostic.EvidenceProperty]);
    }

    [Fact]
    public async Task Reports_ACallbackThatTestsItsStateWithAPattern()
    {
        var source = """
            using System.Threading;

            class Waiter
            {
                object? _continuation;
                volatile int _state;

                public void Start() => ThreadPool.QueueUserWorkItem(Complete, this);

                public bool Await(object continuation)
                {
                    {|FEN001:_continuation = continuation|};
                    return _state == 1;
                }

                private static void Complete(object? state)
                {
                    if (state is Waiter self)
                    {
                        Interlocked.Exchange(ref self._state, 1);
                        if (self._continuation is { } c) { c.ToString(); }
                    }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_ForStoresIntoAFreshlyCreatedObject()
    {
        // A clone and the new table of a resize are nobody else's yet: their fields are not this object's.
        var source = """
            using System.Threading;

            class Table
            {
                volatile int _count;
                volatile Table? _next;

                public Table Resize()
                {
                    var bigger = new Table();
                    bigger._count = _count;
                    bigger._next = null;
                    if (_next is null) { }
                    return bigger;
                }

                public void Add()
                {
                    _next = this;
                    Interlocked.MemoryBarrier();
                    if (_count == 0) { }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_TheCollectionOfAnIdleFlagHandshake_ReachedThroughALocalCopyOfTheField()
    {
        var source = """
            using System.Collections.Concurrent;
            using System.Threading;

            class Worker
            {
                private readonly ConcurrentQueue<int> _queue = new();
                private volatile bool _idle;

                public void Post(int item)
                {
                    var queue = _queue;
                    queue.Enqueue(item);
                    if (_idle) { Wake(); }
                }

                public void Drain()
                {
                    var queue = _queue;
                    {|FEN001:_idle = true|};
                    if (!queue.IsEmpty) { _idle = false; }
                }

                private void Wake() { }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_FieldsOfStructFields_AsDistinctLocations()
    {
        var source = """
            using System.Threading;

            struct Padded { public long Value; }

            class Ring
            {
                private Padded _head;
                private Padded _tail;

                public bool TryWrite()
                {
                    {|FEN002:Volatile.Write(ref _tail.Value, 1)|};
                    return Volatile.Read(ref _head.Value) == 0;
                }

                public bool TryRead()
                {
                    {|FEN002:Volatile.Write(ref _head.Value, 1)|};
                    return Volatile.Read(ref _tail.Value) == 0;
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_ForTheSameMemberOfOneStructField_OnBothEnds()
    {
        var source = """
            using System.Threading;

            struct Padded { public long Value; public long Other; }

            class Ring
            {
                private Padded _head;

                public bool A() { Volatile.Write(ref _head.Value, 1); return Volatile.Read(ref _head.Value) == 0; }

                public bool B() { Volatile.Write(ref _head.Value, 2); return Volatile.Read(ref _head.Value) == 0; }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_ForThreadStaticFields()
    {
        var source = """
            using System;
            using System.Threading;

            class Cache
            {
                [ThreadStatic] private static int t_depth;
                private static volatile int s_version;

                public static bool Enter() { t_depth = 1; Interlocked.MemoryBarrier(); return s_version == 0; }

                public static bool Bump() { s_version = 1; return t_depth == 0; }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_ForStaticFieldsWithoutThreadStatic()
    {
        var source = """
            using System.Threading;

            class Cache
            {
                private static int s_depth;
                private static volatile int s_version;

                public static bool Enter() { s_depth = 1; Interlocked.MemoryBarrier(); return s_version == 0; }

                public static bool Bump() { {|FEN001:s_version = 1|}; return s_depth == 0; }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task AuditLevel_ReportsTheFieldsOfAnotherObject_AsASuggestion()
    {
        var source = """
            using System.Threading;

            class Node
            {
                volatile int _x, _y;

                public int A(Node peer) { peer._x = 1; return peer._y; }

                public int B(Node peer) { peer._y = 1; Interlocked.MemoryBarrier(); return peer._x; }
            }
            """;

        await Verify.VerifyAuditAsync(source, Verify.Diagnostic("FEN001").WithSpan(7, 31, 7, 42).WithSeverity(DiagnosticSeverity.Info)
            .WithOptions(Microsoft.CodeAnalysis.Testing.DiagnosticOptions.IgnoreAdditionalLocations)
            .WithArguments("A", "stores '_x' then loads '_y'", "B", "stores '_y' then loads '_x'", ""));
    }
}
