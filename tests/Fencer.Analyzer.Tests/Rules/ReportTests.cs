using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Fencer.Analyzer.Knowledge;
using Fencer.Analyzer.Rules;
using Fencer.Analyzer.Tests.Verifiers;
using Verify = Fencer.Analyzer.Tests.Verifiers.CSharpAnalyzerVerifier<Fencer.Analyzer.Rules.StoreBufferHandshakeAnalyzer>;

namespace Fencer.Analyzer.Tests.Rules;

/// <summary>
/// What a diagnostic says about itself (docs/design.md §9, "Rules and report levels"): its Evidence and, at the audit
/// level, its Weakness; one diagnostic per store keeps the certain handshake when a weak one of the same store and
/// location was found first, and the worst of the cycles one partner folds whatever order they were found in; and the cheap gates in front of the analysis never drop what the analysis would report.
/// </summary>
public class ReportTests
{
    /// <summary>
    /// Begin stores _transport, then stores _socket (the R shape's store-store side: weak without a barrier), then
    /// loads _closed (a store-buffer half, certain: both locations are shared). Shutdown exchanges all three.
    /// </summary>
    private const string WeakFirst = """
        using System.Threading;

        class Connection
        {
            object? _transport, _socket; int _closed;

            public void Begin(object transport, object? socket)
            {
                _transport = transport;
                _socket = socket;
                if (Volatile.Read(ref _closed) == 0)
                {
                    Connect();
                }
            }

            public void Shutdown()
            {
                Interlocked.Exchange(ref _socket, null);
                Interlocked.Exchange(ref _closed, 1);
                if (Interlocked.Exchange(ref _transport, null) is { } transport)
                {
                    Close(transport);
                }
            }

            void Connect() { }

            void Close(object transport) { }
        }
        """;

    [Fact]
    public async Task AuditLevel_KeepsTheCertainHandshake_WhenAWeakOneOfTheSameStoreWasFoundFirst()
    {
        var expected = Verify.Diagnostic("FEN001").WithSpan(9, 9, 9, 31).WithSeverity(DiagnosticSeverity.Warning)
            .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
            .WithArguments("Begin", "stores '_transport' then loads '_closed'", "Shutdown", "stores '_closed' then loads '_transport'", "; the same store also takes part in a handshake with 'Shutdown' (_socket)");
        await Verify.VerifyAuditAsync(WeakFirst, expected);
    }

    [Fact]
    public async Task DefaultLevel_ReportsTheSameCertainHandshake()
    {
        var expected = Verify.Diagnostic("FEN001").WithSpan(9, 9, 9, 31)
            .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
            .WithArguments("Begin", "stores '_transport' then loads '_closed'", "Shutdown", "stores '_closed' then loads '_transport'", "");
        await Verify.VerifyAnalyzerAsync(WeakFirst, expected);
    }

