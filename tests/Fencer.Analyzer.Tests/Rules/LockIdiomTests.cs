using System.Linq;
using System.Threading.Tasks;
using Fencer.Analyzer.Tests.Verifiers;
using Xunit;
using Verify = Fencer.Analyzer.Tests.Verifiers.CSharpAnalyzerVerifier<Fencer.Analyzer.Rules.StoreBufferHandshakeAnalyzer>;

namespace Fencer.Analyzer.Tests.Rules;

/// <summary>
/// A lock of a type Fencer does not know, recognised by the acquire-then-try-finally-release idiom through one field,
/// or through a static helper on one object (docs/design.md §7): both sides under it never interleave; a side that does
/// not take it, a reader's share, and a semaphore (which may count) order nothing.
/// </summary>
public class LockIdiomTests
{
    private const string ExclusiveLock = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        sealed class ExclusiveLock
        {
            public ValueTask AcquireAsync() => default;
            public bool TryAcquire(TimeSpan timeout) => true;
            public ValueTask AcquireReadLockAsync() => default;
            public void Release() { }
        }

        """;

    private static string Chunk(string writeSide, string freeSide) => ExclusiveLock + $$"""
        class Chunk
        {
            private readonly ExclusiveLock _lock = new ExclusiveLock();
            private volatile int _cached, _stream;

            public async Task CacheAsync()
            {
        {{writeSide}}
            }

            public void Free()
            {
        {{freeSide}}
            }

            private void FreeUnsafe()
            {
                _cached = 0;
                if (_stream != 0) { _stream = 0; }
            }
        }
        """;

    private const string CacheUnderLock = """
                await _lock.AcquireAsync().ConfigureAwait(false);
                try { _stream = 1; if (_cached != 0) { return; } }
                finally { _lock.Release(); }
        """;

    private const string FreeUnderLock = """
                _lock.TryAcquire(Timeout.InfiniteTimeSpan);
                try { FreeUnsafe(); }
                finally { _lock.Release(); }
        """;

    [Fact]
    public async Task NoDiagnostic_WhenBothSidesTakeTheLock_OneThroughAHelperEveryCallerCallsUnderIt()
    {
        await Verify.VerifyAnalyzerAsync(Chunk(CacheUnderLock, FreeUnderLock));
    }

    [Fact]
    public async Task Reports_WhenOneSideDoesNotTakeTheLock()
    {
        var (diagnostics, _) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(Chunk(CacheUnderLock, "        FreeUnsafe();")), audit: true);
        Assert.Contains(diagnostics, d => d.GetMessage().StartsWith("'CacheAsync'"));
    }

    [Fact]
    public async Task Reports_WhenTheLockIsTakenForReading()
    {
        var source = Chunk(CacheUnderLock.Replace("AcquireAsync()", "AcquireReadLockAsync()"), FreeUnderLock.Replace("_lock.TryAcquire(Timeout.InfiniteTimeSpan);", "await _lock.AcquireReadLockAsync();"))
            .Replace("public void Free()", "public async Task Free()");
        var (diagnostics, _) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(source), audit: true);
        Assert.Contains(diagnostics, d => d.GetMessage().StartsWith("'CacheAsync'"));
    }

    [Fact]
    public async Task Reports_WhenTheGuardIsASemaphore_WhichMayCount()
    {
        var source = Chunk(CacheUnderLock, FreeUnderLock).Replace("ExclusiveLock", "CountingSemaphore");
        var (diagnostics, _) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(source), audit: true);
        Assert.Contains(diagnostics, d => d.GetMessage().StartsWith("'CacheAsync'"));
    }

    [Fact]
    public async Task NoDiagnostic_WhenTheLockTypeDidNotLoad()
    {
        // A folder compilation leaves a package's lock type unresolved: the idiom still says what the field is.
        var source = Chunk(CacheUnderLock, FreeUnderLock).Replace(ExclusiveLock, "using System;\nusing System.Threading;\nusing System.Threading.Tasks;\n\n")
            .Replace("new ExclusiveLock()", "new Package.ExclusiveLock()").Replace("readonly ExclusiveLock", "readonly Package.ExclusiveLock");
        var compilation = AnalyzerRunner.Compile(source);
        Assert.NotEmpty(compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(compilation, audit: true);
        Assert.Empty(exceptions);
        Assert.Empty(diagnostics);

        var unlocked = AnalyzerRunner.Compile(source.Replace(FreeUnderLock, "        FreeUnsafe();"));
        Assert.Contains((await AnalyzerRunner.RunAsync(unlocked, audit: true)).Diagnostics, d => d.GetMessage().StartsWith("'CacheAsync'"));
    }

    /// <summary>A lock taken through a static helper on the object it names (<c>Guard.Enter(this)</c>), as <c>Monitor.Enter(x)</c> is written.</summary>
    private static string Flushed(string lockObject, string flushSide) => $$"""
        using System.Threading;

        static class Guard
        {
            public static void Enter(object o) => Monitor.Enter(o);
            public static void Exit(object o) => Monitor.Exit(o);
        }

        class Flusher
        {
            private readonly object _sync = new object();
            private volatile int _pending, _flushing;

            public void Add()
            {
                Guard.Enter({{lockObject}});
                try { _pending = 1; if (_flushing == 0) { Wake(); } }
                finally { Guard.Exit({{lockObject}}); }
            }

            public void Flush()
            {
        {{flushSide}}
            }

            void Wake() { }
        }
        """;

    private static string FlushUnder(string lockObject) => $$"""
                Guard.Enter({{lockObject}});
                try { _flushing = 1; if (_pending != 0) { Wake(); } }
                finally { Guard.Exit({{lockObject}}); }
        """;

    [Theory]
    [InlineData("this")]
    [InlineData("_sync")]
    public async Task NoDiagnostic_WhenBothSidesTakeTheLockThroughAStaticHelper(string lockObject)
    {
        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(Flushed(lockObject, FlushUnder(lockObject))), audit: true);
        Assert.Empty(exceptions);
        Assert.Empty(diagnostics);
    }

    [Theory]
    [InlineData("this", "        _flushing = 1; if (_pending != 0) { Wake(); }")]
    [InlineData("_sync", "        _flushing = 1; if (_pending != 0) { Wake(); }")]
    [InlineData("this", "        Guard.Enter(_sync);\n        try { _flushing = 1; if (_pending != 0) { Wake(); } }\n        finally { Guard.Exit(_sync); }")]
    public async Task Reports_WhenTheOtherSideTakesNoLockOrAnotherThroughTheHelper(string lockObject, string flushSide)
    {
        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(Flushed(lockObject, flushSide)), audit: true);
        Assert.Empty(exceptions);
        Assert.Contains(diagnostics, d => d.GetMessage().StartsWith("'Add'"));
    }
}
