using System.Threading.Tasks;
using Xunit;
using Verify = Fencer.Analyzer.Tests.Verifiers.CSharpAnalyzerVerifier<Fencer.Analyzer.Rules.StoreBufferHandshakeAnalyzer>;

namespace Fencer.Analyzer.Tests.Rules;

public class FEN002UnfencedHandshakeTests
{
    [Fact]
    public async Task Reports_BothSides_WhenOnlyVolatileIsUsed()
    {
        var source = """
            class Dekker
            {
                volatile bool _wantA, _wantB;

                public bool TryEnterA()
                {
                    {|FEN002:_wantA = true|};
                    return !_wantB;
                }

                public bool TryEnterB()
                {
                    {|FEN002:_wantB = true|};
                    return !_wantA;
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_PlainThreadBodies_StartedExplicitly()
    {
        var source = """
            using System.Threading;

            class Litmus
            {
                int x, y, r0, r1;

                void P0() { {|FEN002:x = 1|}; r0 = y; }

                void P1() { {|FEN002:y = 1|}; r1 = x; }

                public void Run()
                {
                    var t0 = new Thread(P0);
                    var t1 = new Thread(P1);
                    t0.Start();
                    t1.Start();
                    t0.Join();
                    t1.Join();
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_WhenTheLockIsOnOneSideOnly()
    {
        var source = """
            using System.Threading;

            class Handshake
            {
                int _x, _y;
                readonly object _gate = new();

                void A()
                {
                    lock (_gate) { {|FEN002:_x = 1|}; }
                    if (Volatile.Read(ref _y) == default) { return; }
                }

                void B()
                {
                    {|FEN002:Volatile.Write(ref _y, 1)|};
                    if (Volatile.Read(ref _x) == default) { return; }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_RShape_WhenNeitherSideIsFenced()
    {
        // Explicit threads: without them an unfenced R shape needs a deliberately ordered side to be reported.
        var source = """
            using System.Threading;

            class Handshake
            {
                int _x, _y;

                void A()
                {
                    {|FEN002:Volatile.Write(ref _x, 1)|};
                    Volatile.Write(ref _y, 1);
                }

                void B()
                {
                    {|FEN002:Volatile.Write(ref _y, 2)|};
                    if (Volatile.Read(ref _x) == default) { return; }
                }

                public void Run()
                {
                    new Thread(A).Start();
                    new Thread(B).Start();
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_ThreadVolatileWriteAndRead_AsReleaseAcquireOnly()
    {
        var source = """
            using System.Threading;

            class Handshake
            {
                int _x, _y;

                void A()
                {
                    {|FEN002:Thread.VolatileWrite(ref _x, 1)|};
                    if (Thread.VolatileRead(ref _y) == default) { return; }
                }

                void B()
                {
                    {|FEN002:Thread.VolatileWrite(ref _y, 1)|};
                    if (Thread.VolatileRead(ref _x) == default) { return; }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_ReadBarrierAndWriteBarrier_AsNoFence()
    {
        var source = """
            using System.Threading;

            class Handshake
            {
                volatile int _x, _y;

                void A()
                {
                    {|FEN002:_x = 1|};
                    Volatile.WriteBarrier();
                    Volatile.ReadBarrier();
                    if (_y == default) { return; }
                }

                void B()
                {
                    {|FEN002:_y = 1|};
                    if (_x == default) { return; }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_PlainSingleThreadedCode()
    {
        // The store-buffer shape, but no sign of sharing anywhere: not this analyzer's business.
        var source = """
            class Counter
            {
                int _x, _y;

                public int A() { _x = 1; return _y; }

                public int B() { _y = 1; return _x; }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_InGeneratedCode()
    {
        var source = """
            // <auto-generated/>
            class Dekker
            {
                volatile bool _wantA, _wantB;

                public bool TryEnterA() { _wantA = true; return !_wantB; }

                public bool TryEnterB() { _wantB = true; return !_wantA; }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_InConstructors()
    {
        var source = """
            class Dekker
            {
                volatile bool _wantA, _wantB;

                public Dekker() { _wantA = true; if (_wantB == default) { return; } }

                public bool TryEnterB() { _wantB = true; return !_wantA; }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