    /// <summary>One call stores two locations and pairs with one call that stores a third: each stored location keeps its own partners.</summary>
    [Fact]
    public async Task AuditLevel_AStoreMadeByOneCallOfTwoLocations_IsTwoSides()
    {
        var source = """
            class Calls
            {
                volatile int _x, _y, _z;

                void SetXY() { _x = 1; _y = 1; }

                void SetZ() { _z = 1; }

                void A() { SetXY(); if (_z == 0) { Wake(); } }

                void B() { SetZ(); if (_x == 0) { Wake(); } if (_y == 0) { Wake(); } }

                void Wake() { }
            }
            """;

        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(source), audit: true);
        Assert.Empty(exceptions);
        Assert.Equal(2, diagnostics.Count(d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "A"));
    }

    [Fact]
    public async Task Evidence_NamesTheSharedLocations_AndNoWeaknessAtTheDefaultLevel()
    {
        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(WeakFirst));
        Assert.Empty(exceptions);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("shared: _transport, _closed; read-modify-write: Shutdown; atomic announcement: Shutdown", diagnostic.Properties[HandshakeDiagnostic.EvidenceProperty]);
        Assert.False(diagnostic.Properties.ContainsKey(HandshakeDiagnostic.WeaknessProperty));
    }

    [Fact]
    public async Task Weakness_SaysWhyAnAuditLevelFindingIsOnlyASuggestion()
    {
        var source = """
            using System.Diagnostics;
            using System.Threading;

            class Flags
            {
                volatile int _x, _y;

                void A()
                {
                    _x = 1;
                    Debug.Assert(_y >= 0);
                }

                bool B()
                {
                    _y = 1;
                    Interlocked.MemoryBarrier();
                    return _x == 0;
                }
            }
            """;
        var compilation = AnalyzerRunner.Compile(source);
        var (diagnostics, _) = await AnalyzerRunner.RunAsync(compilation, audit: true);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.Equal("NoDecision", diagnostic.Properties[HandshakeDiagnostic.WeaknessProperty]);
        Assert.Equal("shared: _x, _y; barrier: B", diagnostic.Properties[HandshakeDiagnostic.EvidenceProperty]);
    }

    /// <summary>
    /// A render loop stores <c>_safeToDispose = false</c>, then polls <c>_isRendering</c>; <c>Dispose</c> clears
    /// <c>_isRendering</c> with a compare-and-swap in a helper, then polls <c>_safeToDispose</c>: one-sided, weak only
    /// because the other store is made in a callee. The same store also closes R-shaped cycles of the loop with itself
    /// (the buffer swap), unfenced, that nothing says can run concurrently. {0} is how <c>Start</c> takes the loop and
    /// runs it, {1} how <c>Stop</c> clears it.
    /// </summary>
    private const string RenderLoop = """
        using System.Threading;
        using System.Threading.Tasks;

        class Matrix
        {
            int _isRendering;
            bool _safeToDispose = true, _swapRequested;
            byte[] _buffer = new byte[1], _back = new byte[1];

            public void Start()
            {
                {0}
            }

            public void Stop()
            {
                {1}
            }

            public void Dispose()
            {
                Stop();
                while (!_safeToDispose)
                {
                    Thread.SpinWait(1);
                }
            }

            public void Render()
            {
                _safeToDispose = false;
                while (_isRendering == 1)
                {
                    Draw(_buffer);
                    if (_swapRequested)
                    {
                        (_buffer, _back) = (_back, _buffer);
                        _swapRequested = false;
                    }
                }

                _safeToDispose = true;
            }

            void Draw(byte[] row) { }
        }
        """;

    /// <summary>The diagnostic at the render loop's first store of <c>_safeToDispose</c>.</summary>
    private static async Task<Diagnostic> RenderLoopStore(string start, string stop)
    {
        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(RenderLoop.Replace("{0}", start).Replace("{1}", stop)), audit: true);
        Assert.Empty(exceptions);
        return Assert.Single(diagnostics, d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "Render" && d.GetMessage().StartsWith("'Render' stores '_safeToDispose'", System.StringComparison.Ordinal));
    }

    [Fact]
    public async Task AuditLevel_AWeakPartnerWithEvidenceOfConcurrency_LeadsOneWithNone()
    {
        // The loop's flag is taken and cleared with compare-and-swaps and the loop is started: its cycle with Dispose has
        // evidence (a started body, a read-modify-write), the loop's cycles with itself have none.
        var diagnostic = await RenderLoopStore(
            "if (Interlocked.CompareExchange(ref _isRendering, 1, 0) == 0) { Task.Factory.StartNew(Render, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default); }",
            "Interlocked.CompareExchange(ref _isRendering, 0, 1);");
        Assert.Equal("FEN001", diagnostic.Id);
        Assert.Equal("Dispose", diagnostic.Properties[HandshakeDiagnostic.OtherMemberProperty]);
        Assert.Equal("StoreInCallee", diagnostic.Properties[HandshakeDiagnostic.WeaknessProperty]);
        Assert.Equal("4", diagnostic.Properties[HandshakeDiagnostic.PartnersProperty]);
    }

    [Fact]
    public async Task AuditLevel_WithNoEvidenceOnAnyPartner_TheVerdictLeads()
    {
        // A plain flag cleared before a barrier in the helper (evidence only where the announcement and the check are
        // written): the started loop races nothing that says so, no partner has evidence, and the cycle fenced on
        // neither side leads the one fenced on one side.
        var diagnostic = await RenderLoopStore("if (_isRendering == 0) { _isRendering = 1; Task.Run(Render); }", "_isRendering = 0; Thread.MemoryBarrier();");
        Assert.Equal("FEN002", diagnostic.Id);
        Assert.Equal("Render", diagnostic.Properties[HandshakeDiagnostic.OtherMemberProperty]);
        Assert.Contains("NoEvidence", diagnostic.Properties[HandshakeDiagnostic.WeaknessProperty]);
        Assert.Contains("'Dispose' (_isRendering)", diagnostic.GetMessage());
    }

    /// <summary>Plain fields, no start and no barrier anywhere in the type: only the audit level reports the pair.</summary>
    private const string PlainFields = """
        class Status
        {
            int _x, _y;
            volatile int _unrelated;

            void A()
            {
                _x = 1;
                if (_y == 0) { Wake(); }
            }

            void B()
            {
                _y = 1;
                if (_x == 0) { Wake(); }
            }

            void Wake() { }
        }
        """;

    [Fact]
    public async Task AuditLevel_StillReportsPairsOfFieldsNothingMarksShared()
    {
        var (diagnostics, _) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(PlainFields), audit: true);
        Assert.Equal(2, diagnostics.Length);
        Assert.All(diagnostics, d => Assert.Equal("NoEvidence", d.Properties[HandshakeDiagnostic.WeaknessProperty]));
    }

    [Fact]
    public async Task DefaultLevel_IsSilentOnPairsOfFieldsNothingMarksShared()
    {
        await Verify.VerifyAnalyzerAsync(PlainFields);
    }

    /// <summary>
    /// The cheap pre-pass keeps a pair when the fields are shared through a <c>ref</c> local, a struct member, an
    /// auto-property holding a concurrent queue, or a token source read through its token.
    /// </summary>
    [Theory]
    [InlineData("ref int a = ref _a; Volatile.Write(ref a, 1);", "if (Volatile.Read(ref _b) == 0) { Wake(); }", "Volatile.Write(ref _b, 1);", "if (Volatile.Read(ref _a) == 0) { Wake(); }")]
    [InlineData("Volatile.Write(ref _pair.A, 1);", "if (Volatile.Read(ref _pair.B) == 0) { Wake(); }", "Volatile.Write(ref _pair.B, 1);", "if (Volatile.Read(ref _pair.A) == 0) { Wake(); }")]
    [InlineData("Volatile.Write(ref _a, 1);", "if (Queue.IsEmpty) { Wake(); }", "Queue.Enqueue(1);", "if (Volatile.Read(ref _a) == 0) { Wake(); }")]
    [InlineData("Volatile.Write(ref _a, 1);", "if (_cts.Token.IsCancellationRequested) { Wake(); }", "_cts.Cancel();", "if (Volatile.Read(ref _a) == 0) { Wake(); }")]
    public async Task DefaultLevel_FindsHandshakesWhoseFieldsAreSharedIndirectly(string aStore, string aLoad, string bStore, string bLoad)
    {
        var source = $$"""
            using System.Collections.Concurrent;
            using System.Threading;

            class Indirect
            {
                int _a, _b;
                Pair _pair;
                CancellationTokenSource _cts = new();
                ConcurrentQueue<int> Queue { get; set; } = new();

                void A()
                {
                    {{aStore}}
                    {{aLoad}}
                }

                void B()
                {
                    {{bStore}}
                    {{bLoad}}
                }

                void Wake() { }
            }

            struct Pair { public int A, B; }
            """;
        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(source));
        Assert.Empty(exceptions);
        Assert.Contains(diagnostics, d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "A");
    }

    /// <summary>
    /// Subscribe's loop calls InnerError, which stores values on two paths: after an exchange of ready (fenced before
    /// the loop's next read of disposed) and after a decrement of it (unfenced there). Both stores are anchored at the
    /// one call, so they fold into one partner of Dispose; which of the two halves was recorded first depends on the
    /// order of the dataflow's pending stores, not on the code.
    /// </summary>
    private static string FoldedPartner(bool unfencedPath) => $$"""
        using System;
        using System.Threading;

        class Coordinator
        {
            bool disposed;
            object[]? values = new object[2];
            int ready = 2;
            readonly bool delayErrors;

            public Coordinator(bool delay) { delayErrors = delay; }

            public void Dispose()
            {
                Volatile.Write(ref disposed, true);
                DisposeAll();
            }

            void DisposeAll() { Volatile.Write(ref values, null); }

            public void Subscribe(object?[] sources)
            {
                for (int i = 0; i < sources.Length; i++)
                {
                    if (Volatile.Read(ref disposed)) { break; }
                    if (sources[i] == null) { InnerError(); }
                }
            }

            void InnerError()
            {
                if (delayErrors)
                {
                    {{(unfencedPath ? "if (Interlocked.Decrement(ref ready) == 0) { Volatile.Write(ref values, null); }" : "Volatile.Write(ref values, null); Interlocked.Decrement(ref ready);")}}
                }
                else
                {
                    DisposeAll();
                    Interlocked.Exchange(ref ready, 0);
                }
            }
        }
        """;

    /// <summary>The partner a side keeps for one anchor is the worst of the cycles it folds: unfenced where one path leaves the other side unfenced.</summary>
    [Fact]
    public async Task AuditLevel_OneCallsStoresFencedOnOnePathAndNotOnAnother_FoldIntoTheUnfencedPartner()
    {
        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(FoldedPartner(unfencedPath: true)), audit: true);
        Assert.Empty(exceptions);
        var dispose = Assert.Single(diagnostics, d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "Dispose");
        Assert.Equal("FEN002", dispose.Id);
        var subscribe = Assert.Single(diagnostics, d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "Subscribe");
        Assert.Equal("FEN002", subscribe.Id);
    }

    /// <summary>The same shape with the store fenced on both of the callee's paths: the other side is fenced, one-sided.</summary>
    [Fact]
    public async Task AuditLevel_OneCallsStoresFencedOnEveryPath_PairAsOneSided()
    {
        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(FoldedPartner(unfencedPath: false)), audit: true);
        Assert.Empty(exceptions);
        var dispose = Assert.Single(diagnostics, d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "Dispose");
        Assert.Equal("FEN001", dispose.Id);
        Assert.DoesNotContain(diagnostics, d => d.Id == "FEN002");
    }
}
