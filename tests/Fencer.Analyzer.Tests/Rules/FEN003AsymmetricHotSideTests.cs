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

    // A volatile read whose value is used keeps an earlier store before it and later accesses after it, as far as the
    // JIT goes (docs/design.md §2): the compiler order Light() gives. tests/Fencer.Runtime.Tests/JitOrderTests.cs reads
    // the generated code of these shapes.

    /// <summary>A reader-biased flag whose writer is the rare side (a process-wide barrier); <paramref name="tryRead"/> is the hot side's body.</summary>
    private static string ReaderBiased(string tryRead) => $$"""
        using System.Threading;
        using Fencer;

        class ReaderBiasedFlag
        {
            int _reading, _writing, _epoch;

            public bool TryRead()
            {
        {{tryRead}}
            }

            public void Write()
            {
                _writing = 1;
                AsymmetricBarrier.Heavy();
                while (_reading != 0) { }
            }
        }
        """;

    [Fact]
    public async Task NoDiagnostic_WhenThePlainStoreIsFollowedByAVolatileReadThatDecides()
    {
        await Verify.VerifyAnalyzerAsync(ReaderBiased("""
                    _reading = 1;
                    return Volatile.Read(ref _writing) == 0;
            """));
    }

    [Fact]
    public async Task NoDiagnostic_WhenAPlainLoadFollowsAVolatileReadAfterTheStore()
    {
        var source = """
            using System.Collections.Immutable;
            using System.Threading;

            class Views
            {
                ImmutableHashSet<int> _active = ImmutableHashSet<int>.Empty, _passive = ImmutableHashSet<int>.Empty;

                public void Add(int peer)
                {
                    Volatile.Write(ref _passive, _passive.Remove(peer));
                    if (Volatile.Read(ref _active).Count >= 4 && _active.Contains(peer))
                    {
                        _active = _active.Remove(peer);
                    }
                }

                public void Dispose()
                {
                    Interlocked.Exchange(ref _active, ImmutableHashSet<int>.Empty);
                    Interlocked.MemoryBarrierProcessWide();
                    if (Volatile.Read(ref _passive).Count > 0) { _passive = ImmutableHashSet<int>.Empty; }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_WhenTheVolatileReadBetweenIsStoredNotDecidedOn()
    {
        // Its value decides nothing, but it is used: the JIT keeps the read, and with it the order.
        await Verify.VerifyAnalyzerAsync(ReaderBiased("""
                    _reading = 1;
                    Volatile.Write(ref _epoch, Volatile.Read(ref _writing));
                    return _writing == 0;
            """));
    }

    [Fact]
    public async Task Reports_WhenTheVolatileReadBetweenIsDiscarded()
    {
        // The JIT drops a volatile read whose value nobody uses: it orders nothing.
        await Verify.VerifyAnalyzerAsync(ReaderBiased("""
                    {|FEN003:_reading = 1|};
                    _ = Volatile.Read(ref _epoch);
                    return _writing == 0;
            """));
    }

    [Fact]
    public async Task Reports_OneSidedFence_WhenTheOtherSideOnlyHasAVolatileRead()
    {
        // Compiler order is no hardware order: against an ordinary full fence the volatile read changes nothing.
        var source = """
            using System.Threading;

            class Flag
            {
                int _reading, _writing;

                public bool TryRead()
                {
                    {|FEN001:_reading = 1|};
                    return Volatile.Read(ref _writing) == 0;
                }

                public void Write()
                {
                    _writing = 1;
                    Interlocked.MemoryBarrier();
                    while (Volatile.Read(ref _reading) != 0) { }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
