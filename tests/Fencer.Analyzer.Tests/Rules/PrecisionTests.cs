using System.Threading.Tasks;
using Xunit;
using Fencer.Analyzer.Rules;
using Fencer.Analyzer.Tests.Verifiers;
using Verify = Fencer.Analyzer.Tests.Verifiers.CSharpAnalyzerVerifier<Fencer.Analyzer.Rules.StoreBufferHandshakeAnalyzer>;

namespace Fencer.Analyzer.Tests.Rules;

/// <summary>
/// Patterns that looked like handshakes on real low-lock code (StackExchange.Redis, OpenTelemetry, UniTask,
/// vs-threading, Disruptor-net) but are not: each stays silent. Cases Fencer still cannot tell apart are
/// listed in docs/precision.md.
/// </summary>
public class PrecisionTests
{
    [Fact]
    public async Task NoDiagnostic_AReadLoopPairedWithItselfThroughAnAwait()
    {
        var source = """
            using System.IO;
            using System.Threading.Tasks;

            class Connection
            {
                private volatile int _status;
                private readonly byte[] _buffer = new byte[16];
                private int _inBuffer;
                private Stream _stream = Stream.Null;

                public void Start() => Task.Run(ReadLoop);

                private async Task ReadLoop()
                {
                    while (true)
                    {
                        _status = 1;
                        var n = await _stream.ReadAsync(_buffer, _inBuffer, _buffer.Length - _inBuffer);
                        _status = 2;
                        _inBuffer += n;
                        if (n == 0) { break; }
                    }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_PlainFieldsWithAnUnrelatedLockInTheBody()
    {
        var source = """
            class Stats
            {
                private readonly object _gate = new();
                private int _count, _total, _other;

                public int A() { _count = 1; lock (_gate) { _other++; } return _total; }

                public int B() { _total = 2; return _count; }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_WhenBothSidesLockThroughTheSamePropertyChain()
    {
        var source = """
            class Context { public object SyncLock { get; } = new(); }

            class Queue
            {
                private readonly Context _context = new();
                private volatile int _queued, _pending;

                public void Enqueue() { lock (_context.SyncLock) { _queued = 1; if (_pending == 0) { } } }

                public void Drain() { lock (_context.SyncLock) { _pending = 1; if (_queued == 0) { } } }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_InFinalizers()
    {
        var source = """
            class Bridge
            {
                private volatile bool _disposed;
                private volatile object _physical = new();

                ~Bridge() { _disposed = true; if (_physical == default) { return; } }

                public void OnDisconnected() { _physical = null; if (!_disposed) { } }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_StructsInLocalsAndRefParameters_AndObjectsUnderConstruction()
    {
        var source = """
            using System.Threading;

            struct Sample { public long Timestamp; public double Value; }

            class Header { public int EventCount; public int SequenceCount; }

            class Recorder
            {
                private int _gate;
                private long _timestamp;
                private double _value;

                public void Update(long t, double v)
                {
                    if (Interlocked.Exchange(ref _gate, 1) != 0) { return; }
                    _timestamp = t;
                    _value = v;
                    Volatile.Write(ref _gate, 0);
                }

                public void CopyTo(ref Sample destination)
                {
                    destination.Value = _value;
                    destination.Timestamp = _timestamp;
                    var local = new Sample { Timestamp = 1 };
                    local.Value = destination.Value;
                    _ = new Header { EventCount = 1, SequenceCount = local.Timestamp > 0 ? 1 : 0 };
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_RShapeOnStatusFields_WithoutADeliberateFence()
    {
        var source = """
            using System;

            class Bridge
            {
                private volatile int _status;
                private volatile Exception? _lastException;

                public void Fail(Exception e) { _lastException = e; _status = 2; }

                public void Reset() { _status = 0; if (_lastException != null) { } }
            }
            """;

        await Verify.VerifyAnalyzerAsync("#nullable enable\n" + source);
    }

    /// <summary>
    /// The R shape between two members of a type that shows sharing elsewhere (a lock around another field): one stores
    /// its status and then its error, the other resets the error and checks the status. <paramref name="status"/>'s
    /// modifier decides whether anything says the two race.
    /// </summary>
    private static string StatusAndError(string status) => $$"""
        using System;

        class Session
        {
            private readonly object _gate = new object();
            private int _count;
            private {{status}} int _status;
            private Exception _error;

            public void Count() { lock (_gate) { _count++; } }

            public void Fail(Exception e) { _status = 2; _error = e; }

            public void Reset() { _error = null; if (_status == 2) { Restart(); } }

            void Restart() { }
        }
        """;

    [Fact]
    public async Task AuditLevel_IsSilent_OnAnRShapeThatNothingSaysRaces()
    {
        // No start, no barrier, no read-modify-write, neither location shared: at the audit level too the R shape needs
        // one of these (docs/design.md §6). 259 findings of this kind on held-out parts 7 and 8, none real.
        var (audit, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(StatusAndError("")), audit: true);
        Assert.Empty(exceptions);
        Assert.Empty(audit);
    }

    [Fact]
    public async Task AuditLevel_ReportsAnRShape_WhenOneOfItsLocationsIsShared()
    {
        var (audit, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(StatusAndError("volatile")), audit: true);
        Assert.Empty(exceptions);
        Assert.Contains(audit, d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "Fail"
            && d.Properties[HandshakeDiagnostic.WeaknessProperty]!.Contains("NoEvidence"));
        await Verify.VerifyAnalyzerAsync(StatusAndError("volatile")); // the default level asks a barrier of R
    }

    [Fact]
    public async Task NoDiagnostic_InterlockedOnAConditionalRef_IsNotAVolatileLoad()
    {
        var source = """
            using System.Threading;

            class Bucket
            {
                private volatile int _success, _failure;
                private long _epoch;

                public void Count(long e, bool ok)
                {
                    if (e != Volatile.Read(ref _epoch)) { _success = 0; _failure = 0; Volatile.Write(ref _epoch, e); }
                    Interlocked.Increment(ref ok ? ref _success : ref _failure);
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_LockOnSystemThreadingLock_WithNullableEnabled()
    {
        var source = """
            #nullable enable
            using System.Threading;

            class Registry
            {
                private readonly Lock _gate = new();
                private volatile bool _ready, _used;

                public void Init() { lock (_gate) { _ready = true; if (!_used) { } } }

                public void Use() { lock (_gate) { _used = true; if (!_ready) { } } }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
