using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = Fencer.Analyzer.Tests.Verifiers.CSharpAnalyzerVerifier<Fencer.Analyzer.Rules.StoreBufferHandshakeAnalyzer>;

namespace Fencer.Analyzer.Tests.Rules;

/// <summary>
/// A half matters only when its load decides something (docs/design.md, "Evidence: the load decides"): the value
/// reaches a branch, a loop condition, a returned value, a dereference or a method in source; a value copied into a
/// field of <c>this</c> counts only in a body started as a thread (a litmus test's result).
/// </summary>
public class EvidenceTests
{
    private static string Handshake(string thisLoad, string extra = "") => $$"""
        using System;
        using System.Diagnostics;
        using System.Threading;

        class Flags
        {
            volatile int _x, _y;
            int _seen;
            Request _request = new();

            void A()
            {
                _x = 1;
                {{thisLoad}}
            }

            bool B()
            {
                _y = 1;
                Interlocked.MemoryBarrier();
                return _x == 0;
            }

            void Wake() { }
            {{extra}}
        }

        class Request { public int Seen; }
        """;

    /// <summary>FEN001 on A's store of _x.</summary>
    private static DiagnosticResult OnA() => Verify.Diagnostic("FEN001").WithSpan(13, 9, 13, 15)
        .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
        .WithArguments("A", "stores '_x' then loads '_y'", "B", "stores '_y' then loads '_x'", "");

    [Theory]
    [InlineData("if (_y == 0) { Wake(); }")]
    [InlineData("var idle = _y == 0; if (idle) { Wake(); }")]
    [InlineData("while (_y == 0) { Wake(); }")]
    [InlineData("Use(_y);", "void Use(int y) { }")]
    [InlineData("var y = _y; Console.WriteLine(y > 0 ? \"busy\" : \"idle\"); if (y > 0) { return; }")]
    public async Task Reports_WhenTheLoadedValueDecidesSomething(string thisLoad, string extra = "")
    {
        var source = Handshake(thisLoad, extra);
        await Verify.VerifyAnalyzerAsync(source, OnA());
    }

    [Theory]
    [InlineData("_ = _y;")]
    [InlineData("Debug.Assert(_y >= 0);")]
    [InlineData("Console.WriteLine($\"y is {_y}\");")]
    [InlineData("_request.Seen = _y;")]
    [InlineData("var unused = _y;")]
    [InlineData("_seen = _y;")]
    [InlineData("Log(\"status \" + _y);", "void Log(string message) { }")]
    [InlineData("Log($\"status {_y}\");", "void Log(string message) { }")]
    [InlineData("Log(_y.ToString());", "void Log(string message) { }")]
    public async Task NoDiagnostic_WhenTheLoadedValueDecidesNothing(string thisLoad, string extra = "")
    {
        await Verify.VerifyAnalyzerAsync(Handshake(thisLoad, extra));
    }

    [Fact]
    public async Task AuditLevel_ReportsALoadThatDecidesNothing_AsASuggestion()
    {
        await Verify.VerifyAuditAsync(Handshake("Debug.Assert(_y >= 0);"), OnA().WithSeverity(DiagnosticSeverity.Info));
    }

    [Fact]
    public async Task AuditLevel_KeepsCertainFindingsAtTheirSeverity()
    {
        await Verify.VerifyAuditAsync(Handshake("if (_y == 0) { Wake(); }"), OnA().WithSeverity(DiagnosticSeverity.Warning));
    }

    [Fact]
    public async Task Reports_AResultFieldWritten_ByABodyStartedAsAThread()
    {
        var source = """
            using System.Threading;

            class Litmus
            {
                int x, y, r0, r1;

                void P0() { {|FEN001:x = 1|}; r0 = y; }

                void P1() { y = 1; Interlocked.MemoryBarrier(); r1 = x; }

                public void Run() { new Thread(P0).Start(); new Thread(P1).Start(); }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_ForAResultFieldWritten_ByAMethodNoThreadIsKnownToRun()
    {
        var source = """
            using System.Threading;

            class Snapshot
            {
                int x, y, r0, r1;

                public void P0() { x = 1; r0 = y; }

                public void P1() { y = 1; Interlocked.MemoryBarrier(); r1 = x; }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
