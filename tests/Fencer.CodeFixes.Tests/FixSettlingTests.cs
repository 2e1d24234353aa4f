using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Fencer.CodeFixes.Tests.Verifiers;
using Xunit;

namespace Fencer.CodeFixes.Tests;

/// <summary>
/// A fix settles (docs/design.md §10, "A fix leaves no finding"): a finding its own edit makes reportable gets its
/// rule's default fix in the same edit; a finding that was there before stays as it was.
/// </summary>
public class FixSettlingTests
{
    // Add against Dispose is a one-sided handshake (FEN001 on Add). Stop's two stores are the store-store side of an R
    // shape against Add, reportable only once Add has a barrier of its own: the full fence the fix writes.
    private const string Views = """
        using System.Threading;

        class Views
        {
            object _active = new object(), _passive = new object();

            public void Add(object peer)
            {
                _passive = peer;
                if (_active == null) { return; }
            }

            public void Stop()
            {
                _active = null;
                _passive = null;
            }

            public void Dispose()
            {
                Interlocked.Exchange(ref _active, null);
                if (Interlocked.Exchange(ref _passive, null) != null) { }
            }
        }
        """;

    [Fact]
    public async Task FullFence_AlsoFencesThePairItsFenceMakesReportable()
    {
        var project = FixRunner.CreateProject(TestTarget.Net100, Views);
        var diagnostic = Assert.Single(await FixRunner.DiagnosticsAsync(project));
        Assert.Contains("'Add'", diagnostic.GetMessage());
        var action = Assert.Single(await FixRunner.ActionsAsync(project, diagnostic), a => a.EquivalenceKey == FixKeys.FullFence);

        var fixedProject = (await FixRunner.ApplyAsync(action)).GetProject(project.Id)!;
        var text = (await fixedProject.Documents.First().GetTextAsync()).ToString();
        Assert.Equal(2, Regex.Matches(text, @"Interlocked\.MemoryBarrier\(\);").Count);
        Assert.Matches(@"_active = null;\s+Interlocked\.MemoryBarrier\(\);\s+_passive = null;", text);
        Assert.Empty(await FixRunner.DiagnosticsAsync(fixedProject));
        Assert.Empty(await FixRunner.CompilerErrorsAsync(fixedProject));
    }

    [Fact]
    public async Task AFindingThatWasThereBefore_IsLeftAlone()
    {
        // A second, unrelated handshake (u, v) reported before the fix: fixing Add's must not touch it.
        var source = Views.Replace("""
                public void Dispose()
            """, """
                int _u, _v;

                public void U()
                {
                    _u = 1;
                    Interlocked.MemoryBarrier();
                    if (_v == 0) { return; }
                }

                public void V()
                {
                    _v = 1;
                    if (_u == 0) { return; }
                }

                public void Dispose()
            """);
        var project = FixRunner.CreateProject(TestTarget.Net100, source);
        var before = await FixRunner.DiagnosticsAsync(project);
        Assert.Equal(2, before.Length);
        var diagnostic = Assert.Single(before, d => d.GetMessage().Contains("'Add'"));
        var other = Assert.Single(before, d => d.GetMessage().Contains("'V'"));
        var action = Assert.Single(await FixRunner.ActionsAsync(project, diagnostic), a => a.EquivalenceKey == FixKeys.FullFence);

        var fixedProject = (await FixRunner.ApplyAsync(action)).GetProject(project.Id)!;
        var text = (await fixedProject.Documents.First().GetTextAsync()).ToString();
        Assert.Matches(@"_v = 1;\s+if \(_u == 0\)", text);
        var after = Assert.Single(await FixRunner.DiagnosticsAsync(fixedProject));
        Assert.Equal(other.GetMessage(), after.GetMessage());
    }

    [Theory]
    [InlineData("_passive = _active = null;", @"_active = null;\s+Interlocked\.MemoryBarrier\(\);\s+_passive = null;")]
    [InlineData("_passive = _active = Create();", @"var value = Create\(\);\s+_active = value;\s+Interlocked\.MemoryBarrier\(\);\s+_passive = value;")]
    [InlineData("if (_active != null) _passive = _active = Create();", @"if \(_active != null\)\s+\{\s+var value = Create\(\);\s+_active = value;\s+Interlocked\.MemoryBarrier\(\);\s+_passive = value;\s+\}")]
    public async Task AChainedAssignment_IsSplitSoThatTheFenceFits(string stop, string expected)
    {
        // Stop stores _active then _passive in one statement: the fence the follow-up fix needs fits only once the chain
        // is one statement per store, each storing the same value.
        var source = Views.Replace("""
                    _active = null;
                    _passive = null;
            """, "        " + stop + "\n").Replace("public void Dispose()", "object Create() => new object();\n\n    public void Dispose()");
        var project = FixRunner.CreateProject(TestTarget.Net100, source);
        var diagnostic = Assert.Single(await FixRunner.DiagnosticsAsync(project));
        var action = Assert.Single(await FixRunner.ActionsAsync(project, diagnostic), a => a.EquivalenceKey == FixKeys.FullFence);

        var fixedProject = (await FixRunner.ApplyAsync(action)).GetProject(project.Id)!;
        var text = (await fixedProject.Documents.First().GetTextAsync()).ToString();
        Assert.Matches(expected, text);
        Assert.Empty(await FixRunner.DiagnosticsAsync(fixedProject));
        Assert.Empty(await FixRunner.CompilerErrorsAsync(fixedProject));
    }

    [Fact]
    public async Task Asymmetric_WhereTheNewHotSideCannotBeMadeVolatile_FencesIt()
    {
        // The process-wide barrier the fix writes in B is evidence that B races with H; H's store is of a struct field,
        // which no volatile access takes, and there is no Fencer.Runtime for a light barrier: a full fence orders it.
        const string source = """
            using System.Threading;

            struct Stamp { public long Ticks; }

            class Hedge
            {
                int _x, _y;
                Stamp _s;

                void A() { _x = 1; if (_y == 0) { Work(); } }

                void B() { _y = 1; if (_x == 0 && _s.Ticks == 0) { Work(); } }

                void H() { _s = new Stamp { Ticks = 1 }; if (_y == 0) { Work(); } }

                void Reset() { Volatile.Write(ref _x, 0); Volatile.Write(ref _y, 0); }

                void Work() { }
            }
            """;
        var project = FixRunner.CreateProject(TestTarget.Net100, source);
        var diagnostics = await FixRunner.DiagnosticsAsync(project);
        Assert.DoesNotContain(diagnostics, d => d.GetMessage().Contains("'H'"));
        var diagnostic = Assert.Single(diagnostics, d => d.GetMessage().StartsWith("'A'"));
        var action = Assert.Single(await FixRunner.ActionsAsync(project, diagnostic), a => a.EquivalenceKey == FixKeys.Asymmetric);

        var fixedProject = (await FixRunner.ApplyAsync(action)).GetProject(project.Id)!;
        var text = (await fixedProject.Documents.First().GetTextAsync()).ToString();
        Assert.Contains("Interlocked.MemoryBarrierProcessWide();", text);
        Assert.Matches(@"_s = new Stamp \{ Ticks = 1 \};\s+Interlocked\.MemoryBarrier\(\);", text);
        Assert.Empty(await FixRunner.DiagnosticsAsync(fixedProject));
        Assert.Empty(await FixRunner.CompilerErrorsAsync(fixedProject));
    }
}
