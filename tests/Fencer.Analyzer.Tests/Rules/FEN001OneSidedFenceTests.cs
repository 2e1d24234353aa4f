using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = Fencer.Analyzer.Tests.Verifiers.CSharpAnalyzerVerifier<Fencer.Analyzer.Rules.StoreBufferHandshakeAnalyzer>;

namespace Fencer.Analyzer.Tests.Rules;

public class FEN001OneSidedFenceTests
{
    [Fact]
    public async Task Reports_WhenOnlyOneSideIsFenced_WithBothSidesLocated()
    {
        var source = """
            using System.Threading;

            class Handshake
            {
                volatile int _x, _y;

                void A()
                {
                    {|#0:_x = 1|};
                    if ({|#1:_y|} == 0) { }
                }

                void B()
                {
                    {|#2:_y = 1|};
                    {|#3:Interlocked.MemoryBarrier()|};
                    if ({|#4:_x|} == 0) { }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic("FEN001")
                .WithLocation(0).WithLocation(1).WithLocation(2).WithLocation(4).WithLocation(3)
                .WithArguments("A", "stores '_x' then loads '_y'", "B", "stores '_y' then loads '_x'", ""));
    }

    [Fact]
    public async Task Reports_WhenTheFenceIsOnOneBranchOnly()
    {
        var source = """
            using System.Threading;

            class Handshake
            {
                int _x, _y;

                void A(bool fast)
                {
                    {|FEN001:Volatile.Write(ref _x, 1)|};
                    if (!fast)
                    {
                        Interlocked.MemoryBarrier();
                    }

                    if (Volatile.Read(ref _y) == default) { return; }
                }

                void B()
                {
                    _y = 1;
                    Thread.MemoryBarrier();
                    if (_x == default) { return; }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_WhenTheOtherSideFencesWithAnExchange_WhichIsItsFence()
    {
        var source = """
            using System.Threading;

            class Handshake
            {
                int _x, _y;

                void A()
                {
                    {|#0:Volatile.Write(ref _x, 1)|};
                    if ({|#1:Volatile.Read(ref _y)|} == default) { return; }
                }

                void B()
                {
                    {|#2:Interlocked.Exchange(ref _y, 1)|};
                    if ({|#3:Volatile.Read(ref _x)|} == default) { return; }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic("FEN001").WithLocation(0).WithLocation(1).WithLocation(2).WithLocation(3).WithLocation(2)
                .WithArguments("A", "stores '_x' then loads '_y'", "B", "stores '_y' then loads '_x'", ""));
    }

    [Fact]
    public async Task Properties_DescribeThisSidesOrderings()
    {
        var source = """
            using System.Threading;

            class Handshake
            {
                int _x, _y;

                void A() { Volatile.Write(ref _x, 1); if (_y == default) { return; } }

                void B() { _y = 1; Interlocked.MemoryBarrier(); if (_x == default) { return; } }
            }
            """;
        var compilation = Verifiers.AnalyzerRunner.Compile(source);
        var (diagnostics, _) = await Verifiers.AnalyzerRunner.RunAsync(compilation);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("Release", diagnostic.Properties["ThisStoreOrdering"]);
        Assert.Equal("Plain", diagnostic.Properties["ThisAccessOrdering"]);
        Assert.Equal("None", diagnostic.Properties["ThisProtection"]);
        Assert.Equal("Full", diagnostic.Properties["OtherProtection"]);
        Assert.Equal("SB", diagnostic.Properties["Shape"]);
        Assert.Equal("B", diagnostic.Properties["OtherMember"]);
    }

    [Fact]
    public async Task Reports_IdleWorkerThatDoesNotFenceBeforeReCheckingTheQueue()
    {
        // Enqueue's compare-and-swap on the tail is a full fence: the worker going idle is the side that needs one.
        var source = """
            using System.Collections.Concurrent;
            using System.Threading;

            class Worker
            {
                private readonly ConcurrentQueue<int> _queue = new();
                private volatile bool _idle;

                public void Post(int item)
                {
                    _queue.Enqueue(item);
                    if (_idle) { Wake(); }
                }

                public void Drain()
                {
                    {|FEN001:_idle = true|};
                    if (!_queue.IsEmpty) { _idle = false; }
                }

                private static void Wake() { }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_WhenTheWorkerFences_ForAnEnqueueIsAFullFence()
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
                    _queue.Enqueue(item);
                    if (_idle) { Wake(); }
                }

                public void Drain()
                {
                    _idle = true;
                    Interlocked.MemoryBarrier();
                    if (!_queue.IsEmpty) { _idle = false; }
                }

                private static void Wake() { }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_ABagsAdd_WhosePublicationIsStillPendingAfterItsFence()
    {
        var source = """
            using System.Collections.Concurrent;
            using System.Threading;

            class Worker
            {
                private readonly ConcurrentBag<int> _bag = new();
                private volatile bool _idle;

                public void Post(int item)
                {
                    {|FEN001:_bag.Add(item)|};
                    if (_idle) { Wake(); }
                }

                public void Drain()
                {
                    _idle = true;
                    Interlocked.MemoryBarrier();
                    if (_bag.TryPeek(out _)) { _idle = false; }
                }

                private static void Wake() { }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_RShape_WhenOnlyTheLoadingSideIsFenced()
    {
        // W x; W y || W y; fence; R x: release on the store-store side is not enough (the cycle closes through co).
        var source = """
            using System.Threading;

            class Handshake
            {
                int _x, _y;

                void A()
                {
                    {|FEN001:_x = 1|};
                    Volatile.Write(ref _y, 1);
                }

                void B()
                {
                    _y = 2;
                    Interlocked.MemoryBarrier();
                    if (Volatile.Read(ref _x) == default) { return; }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_WhenTheEventIsSetOnOneSideAndTheFlagPlainOnTheOther()
    {
        var source = """
            using System.Threading;

            class Waiter
            {
                private readonly ManualResetEventSlim _done = new();
                private volatile bool _waiting;

                public void Complete()
                {
                    _done.Set();
                    if (_waiting) { }
                }

                public void Wait()
                {
                    {|FEN001:_waiting = true|};
                    if (!_done.IsSet) { }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    /// <summary>A waiter whose <c>Wait</c> stores a volatile flag (<paramref name="store"/>) and then tests the event with <paramref name="test"/>.</summary>
    private static string Waiter(string store, string test) => $$"""
        using System;
        using System.Threading;

        class Waiter
        {
            private readonly ManualResetEventSlim _done = new();
            private volatile bool _waiting;
            private int _timeout = 10;

            public void Complete()
            {
                _done.Set();
                if (_waiting) { }
            }

            public void Wait()
            {
                {{store}};
                if (!{{test}}) { }
            }
        }
        """;

    [Theory]
    [InlineData("_done.Wait(0)")]
    [InlineData("_done.Wait(TimeSpan.Zero)")]
    [InlineData("_done.Wait(0, CancellationToken.None)")]
    public async Task Reports_WhenTheEventIsTestedWithAZeroTimeout(string test)
    {
        // `Wait(0)` returns the state at once: the same acquire load as `IsSet`, with no fence on the unset path.
        await Verify.VerifyAnalyzerAsync(Waiter("{|FEN001:_waiting = true|}", test));
    }

    [Theory]
    [InlineData("_done.Wait(100)")]
    [InlineData("_done.Wait(Timeout.Infinite)")]
    [InlineData("_done.Wait(_timeout)")]
    public async Task NoDiagnostic_WhenTheEventIsWaitedFor(string wait)
    {
        // A wait that may block is no test of the state Fencer can follow (it sleeps on a lock until the set): unknown.
        await Verify.VerifyAnalyzerAsync(Waiter("_waiting = true", wait));
    }

    [Fact]
    public async Task NoDiagnostic_WhenBothSidesFenced()
    {
        var source = """
            using System.Threading;

            class Handshake
            {
                volatile int _x, _y;

                void A()
                {
                    _x = 1;
                    Interlocked.MemoryBarrier();
                    if (_y == default) { return; }
                }

                void B()
                {
                    _y = 1;
                    Thread.MemoryBarrier();
                    if (_x == default) { return; }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_WhenAnUnrelatedReadModifyWriteFencesTheOtherSide()
    {
        var source = """
            using System.Threading;

            class Handshake
            {
                volatile int _x, _y;
                int _counter;

                void A()
                {
                    _x = 1;
                    Interlocked.Increment(ref _counter);
                    if (_y == default) { return; }
                }

                void B()
                {
                    _y = 1;
                    Interlocked.MemoryBarrier();
                    if (_x == default) { return; }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_WhenBothSidesUseReadModifyWrite()
    {
        var source = """
            using System.Threading;

            class Handshake
            {
                int _x, _y;

                void A()
                {
                    Interlocked.Exchange(ref _x, 1);
                    if (Volatile.Read(ref _y) == default) { return; }
                }

                void B()
                {
                    Interlocked.CompareExchange(ref _y, 1, 0);
                    if (Volatile.Read(ref _x) == default) { return; }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_RShape_WhenBothSidesFenced()
    {
        var source = """
            using System.Threading;

            class Handshake
            {
                int _x, _y;

                void A()
                {
                    Volatile.Write(ref _x, 1);
                    Interlocked.MemoryBarrier();
                    Volatile.Write(ref _y, 1);
                }

                void B()
                {
                    Volatile.Write(ref _y, 2);
                    Interlocked.MemoryBarrier();
                    if (Volatile.Read(ref _x) == default) { return; }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_MessagePassing_IsNotAStoreBufferHandshake()
    {
        var source = """
            using System.Threading;

            class Mailbox
            {
                int _data;
                volatile bool _ready;

                void Send()
                {
                    _data = 42;
                    _ready = true;
                }

                int Receive() => _ready ? _data : -1;
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
