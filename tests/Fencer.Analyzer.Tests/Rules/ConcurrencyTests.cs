using System.Threading.Tasks;
using Xunit;
using Verify = Fencer.Analyzer.Tests.Verifiers.CSharpAnalyzerVerifier<Fencer.Analyzer.Rules.StoreBufferHandshakeAnalyzer>;

namespace Fencer.Analyzer.Tests.Rules;

/// <summary>Which bodies are threads: explicit starts (lambdas, local functions, methods), or evidence of sharing.</summary>
public class ConcurrencyTests
{
    [Fact]
    public async Task Reports_LambdasStartedAsTasks()
    {
        var source = """
            using System.Threading;
            using System.Threading.Tasks;

            class Litmus
            {
                int x, y, r0, r1;

                public Task Run() => Task.WhenAll(
                    Task.Run(() => { {|FEN002:x = 1|}; r0 = y; }),
                    Task.Run(() => { {|FEN002:y = 1|}; r1 = x; }));
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_LocalFunctionsStartedAsThreads()
    {
        var source = """
            using System.Threading;

            class Litmus
            {
                int x, y, r0, r1;

                public void Run()
                {
                    var t0 = new Thread(P0);
                    var t1 = new Thread(P1);
                    t0.Start();
                    t1.Start();
                    t0.Join();
                    t1.Join();

                    void P0() { {|FEN002:x = 1|}; r0 = y; }

                    void P1() { {|FEN002:y = 1|}; r1 = x; }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_StartedLambdaAgainstItsStarter()
    {
        var source = """
            using System.Threading;

            class Starter
            {
                int _x, _y;

                public int Run()
                {
                    ThreadPool.QueueUserWorkItem(_ => { {|FEN001:_y = 1|}; if (_x == default) { return; } });
                    _x = 1;
                    Interlocked.MemoryBarrier();
                    return _y;
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_BranchesOfOneBodyAgainstEachOther()
    {
        // Dekker's entry written once for both threads: the body runs concurrently with itself.
        var source = """
            using System.Threading;

            class Dekker
            {
                volatile bool _want0, _want1;

                public bool TryEnter(int me)
                {
                    if (me == 0)
                    {
                        {|FEN001:_want0 = true|};
                        return !_want1;
                    }

                    _want1 = true;
                    Interlocked.MemoryBarrier();
                    return !_want0;
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_PlainBodiesWithoutStartsOrSharing()
    {
        var source = """
            using System;

            class Plain
            {
                int x, y;

                public void P0() { x = 1; Console.WriteLine(y); }

                public void P1() { y = 1; Console.WriteLine(x); }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_PlainBodiesOfOneThreadOnly()
    {
        // Only one body is started; the other plain body is never shown to run concurrently with it.
        var source = """
            using System.Threading;

            class OneThread
            {
                int x, y, r0, r1;

                public void Run()
                {
                    var t = new Thread(P0);
                    t.Start();
                    t.Join();
                }

                void P0() { x = 1; r0 = y; }

                public void P1() { y = 1; r1 = x; }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_OrdinaryAsyncCode_IsNotEvidenceOfSharing()
    {
        // Task and CancellationToken alone are not signs of sharing: no handshake is assumed here.
        var source = """
            using System.Threading;
            using System.Threading.Tasks;

            class Service
            {
                int _x, _y;

                public async Task<int> A(CancellationToken token) { _x = 1; await Task.Delay(1, token); return _y; }

                public async Task<int> B(CancellationToken token) { _y = 1; await Task.Yield(); return _x; }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_ForAPrivateHelperPairedWithItsOnlyCaller()
    {
        // Parse runs as part of ReadLoop, on its thread: the pair is ReadLoop paired with itself.
        var source = """
            using System.Threading;

            class Reader
            {
                volatile int _status;
                object? _awaiting;

                public void ReadLoop()
                {
                    _status = 1;
                    if (Volatile.Read(ref _awaiting) is null) { return; }
                    Parse();
                }

                private void Parse()
                {
                    Volatile.Write(ref _awaiting, null);
                    if (_status == 1) { return; }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_APrivateHelperCalledFromTwoMembers_AgainstOneOfThem()
    {
        var source = """
            using System.Threading;

            class Reader
            {
                volatile int _status;
                object? _awaiting;

                public void ReadLoop()
                {
                    {|FEN002:_status = 1|};
                    if (Volatile.Read(ref _awaiting) is null) { return; }
                    Parse();
                }

                public void Cancel() => Parse();

                private void Parse()
                {
                    {|FEN002:Volatile.Write(ref _awaiting, null)|};
                    if (_status == 1) { return; }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_ForAHelperCalledFromTheConstructorAndOneLoop_PairedWithThatLoop()
    {
        // Once the object is shared, OpenFile runs only inside Worker: the pair is Worker paired with itself.
        var source = """
            using System.Threading;
            using System.Threading.Tasks;

            class Refresher
            {
                private volatile object? _stream;
                private volatile object? _file;

                public Refresher()
                {
                    OpenFile();
                    Task.Run(Worker);
                }

                private void OpenFile()
                {
                    _stream = new object();
                    if (_file is null) { _file = new object(); }
                }

                private void Worker()
                {
                    while (true)
                    {
                        Interlocked.Exchange(ref _file, null);
                        if (_stream is null) { OpenFile(); }
                    }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_UncertainHalves_AtTheAuditLevel_AsSuggestions()
    {
        var source = """
            interface IFence { void Full(); }

            class Worker
            {
                private readonly IFence _fence;
                private volatile int _work;
                private volatile bool _idle;

                public Worker(IFence fence) => _fence = fence;

                public void Post() { _work = 1; _fence.Full(); if (_idle) { } }

                public void Drain() { _idle = true; System.Threading.Interlocked.MemoryBarrier(); if (_work == 0) { } }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
        await Verify.VerifyAuditAsync(source, Verify.Diagnostic("FEN001").WithSpan(11, 26, 11, 35).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info)
            .WithOptions(Microsoft.CodeAnalysis.Testing.DiagnosticOptions.IgnoreAdditionalLocations)
            .WithArguments("Post", "stores '_work' then loads '_idle'", "Drain", "stores '_idle' then loads '_work'", ""));
    }
}
