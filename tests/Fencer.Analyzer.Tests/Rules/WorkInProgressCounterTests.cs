using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Fencer.Analyzer.Rules;
using Fencer.Analyzer.Tests.Verifiers;

namespace Fencer.Analyzer.Tests.Rules;

/// <summary>
/// A work-in-progress counter as a lock (docs/design.md §7): the thread whose <c>Interlocked.Increment(ref wip)</c>
/// returns 1 runs the drain until its decrement brings the counter back to 0; every other caller's increment only
/// announces work and leaves. Both halves inside the drain never interleave with each other; a half outside it gains
/// nothing from it.
/// </summary>
public class WorkInProgressCounterTests
{
    // The drain loop of a reactive operator (the shape of held-out 15's operators, docs/precision.md): the drain stores
    // the disposed flag on an error and reads the queue on its next round; a producer enqueues and enters the drain,
    // where it reads the flag. __TAKE__ opens the drain, __LOOP__ ... __RELEASE__ close each round.
    internal const string Operator = """
        using System.Collections.Concurrent;
        using System.Threading;

        class ConcatMap
        {
            private readonly ConcurrentQueue<object> _queue = new();
            private volatile bool _disposed;
            private int _wip;

            public void OnNext(object value)
            {
                _queue.Enqueue(value);
                Drain();
            }

            public void Dispose()
            {
                _disposed = true;
                Drain();
            }

            internal void Drain()
            {
                __TAKE__
                var missed = 1;
                __LOOP__
                {
                    if (_disposed)
                    {
                        while (_queue.TryDequeue(out _)) { }
                    }
                    else if (_queue.TryDequeue(out var v))
                    {
                        if (v is string) { _disposed = true; continue; }
                        v.ToString();
                    }
                __RELEASE__
            }
        }
        """;

    internal const string ReturnUnlessTaken = "if (Interlocked.Increment(ref _wip) != 1) return;";
    internal const string Forever = "for (;;)";
    internal const string AddMissed = "missed = Interlocked.Add(ref _wip, -missed); if (missed == 0) break; } ";
    internal const string TestedDecrement = "if (Interlocked.Decrement(ref _wip) == 0) { break; } } ";

    [Theory]
    [InlineData(ReturnUnlessTaken, Forever, AddMissed)]
    [InlineData(ReturnUnlessTaken, Forever, TestedDecrement)]
    [InlineData(ReturnUnlessTaken, "while (true)", "if (Interlocked.Decrement(ref _wip) != 0) { continue; } break; } ")]
    [InlineData("if (Interlocked.Add(ref _wip, 1) != 1) return;", Forever, AddMissed)]
    public async Task NoHandshake_WhenBothHalvesAreInsideTheDrain(string take, string loop, string release)
    {
        var (diagnostics, audit) = await Run(Operator.Replace("__TAKE__", take).Replace("__LOOP__", loop).Replace("__RELEASE__", release));
        Assert.DoesNotContain(diagnostics, d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "Drain");
        Assert.DoesNotContain(audit, d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "Drain");
    }

    [Fact]
    public async Task NoHandshake_WhenTheDrainIsTheBodyOfTheTestedIncrement()
    {
        var source = Operator
            .Replace("__TAKE__", "if (Interlocked.Increment(ref _wip) == 1) {")
            .Replace("__LOOP__", Forever)
            .Replace("__RELEASE__", AddMissed + "}");
        var (diagnostics, audit) = await Run(source);
        Assert.DoesNotContain(diagnostics.Concat(audit), d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "Drain");
    }

    [Theory]
    // The counter read again after an untested decrement: another thread may take the drain between the two.
    [InlineData("Interlocked.Decrement(ref _wip); if (Volatile.Read(ref _wip) == 0) break; } ")]
    // Released by a plain store: the round after it runs outside the drain.
    [InlineData("_wip = 0; if (_queue.IsEmpty) break; } ")]
    public async Task Reports_WhenTheDrainIsLeftBeforeTheNextRound(string release)
    {
        var source = Operator.Replace("__TAKE__", ReturnUnlessTaken).Replace("__LOOP__", Forever).Replace("__RELEASE__", release);
        var (diagnostics, _) = await Run(source);
        Assert.Contains(diagnostics, d => d.Id == "FEN001" && d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "Drain");
    }

    [Fact]
    public async Task Reports_WhenTheOtherSideChecksOutsideTheDrain()
    {
        // One side alone inside the counter's section: the producer tests the flag before it enters the drain, so the
        // drain's store of the flag and its next read of the queue are a handshake with the enqueue and that test.
        var source = Operator
            .Replace("_queue.Enqueue(value);", "_queue.Enqueue(value); if (_disposed) { return; }")
            .Replace("__TAKE__", ReturnUnlessTaken).Replace("__LOOP__", Forever).Replace("__RELEASE__", AddMissed);
        Assert.Contains("if (_disposed) { return; }", source);
        var (diagnostics, _) = await Run(source);
        Assert.Contains(diagnostics, d => d.Id == "FEN001" && d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "Drain");
    }

    [Fact]
    public async Task AReferenceCount_IsNoDrain_WhenItsHoldersDoNotLeave()
    {
        // `if (Interlocked.Increment(ref _users) == 1) Connect();` lets every caller on: only the first runs Connect, and
        // what every caller does after it is outside any section. The release's zero edge is a release, not an entry.
        var source = """
            using System.Threading;

            class Shared
            {
                private int _users;
                private volatile bool _open;
                private volatile object _connection;

                public void Acquire()
                {
                    if (Interlocked.Increment(ref _users) == 1) { _connection = new object(); }
                    _open = true;
                    if (_connection == null) { Connect(); }
                }

                public void Release()
                {
                    if (Interlocked.Decrement(ref _users) == 0)
                    {
                        _connection = null;
                        if (_open) { Connect(); }
                    }
                }

                void Connect() { }
            }
            """;
        var (diagnostics, _) = await Run(source);
        Assert.Contains(diagnostics, d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "Release");
    }

    private static async Task<(System.Collections.Immutable.ImmutableArray<Microsoft.CodeAnalysis.Diagnostic> Default, System.Collections.Immutable.ImmutableArray<Microsoft.CodeAnalysis.Diagnostic> Audit)> Run(string source)
    {
        var compilation = AnalyzerRunner.Compile(source);
        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(compilation, audit: false);
        Assert.Empty(exceptions);
        var (audit, auditExceptions) = await AnalyzerRunner.RunAsync(compilation, audit: true);
        Assert.Empty(auditExceptions);
        return (diagnostics, audit);
    }
}
