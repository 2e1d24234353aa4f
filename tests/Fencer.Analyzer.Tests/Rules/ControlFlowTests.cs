using System.Threading.Tasks;
using Xunit;
using Fencer.Analyzer.Tests.Verifiers;
using Verify = Fencer.Analyzer.Tests.Verifiers.CSharpAnalyzerVerifier<Fencer.Analyzer.Rules.StoreBufferHandshakeAnalyzer>;

namespace Fencer.Analyzer.Tests.Rules;

/// <summary>The per-body dataflow: loops, branches, try/finally, early exits, calls into the same type.</summary>
public class ControlFlowTests
{
    private const string FencedOtherSide = """
            void Other()
            {
                _y = 1;
                Interlocked.MemoryBarrier();
                if (_x == default) { return; }
            }
        """;

    [Fact]
    public async Task Reports_StoreAtTheEndOfAnIteration_LoadAtTheStartOfTheNext()
    {
        var source = $$"""
            using System.Threading;

            class Spinner
            {
                volatile int _x, _y;

                void Loop()
                {
                    while (true)
                    {
                        if (_y != 0) { break; }
                        {|FEN001:_x = 1|};
                    }
                }

            {{FencedOtherSide}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_WhenTheLoopFencesAfterTheStore()
    {
        var source = $$"""
            using System.Threading;

            class Spinner
            {
                volatile int _x, _y;

                void Loop()
                {
                    for (var i = 0; i < 10; i++)
                    {
                        if (_y != 0) { break; }
                        _x = 1;
                        Interlocked.MemoryBarrier();
                    }
                }

            {{FencedOtherSide}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_WhenTheFenceIsInAFinallyBetweenStoreAndLoad()
    {
        var source = $$"""
            using System.Threading;

            class Guarded
            {
                volatile int _x, _y;

                void Side()
                {
                    try
                    {
                        _x = 1;
                    }
                    finally
                    {
                        Interlocked.MemoryBarrier();
                    }

                    if (_y == default) { return; }
                }

            {{FencedOtherSide}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_WhenTheFenceIsOnlyInACatch()
    {
        var source = $$"""
            using System;
            using System.Threading;

            class Guarded
            {
                volatile int _x, _y;

                void Side()
                {
                    try
                    {
                        {|FEN001:_x = 1|};
                    }
                    catch (InvalidOperationException)
                    {
                        Interlocked.MemoryBarrier();
                    }

                    if (_y == default) { return; }
                }

            {{FencedOtherSide}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_WhenTheLoadInsideTryPrecedesTheFenceInFinally()
    {
        var source = $$"""
            using System.Threading;

            class Guarded
            {
                volatile int _x, _y;

                int Side()
                {
                    try
                    {
                        {|FEN001:_x = 1|};
                        return _y;
                    }
                    finally
                    {
                        Interlocked.MemoryBarrier();
                    }
                }

            {{FencedOtherSide}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_WhenTheUnfencedPathReturnsEarly()
    {
        var source = $$"""
            using System.Threading;

            class Early
            {
                volatile int _x, _y;

                int Side(bool quit)
                {
                    _x = 1;
                    if (quit)
                    {
                        return 0;
                    }

                    Interlocked.MemoryBarrier();
                    return _y;
                }

            {{FencedOtherSide}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_WhenTheEarlyExitPathLoadsWithoutAFence()
    {
        var source = $$"""
            using System.Threading;

            class Early
            {
                volatile int _x, _y;

                int Side(bool fast)
                {
                    {|FEN001:_x = 1|};
                    if (fast)
                    {
                        return _y;
                    }

                    Interlocked.MemoryBarrier();
                    return _y;
                }

            {{FencedOtherSide}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_StoreInsideSwitchSection()
    {
        var source = $$"""
            using System.Threading;

            class Switcher
            {
                volatile int _x, _y;

                int Side(int mode)
                {
                    switch (mode)
                    {
                        case 1:
                            {|FEN001:_x = 1|};
                            break;
                        default:
                            return 0;
                    }

                    return _y;
                }

            {{FencedOtherSide}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task AuditReports_WhenTheStoreIsInAHelperOfTheSameType()
    {
        var source = $$"""
            using System.Threading;

            class WithHelper
            {
                volatile int _x, _y;

                void Side()
                {
                    Publish();
                    if (_y == default) { return; }
                }

                void Publish() => _x = 1;

            {{FencedOtherSide}}
            }
            """;

        // The helper's store is seen through the call; a store made inside a callee is a weak case (docs/design.md §6).
        Assert.Empty((await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(source))).Diagnostics);
        var (diagnostics, _) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(source), audit: true);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("FEN001", diagnostic.Id);
        Assert.Equal("Publish()", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.Equal("StoreInCallee", diagnostic.Properties[Fencer.Analyzer.Rules.HandshakeDiagnostic.WeaknessProperty]);
    }

    [Fact]
    public async Task NoDiagnostic_WhenAHelperOfTheSameTypeAlwaysFences()
    {
        var source = $$"""
            using System.Threading;

            class WithHelper
            {
                volatile int _x, _y;

                void Side()
                {
                    _x = 1;
                    Fence();
                    if (_y == default) { return; }
                }

                static void Fence() => Interlocked.MemoryBarrier();

            {{FencedOtherSide}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoCrash_OnRecursiveHelpers()
    {
        var source = $$"""
            using System.Threading;

            class Recursive
            {
                volatile int _x, _y;

                void Side(int n)
                {
                    {|FEN001:_x = n|};
                    if (Ping(n)) { return; }
                }

                bool Ping(int n) { if (n > 0) { return Pong(n - 1); } else { return _y == default; } }

                bool Pong(int n) => Ping(n);

            {{FencedOtherSide}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_InsideUsingAndAwait()
    {
        var source = $$"""
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            class Async
            {
                volatile int _x, _y;

                async Task<int> Side(Stream s)
                {
                    await Task.Yield();
                    using (s)
                    {
                        {|FEN001:_x = 1|};
                        return _y;
                    }
                }

            {{FencedOtherSide}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_ForTheStoreOfACompareAndSwapThatFailed()
    {
        // Schedule returns when its CAS succeeds; it reads the position again only after a CAS that stored nothing.
        var source = """
            using System.Threading;

            class Wheel
            {
                private readonly object?[] _slots = new object?[64];
                private volatile int _position;

                public bool Schedule(object entry)
                {
                    while (true)
                    {
                        var target = (_position + 1) % 64;
                        var current = _slots[target];
                        if (Interlocked.CompareExchange(ref _slots[target], entry, current) == current)
                        {
                            return true;
                        }
                    }
                }

                public void Advance()
                {
                    _position = (_position + 1) % 64;
                    if (Volatile.Read(ref _slots[_position]) is { } due) { due.ToString(); }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_TheStoreOfACompareAndSwapThatSucceeded_BeforeALaterLoad()
    {
        var source = """
            using System.Threading;

            class Wheel
            {
                private readonly object?[] _slots = new object?[64];
                private volatile int _position;

                public bool Schedule(object entry)
                {
                    var current = _slots[1];
                    if (Interlocked.CompareExchange(ref _slots[1], entry, current) == current)
                    {
                        return _position == 1;
                    }

                    return false;
                }

                public void Advance()
                {
                    {|FEN001:_position = 1|};
                    if (Volatile.Read(ref _slots[1]) is { } due) { due.ToString(); }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    /// <summary>A side whose body is <paramref name="side"/>, with a helper that throws, against <see cref="FencedOtherSide"/>.</summary>
    private static string Retrying(string side) => $$"""
        using System;
        using System.Threading;

        class Retry
        {
            volatile int _x, _y;

            void Side()
            {
        {{side}}
            }

            static void Connect() => throw new InvalidOperationException();

        {{FencedOtherSide}}
        }
        """;

    [Fact]
    public async Task AuditReports_WhenAThrowBetweenTheStoreAndTheFenceReachesACatchThatLoads()
    {
        // A catch is entered from every point of its try, not only from the try's entry and exit: the call that throws
        // after the store and before the fence reaches the handler's load unfenced (docs/design.md §4).
        var source = Retrying("""
                    try
                    {
                        _x = 1;
                        Connect();
                        Interlocked.MemoryBarrier();
                    }
                    catch (InvalidOperationException)
                    {
                        if (_y == default) { return; }
                    }
            """);

        var (diagnostics, _) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(source), audit: true);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("FEN001", diagnostic.Id);
        Assert.Equal("_x = 1", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.Equal("ErrorPath", diagnostic.Properties[Fencer.Analyzer.Rules.HandshakeDiagnostic.WeaknessProperty]);
    }

    [Fact]
    public async Task NoDiagnostic_WhenTheStoreIsFencedBeforeTheTryBegins()
    {
        // Every point of the try may throw, so the handler sees only what holds at all of them: here the fence.
        var source = Retrying("""
                    _x = 1;
                    Interlocked.MemoryBarrier();
                    try
                    {
                        Connect();
                    }
                    catch (InvalidOperationException)
                    {
                        if (_y == default) { return; }
                    }
            """);

        Assert.Empty((await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(source), audit: true)).Diagnostics);
    }
}
