using System.Linq;
using System.Threading.Tasks;
using Fencer.Analyzer.Tests.Verifiers;
using Xunit;

namespace Fencer.Analyzer.Tests.Configuration;

/// <summary>Each option of docs/configuration.md changes what is reported, and a value Fencer does not understand changes nothing.</summary>
public class OptionTests
{
    /// <summary>A's check is three calls down: beyond the default call depth (2). Rules/CallTests checks the default on it.</summary>
    internal const string CheckThreeCallsDown = """
        using System.Threading;

        class Deep
        {
            volatile int _x, _y;
            public bool A() { _x = 1; return L1(); }
            bool L1() => L2();
            bool L2() => L3();
            bool L3() => _y == 0;
            public bool B() { _y = 1; Interlocked.MemoryBarrier(); return _x == 0; }
        }
        """;

    // Two public members with plain fields and no evidence that they race.
    private const string NoEvidence = """
        class Flags
        {
            int _x, _y;
            public bool A() { _x = 1; return _y == 0; }
            public bool B() { _y = 1; return _x == 0; }
            private bool C() { _y = 2; return _x == 0; }
            public void UseC() => C();
        }
        """;

    // An actor: Receive and Tick run on its mailbox thread only; Stop runs elsewhere.
    private const string Actor = """
        using System.Threading;

        namespace Actors
        {
            class Mailbox
            {
                volatile int _x, _y;
                public bool Receive() { _x = 1; return _y == 0; }
                public bool Tick() { _y = 1; Interlocked.MemoryBarrier(); return _x == 0; }
                public bool Stop() { _y = 2; Interlocked.MemoryBarrier(); return _x == 0; }
            }
        }
        """;

    [Fact]
    public async Task MaxCallDepth_Deeper_FindsTheCheckThreeCallsDown()
    {
        var compilation = AnalyzerRunner.Compile(CheckThreeCallsDown);
        Assert.Empty((await AnalyzerRunner.RunAsync(compilation)).Diagnostics);
        var diagnostic = Assert.Single((await AnalyzerRunner.RunAsync(compilation, false, ("fencer.max_call_depth", "3"))).Diagnostics);
        Assert.Equal("FEN001", diagnostic.Id);
    }

    [Fact]
    public async Task MaxCallDepth_Shallower_LosesTheCheckTwoCallsDown()
    {
        var compilation = AnalyzerRunner.Compile(CheckThreeCallsDown.Replace("bool L2() => L3();", "bool L2() => _y == 0;"));
        Assert.Single((await AnalyzerRunner.RunAsync(compilation)).Diagnostics);
        Assert.Empty((await AnalyzerRunner.RunAsync(compilation, false, ("fencer.max_call_depth", "1"))).Diagnostics);
    }

    [Theory]
    [InlineData("deep")]
    [InlineData("-1")]
    [InlineData("99")]
    public async Task MaxCallDepth_NotUnderstood_KeepsTheDefault(string value)
    {
        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(CheckThreeCallsDown), false, ("fencer.max_call_depth", value));
        Assert.Empty(exceptions);
        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task Concurrency_Evidence_IsSilentWithoutEvidence()
    {
        var (diagnostics, _) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(NoEvidence), false, ("fencer.concurrency", "evidence"));
        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task Concurrency_EntryPoints_PairsMembersCallableFromOutside()
    {
        var (diagnostics, _) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(NoEvidence), false, ("fencer.concurrency", "entry_points"));
        Assert.Contains(diagnostics, d => d.Id == "FEN002" && d.GetMessage().StartsWith("'A'") && d.GetMessage().Contains("'B'"));

        // C is private, but UseC (public) calls it: it runs as part of an entry point.
        Assert.Contains(diagnostics, d => d.GetMessage().StartsWith("'C'"));
    }

    [Fact]
    public async Task Concurrency_EntryPoints_LeavesAPrivateMemberNothingCalls()
    {
        var source = NoEvidence.Replace("    public void UseC() => C();\n", "");
        var (diagnostics, _) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(source), false, ("fencer.concurrency", "entry_points"));
        Assert.DoesNotContain(diagnostics, d => d.GetMessage().Contains("'C'"));
        var (all, _) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(source), false, ("fencer.concurrency", "all_members"));
        Assert.Contains(all, d => d.GetMessage().Contains("'C'"));
    }

    [Fact]
    public async Task ThreadConfinedMembers_TwoConfinedMembersNeverRace_AnUnconfinedOneStillDoes()
    {
        var compilation = AnalyzerRunner.Compile(Actor);
        var unconfined = (await AnalyzerRunner.RunAsync(compilation)).Diagnostics;
        Assert.Contains(unconfined, d => d.GetMessage().Contains("'Tick'"));

        var (confined, _) = await AnalyzerRunner.RunAsync(compilation, false,
            ("fencer.thread_confined_members", "M:Actors.Mailbox.Receive, M:Actors.Mailbox.Tick"));
        Assert.DoesNotContain(confined, d => d.GetMessage().Contains("'Tick'"));
        Assert.Contains(confined, d => d.GetMessage().StartsWith("'Receive'") && d.GetMessage().Contains("'Stop'"));
    }

    [Fact]
    public async Task ThreadConfinedMembers_AConfinedFieldTakesPartInNoHandshake()
    {
        var compilation = AnalyzerRunner.Compile(Actor);
        var (diagnostics, _) = await AnalyzerRunner.RunAsync(compilation, false, ("fencer.thread_confined_members", "F:Actors.Mailbox._x"));
        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task ThreadConfinedTypes_SilencesTheType_AndOnlyIt()
    {
        var source = Actor + Actor.Replace("namespace Actors", "namespace Other");
        var compilation = AnalyzerRunner.Compile(source);
        var (diagnostics, _) = await AnalyzerRunner.RunAsync(compilation, false, ("fencer.thread_confined_types", "T:Actors.Mailbox"));
        Assert.NotEmpty(diagnostics);
        Assert.All(diagnostics, d => Assert.Contains("namespace Other", source.Substring(0, d.Location.SourceSpan.Start)));
        Assert.DoesNotContain(diagnostics, d => d.Location.SourceSpan.Start < Actor.Length);
    }

    [Fact]
    public async Task ThreadConfinedMembers_WithoutADocumentationIdPrefix_AreIgnored()
    {
        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(Actor), false, ("fencer.thread_confined_members", "Receive, Tick"));
        Assert.Empty(exceptions);
        Assert.Contains(diagnostics, d => d.GetMessage().Contains("'Tick'"));
    }
}
