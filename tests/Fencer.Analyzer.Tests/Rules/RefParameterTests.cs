using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Fencer.Analyzer.Rules;
using Fencer.Analyzer.Tests.Verifiers;

namespace Fencer.Analyzer.Tests.Rules;

/// <summary>
/// A by-reference parameter is the variable its caller passes (docs/design.md §5, "By-reference parameters"): a
/// helper of another type that reads, writes or exchanges <c>ref field</c> acts on the caller's field, at the call,
/// in the order its own body gives. The wake-up of an asynchronous producer written through such a helper is the
/// same handshake as one written in place.
/// </summary>
public class RefParameterTests
{
    // A wake-up helper in the style of reactive libraries: Resume reads the completion-source field and completes
    // what it finds (or installs the "resumed" marker with a compare-and-swap), Clear exchanges it for null.
    private const string Helper = """
        using System.Threading;
        using System.Threading.Tasks;

        static class ResumeHelper
        {
            private static readonly TaskCompletionSource<bool> Done = new();

            internal static void Resume(ref TaskCompletionSource<bool> field)
            {
                for (;;)
                {
                    var a = Volatile.Read(ref field);
                    if (a == null)
                    {
                        if (Interlocked.CompareExchange(ref field, Done, null) == null) break;
                    }
                    else
                    {
                        if (a != Done) a.TrySetResult(true);
                        break;
                    }
                }
            }

            internal static void Clear(ref TaskCompletionSource<bool> field) => Interlocked.Exchange(ref field, null);

            internal static void ResumeFenced(ref TaskCompletionSource<bool> field)
            {
                Interlocked.MemoryBarrier();
                Volatile.Read(ref field)?.TrySetResult(true);
            }

            internal static void Publish(ref TaskCompletionSource<bool> field) => Volatile.Write(ref field, new TaskCompletionSource<bool>());
        }

        """;

    // The producer announces completion and wakes the consumer; the consumer clears the wake-up and checks the flag.
    private const string Channel = """
        sealed class Channel
        {
            private volatile bool _done;
            private TaskCompletionSource<bool> _resume;

            public void Complete()
            {
                __ANNOUNCE__
            }

            public async Task<bool> MoveNextAsync()
            {
                for (;;)
                {
                    __CLEAR__
                    if (_done) return false;
                    await Task.Yield();
                }
            }
        }
        """;

    private static string Source(string announce, string clear) => Helper + Channel.Replace("__ANNOUNCE__", announce).Replace("__CLEAR__", clear);

    private const string Resume = "_done = true;\n        ResumeHelper.Resume(ref _resume);";
    private const string Clear = "ResumeHelper.Clear(ref _resume);";

    // The whole of the first case, written out (the fix sweep of the code-fix tests reads each literal on its own).
    private const string Unicast = """
        using System.Threading;
        using System.Threading.Tasks;

        static class Wakeup
        {
            internal static void Resume(ref TaskCompletionSource<bool> field)
            {
                var a = Volatile.Read(ref field);
                if (a == null) Interlocked.CompareExchange(ref field, new TaskCompletionSource<bool>(), null);
                else a.TrySetResult(true);
            }

            internal static void Clear(ref TaskCompletionSource<bool> field) => Interlocked.Exchange(ref field, null);
        }

        sealed class Unicast
        {
            private volatile bool _done;
            private TaskCompletionSource<bool> _resume;

            public void Complete()
            {
                _done = true;
                Wakeup.Resume(ref _resume);
            }

            public async Task<bool> MoveNextAsync()
            {
                for (;;)
                {
                    Wakeup.Clear(ref _resume);
                    if (_done) return false;
                    await Task.Yield();
                }
            }
        }
        """;

    [Fact]
    public async Task Reports_TheProducerWhoseWakeUpReadsTheFieldInAHelper_AtTheAuditLevel()
    {
        var audit = await Run(Unicast, audit: true);

        // The producer's load is the helper's Volatile.Read of the field it was given; the consumer's exchange inside
        // Clear is its fence. Both are made inside the helpers: the callee's business at the default level (§6).
        var complete = Assert.Single(audit);
        Assert.Equal(DiagnosticIds.OneSidedFence, complete.Id);
        Assert.Equal("Complete", complete.Properties[HandshakeDiagnostic.ThisMemberProperty]);
        Assert.Contains("CheckInCallee", complete.Properties[HandshakeDiagnostic.WeaknessProperty]);
        var texts = complete.AdditionalLocations.Select(l => l.SourceTree!.GetText().ToString(l.SourceSpan)).ToList();
        Assert.Contains("Wakeup.Resume(ref _resume)", texts);
        Assert.Contains("Wakeup.Clear(ref _resume)", texts);
        Assert.Empty(await Run(Unicast, audit: false));
    }

