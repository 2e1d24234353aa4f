using System.Threading.Tasks;
using Xunit;
using Verify = Fencer.Analyzer.Tests.Verifiers.CSharpAnalyzerVerifier<Fencer.Analyzer.Rules.StoreBufferHandshakeAnalyzer>;

namespace Fencer.Analyzer.Tests.Rules;

/// <summary>A handshake whose halves are both ordered by one lock is impossible; a lock on one side orders nothing.</summary>
public class LockTests
{
    [Fact]
    public async Task NoDiagnostic_WhenOnlyTheTwoStoresAreInsideTheSameLock()
    {
        var source = """
            using System.Threading;

            class Handshake
            {
                int _x, _y;
                readonly object _gate = new();

                void A() { lock (_gate) { _x = 1; } if (Volatile.Read(ref _y) == default) { return; } }

                void B() { lock (_gate) { _y = 1; } if (Volatile.Read(ref _x) == default) { return; } }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_WhenOnlyTheTwoLoadsAreInsideTheSameLock()
    {
        var source = """
            using System.Threading;

            class Handshake
            {
                volatile int _x, _y;
                readonly object _gate = new();

                int A() { _x = 1; lock (_gate) { return _y; } }

                int B() { _y = 1; lock (_gate) { return _x; } }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_WhenACriticalSectionLiesBetweenStoreAndLoadOnBothSides()
    {
        var source = """
            using System.Threading;

            class Handshake
            {
                volatile int _x, _y;
                int _count;
                readonly object _gate = new();

                int A() { _x = 1; lock (_gate) { _count++; } return _y; }

                int B() { _y = 1; Monitor.Enter(_gate); try { _count--; } finally { Monitor.Exit(_gate); } return _x; }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_WhenBothSidesLockThis()
    {
        var source = """
            class Handshake
            {
                volatile int _x, _y;

                int A() { lock (this) { _x = 1; return _y; } }

                int B() { lock (this) { _y = 1; return _x; } }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_WithSystemThreadingLockOnBothSides()
    {
        var source = """
            using System.Threading;

            class Handshake
            {
                volatile int _x, _y;
                readonly Lock _gate = new();

                int A() { lock (_gate) { _x = 1; } return _y; }

                int B() { lock (_gate) { _y = 1; } return _x; }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_WhenTheTwoSidesUseDifferentLocks()
    {
        var source = """
            using System.Threading;

            class Handshake
            {
                int _x, _y;
                readonly object _left = new(), _right = new();

                void A() { lock (_left) { {|FEN002:_x = 1|}; } if (Volatile.Read(ref _y) == default) { return; } }

                void B() { lock (_right) { {|FEN002:_y = 1|}; } if (Volatile.Read(ref _x) == default) { return; } }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_WhenTheLockEndsBeforeTheStore()
    {
        var source = """
            using System.Threading;

            class Handshake
            {
                volatile int _x, _y;
                int _count;
                readonly object _gate = new();

                int A() { lock (_gate) { _count++; } {|FEN002:_x = 1|}; return _y; }

                int B() { lock (_gate) { _count--; } {|FEN002:_y = 1|}; return _x; }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
