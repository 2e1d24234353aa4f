using System.Threading.Tasks;
using Xunit;
using Verify = Fencer.Analyzer.Tests.Verifiers.CSharpAnalyzerVerifier<Fencer.Analyzer.Rules.StoreBufferHandshakeAnalyzer>;

namespace Fencer.Analyzer.Tests.Rules;

public class FEN003AsymmetricHotSideTests
{
    [Fact]
    public async Task Reports_HotSideWithPlainAccesses()
    {
        var source = """
            using Fencer;

            class ReaderBiasedFlag
            {
                int _reading, _writing;

                public bool TryRead()
                {
                    {|FEN003:_reading = 1|};
                    return _writing == 0;
                }

                public void Write()
                {
                    _writing = 1;
                    AsymmetricBarrier.Heavy();
                    while (_reading != 0) { }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_HotSideWithOneVolatileAccessOnly_AgainstProcessWideBarrier()
    {
        var source = """
            using System.Threading;

            class ReaderBiasedFlag
            {
                int _reading, _writing;

                public bool TryRead()
                {
                    {|FEN003:Volatile.Write(ref _reading, 1)|};
                    return _writing == 0;
                }

                public void Write()
                {
                    Volatile.Write(ref _writing, 1);
                    Interlocked.MemoryBarrierProcessWide();
                    if (Volatile.Read(ref _reading) == default) { return; }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_WhenTheHotSideUsesLight()
    {
        var source = """
            using Fencer;

            class ReaderBiasedFlag
            {
                int _reading, _writing;

                public bool TryRead()
                {
                    _reading = 1;
                    AsymmetricBarrier.Light();
                    return _writing == 0;
                }

                public void Write()
                {
                    _writing = 1;
                    AsymmetricBarrier.Heavy();
                    while (_reading != 0) { }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_WhenTheHotSideIsVolatileOnBothAccesses()
    {
        var source = """
            using System.Threading;

            class ReaderBiasedFlag
            {
                volatile int _reading, _writing;

                public bool TryRead()
                {
                    _reading = 1;
                    return _writing == 0;
                }

                public void Write()
                {
                    _writing = 1;
                    Interlocked.MemoryBarrierProcessWide();
                    while (_reading != 0) { }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_WhenBothSidesUseHeavy()
    {
        var source = """
            using Fencer;

            class Both
            {
                int _x, _y;

                void A() { _x = 1; AsymmetricBarrier.Heavy(); if (_y == default) { return; } }

                void B() { _y = 1; AsymmetricBarrier.Heavy(); if (_x == default) { return; } }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