    [Fact]
    public async Task Reports_BothSides_WhenNeitherHelperFences()
    {
        // The consumer publishes its completion source with a release write in a helper, then checks the flag.
        var source = Source(Resume, "ResumeHelper.Publish(ref _resume);");

        var audit = await Run(source, audit: true);

        Assert.Equal(new[] { "Complete", "MoveNextAsync" }, audit.Select(d => d.Properties[HandshakeDiagnostic.ThisMemberProperty]).OrderBy(m => m));
        Assert.All(audit, d => Assert.Equal(DiagnosticIds.UnfencedHandshake, d.Id));
    }

    // A helper whose value the producer decides on (written out whole: the code-fix tests fix every literal that compiles).
    private const string Peeked = """
        using System.Threading;
        using System.Threading.Tasks;

        static class Slot
        {
            internal static TaskCompletionSource<bool> Peek(ref TaskCompletionSource<bool> field) => Volatile.Read(ref field);
        }

        sealed class Peeking
        {
            private volatile bool _done;
            private TaskCompletionSource<bool> _resume;

            public void Complete()
            {
                _done = true;
                Slot.Peek(ref _resume)?.TrySetResult(true);
            }

            public async Task<bool> MoveNextAsync()
            {
                for (;;)
                {
                    Interlocked.Exchange(ref _resume, null);
                    if (_done) return false;
                    await Task.Yield();
                }
            }
        }
        """;

    [Fact]
    public async Task Reports_ByDefault_WhenTheHelpersValueIsTheCheck()
    {
        // The helper returns the field's value and the producer decides on it: the check is the producer's own (§6).
        var diagnostics = await Run(Peeked, audit: false);

        var complete = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticIds.OneSidedFence, complete.Id);
        Assert.Equal("Complete", complete.Properties[HandshakeDiagnostic.ThisMemberProperty]);
    }

    [Theory]
    [InlineData("_done = true;\n        Interlocked.MemoryBarrier();\n        ResumeHelper.Resume(ref _resume);")] // fenced by the caller
    [InlineData("_done = true;\n        ResumeHelper.ResumeFenced(ref _resume);")] // fenced by the helper, before it reads
    public async Task NoHandshake_WhenTheProducerIsFencedBeforeTheHelperReads(string announce)
    {
        Assert.Empty(await Run(Source(announce, Clear), audit: true));
    }

    [Fact]
    public async Task Reports_AHelperOfTheSameClass_AtTheAuditLevel()
    {
        var source = Source("_done = true;\n        Wake(ref _resume);", Clear).Replace(
            "    public void Complete()",
            "    private static void Wake(ref TaskCompletionSource<bool> f)\n    {\n        var a = Volatile.Read(ref f);\n        if (a != null) a.TrySetResult(true);\n    }\n\n    public void Complete()");

        var audit = await Run(source, audit: true);

        var complete = Assert.Single(audit);
        Assert.Equal("Complete", complete.Properties[HandshakeDiagnostic.ThisMemberProperty]);
    }

    [Fact]
    public async Task NoHandshake_WhenAnotherObjectsFieldIsPassed()
    {
        // Another channel's field: not this object's location (docs/design.md §5, "Locations").
        var source = Source("_done = true;\n        ResumeHelper.Resume(ref _next._resume);", Clear)
            .Replace("    private TaskCompletionSource<bool> _resume;", "    private TaskCompletionSource<bool> _resume;\n    private Channel _next;");

        Assert.Empty(await Run(source, audit: true));
    }

    private static async Task<System.Collections.Immutable.ImmutableArray<Diagnostic>> Run(string source, bool audit)
    {
        var compilation = AnalyzerRunner.Compile(source);
        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(compilation, audit: audit);
        Assert.Empty(exceptions);
        return diagnostics;
    }
}
