using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Fencer.Analyzer.Rules;
using Fencer.Analyzer.Tests.Verifiers;

namespace Fencer.Analyzer.Tests.Rules;

/// <summary>
/// A load of a location the side has itself stored since its first store (docs/design.md §4): by coherence a thread
/// reads its own latest store or a later one, never the value from before it, so the load cannot miss the other side's
/// store the way a store-buffer handshake needs. The cycle, if any, runs through that store: the R shape, store then
/// store against store then load.
/// </summary>
public class OwnStoreTests
{
    /// <summary>
    /// A task host (held-out 16, a build engine's out-of-process node): <c>Run</c> counts itself active, then writes
    /// its completion packet (<paramref name="own"/>) and reads the packet back to finish it; <c>Complete</c> clears the
    /// packet, then reads the count.
    /// </summary>
    private static string Host(string own) => $$"""
        class Packet
        {
            public int Mode;
        }

        class Host
        {
            private volatile int _active;
            private volatile Packet _packet;

            public void Run(bool unchanged)
            {
                _active = 1;
                {{own}}
                if (_packet != null)
                {
                    System.Console.WriteLine();
                }
            }

            public void Complete()
            {
                _packet = null;
                if (_active == 0)
                {
                    System.Console.WriteLine();
                }
            }
        }
        """;

    private static bool LoadsPacket(Diagnostic d) => d.GetMessage().Contains("'Run' stores '_active' then loads '_packet'");

    [Theory]
    [InlineData("_packet = new Packet();")]
    [InlineData("_packet = new Packet(); if (unchanged) { _packet.Mode = 1; }")] // a branch after the own store changes nothing
    public async Task NoStoreBufferHalf_WhenTheLoadReadsTheSidesOwnStore(string own)
    {
        Assert.Empty(await AnalyzerRunner.DiagnosticsAsync(Host(own)));

        // At the audit level what is left is the R shape: Run's two stores against Complete's store and load.
        var audit = await AnalyzerRunner.DiagnosticsAsync(Host(own), audit: true);
        Assert.DoesNotContain(audit, LoadsPacket);
        Assert.Contains(audit, d => d.GetMessage().Contains("'Run' stores '_active' then stores '_packet'"));
    }

    [Fact]
    public async Task NoStoreBufferHalf_WhenACalleeStoresTheLocationOnEveryPath()
    {
        // A lazy initialisation's helper writes the packet it then reads (held-out 20, a metadata reader's attributes).
        var source = Host("Fill(unchanged);").Replace("public void Complete()", "private void Fill(bool unchanged) { if (unchanged) { _packet = new Packet(); } else { _packet = new Packet { Mode = 1 }; } }\n\n    public void Complete()");
        Assert.Contains("private void Fill", source);

        Assert.DoesNotContain(await AnalyzerRunner.DiagnosticsAsync(source, audit: true), LoadsPacket);
    }

    [Fact]
    public async Task Reports_WhenTheCalleeStoresTheLocationOnSomePathsOnly()
    {
        var source = Host("Fill(unchanged);").Replace("public void Complete()", "private void Fill(bool unchanged) { if (unchanged) { _packet = new Packet(); } }\n\n    public void Complete()");
        Assert.Contains("private void Fill", source);

        Assert.Contains(await AnalyzerRunner.DiagnosticsAsync(source), LoadsPacket);
    }

    [Theory]
    [InlineData("")] // no store of its own: the plain handshake
    [InlineData("if (unchanged) { _packet = new Packet(); }")] // its own store on one path only
    [InlineData("while (unchanged) { _packet = new Packet(); unchanged = false; }")] // in a loop that may not run
    public async Task Reports_WhenOnSomePathTheLoadCanReadAnOlderValue(string own)
    {
        var run = Assert.Single(await AnalyzerRunner.DiagnosticsAsync(Host(own)), d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "Run");
        Assert.True(LoadsPacket(run), run.GetMessage());
        Assert.Equal(DiagnosticSeverity.Warning, run.Severity);
    }

    [Fact]
    public async Task Reports_WhenTheOwnStoreComesBeforeTheFirstStore()
    {
        // Run writes the packet, then counts itself active, then reads the packet: the read can still miss Complete's
        // clear while Complete misses the count — store-buffer order, whatever Run wrote before.
        var source = Host("").Replace("_active = 1;", "_packet = new Packet(); _active = 1;");

        var run = Assert.Single(await AnalyzerRunner.DiagnosticsAsync(source), d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "Run" && LoadsPacket(d));
        Assert.Equal(DiagnosticSeverity.Warning, run.Severity);
    }
}
