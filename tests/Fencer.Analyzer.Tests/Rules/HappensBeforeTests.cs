using System.Threading;
using System.Threading.Tasks;
using Xunit;
using Verify = Fencer.Analyzer.Tests.Verifiers.CSharpAnalyzerVerifier<Fencer.Analyzer.Rules.StoreBufferHandshakeAnalyzer>;

namespace Fencer.Analyzer.Tests.Rules;

/// <summary>
/// Happens-before that .NET guarantees (docs/design.md, "Concurrency"): what a body stores before it starts a thread
/// or task is seen by that thread; what the thread did is seen after <c>Join</c>, <c>Wait</c> or <c>await</c>.
/// </summary>
public class HappensBeforeTests
{
    [Fact]
    public async Task NoDiagnostic_WhenTheStoreHappensBeforeTheOtherSideIsStarted()
    {
        var source = """
            using System.Threading;
            using System.Threading.Tasks;

            class Pump
            {
                volatile bool _stopped;
                int _pending;

                public void Start()
                {
                    _pending = 1;
                    Task.Run(Loop);
                    if (_stopped) { return; }
                }

                private void Loop()
                {
                    _stopped = true;
                    Interlocked.MemoryBarrier();
                    if (_pending == 0) { return; }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_WhenTheStoreHappensAfterTheOtherSideIsStarted()
    {
        var source = """
            using System.Threading;
            using System.Threading.Tasks;

            class Pump
            {
                volatile bool _stopped;
                int _pending;

                public void Start()
                {
                    Task.Run(Loop);
                    {|FEN001:_pending = 1|};
                    if (_stopped) { return; }
                }

                private void Loop()
                {
                    _stopped = true;
                    Interlocked.MemoryBarrier();
                    if (_pending == 0) { return; }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_WhenTheLoadFollowsAJoinOfTheOtherSide()
    {
        var source = """
            using System.Threading;

            class Pump
            {
                volatile bool _stopped;
                int _pending;

                public void Run()
                {
                    var worker = new Thread(Loop);
                    worker.Start();
                    _pending = 1;
                    worker.Join();
                    if (_stopped) { return; }
                }

                private void Loop()
                {
                    _stopped = true;
                    Interlocked.MemoryBarrier();
                    if (_pending == 0) { return; }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_WhenTheLoadFollowsAnAwaitOfTheOtherSide()
    {
        var source = """
            using System.Threading;
            using System.Threading.Tasks;

            class Pump
            {
                volatile bool _stopped;
                int _pending;

                public async Task RunAsync()
                {
                    var loop = Task.Run(Loop);
                    _pending = 1;
                    await loop;
                    if (_stopped) { return; }
                }

                private void Loop()
                {
                    _stopped = true;
                    Interlocked.MemoryBarrier();
                    if (_pending == 0) { return; }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_WhenTheJoinIsOnlyOnOnePath()
    {
        var source = """
            using System.Threading;

            class Pump
            {
                volatile bool _stopped;
                int _pending;
                bool _wait;

                public void Run()
                {
                    var worker = new Thread(Loop);
                    worker.Start();
                    {|FEN001:_pending = 1|};
                    if (_wait) { worker.Join(); }
                    if (_stopped) { return; }
                }

                private void Loop()
                {
                    _stopped = true;
                    Interlocked.MemoryBarrier();
                    if (_pending == 0) { return; }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_WhenTheStoreHappensBeforeACalleeStartsTheOtherSide()
    {
        // Connect stores, then (through a helper) starts the reader, which runs ReadLoop: the reader sees the store.
        var source = """
            using System.Threading;
            using System.Threading.Tasks;

            class Connection
            {
                volatile object? _socket;
                volatile object? _transport;

                public void Connect(object transport)
                {
                    _transport = transport;
                    if (_socket is not null) { StartReading(); }
                }

                private void StartReading() => Task.Run(() => ReadLoop());

                private void ReadLoop()
                {
                    Interlocked.Exchange(ref _socket, null);
                    if (_transport is null) { return; }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_WhenTheOtherSideIsAlsoStartedElsewhere()
    {
        // Restart runs Loop too: a Loop from an earlier start may be running while Start stores.
        var source = """
            using System.Threading;
            using System.Threading.Tasks;

            class Pump
            {
                volatile bool _stopped;
                volatile int _pending;

                public void Start()
                {
                    {|FEN001:_pending = 1|};
                    if (!_stopped) { Task.Run(Loop); }
                }

                public void Restart() => Task.Run(Loop);

                private void Loop()
                {
                    _stopped = true;
                    Interlocked.MemoryBarrier();
                    if (_pending == 0) { return; }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
