using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Fencer.Analyzer.Rules;
using Fencer.Analyzer.Tests.Verifiers;

namespace Fencer.Analyzer.Tests.Rules;

/// <summary>
/// A store through the value is no check (docs/design.md §6): an atomic announcement is evidence of a handshake only
/// when the announcer then tests the other side's location (a branch, a loop condition, a returned value). A load that
/// only says where a store goes (<c>_items[i] = x</c>, <c>_packet.Mode = m</c>) tests nothing; with no other evidence
/// the pair is audit-level. The same load still decides when other evidence makes the pair concurrent.
/// </summary>
public class StoreThroughTests
{
    /// <summary>
    /// A script's value stacks (held-out 19, OpenSim's script engine): <c>Push</c> counts the heap it uses with an
    /// atomic add, then writes into the current array (<paramref name="use"/>); <c>Clear</c> drops the arrays, then reads
    /// the count to account for them. <paramref name="items"/> declares the arrays' field.
    /// </summary>
    private static string Stacks(string use, string items = "private Slot[] _items = new Slot[4];") => $$"""
        using System.Threading;

        class Slot
        {
            public object Value;
            public object Boxed { get; set; }
        }

        class Stacks
        {
            {{items}}
            private int _heapUse;
            private int _reported;

            public void Push(int index, object value)
            {
                Interlocked.Add(ref _heapUse, 1);
                {{use}}
            }

            public void Clear()
            {
                _items = null;
                _reported = _heapUse > 100 ? 1 : 0;
            }
        }
        """;


    [Theory]
    [InlineData("_items[index] = new Slot();")] // the array of an element store
    [InlineData("_items[index].Value = value;")] // an element's field: the element is loaded from the array, which is stored through
    [InlineData("_items[index].Boxed = value;")] // an element's property, through its setter
    [InlineData("var items = _items; items[index] = new Slot();")] // through a local copy
    public async Task AuditOnly_AnAnnouncementFollowedOnlyByAStoreThroughTheOtherSidesLocation(string use)
    {
        Assert.Empty(await AnalyzerRunner.DiagnosticsAsync(Stacks(use), audit: false));

        var clear = Assert.Single(await AnalyzerRunner.DiagnosticsAsync(Stacks(use), audit: true), d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "Clear");
        Assert.Equal("FEN001", clear.Id);
        Assert.Equal(DiagnosticSeverity.Info, clear.Severity);
    }

    [Theory]
    [InlineData("if (_items == null) { return; }")] // the announce-then-check idiom: a test of the value
    [InlineData("if (_items[index] != null) { return; }")] // an element read to decide
    [InlineData("_items[index].Boxed.ToString();")] // a property read on the way: its getter runs, and its value is used
    public async Task Reports_AnAnnouncementFollowedByATestOfTheOtherSidesLocation(string use)
    {
        var clear = Assert.Single(await AnalyzerRunner.DiagnosticsAsync(Stacks(use), audit: false), d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "Clear");
        Assert.Equal("FEN001", clear.Id);
        Assert.Equal(DiagnosticSeverity.Warning, clear.Severity);
    }

    [Fact]
    public async Task Reports_AStoreThroughAVolatileLocation()
    {
        // A writer count against a buffer swap: both locations shared, so the pair is concurrent without the
        // announcement, and the writer's store into a swapped-out buffer is what the handshake is about.
        var diagnostics = await AnalyzerRunner.DiagnosticsAsync(Stacks("_items[index] = new Slot();", items: "private volatile Slot[] _items = new Slot[4];"), audit: false);

        var clear = Assert.Single(diagnostics, d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "Clear");
        Assert.Equal("FEN001", clear.Id);
        Assert.Equal(DiagnosticSeverity.Warning, clear.Severity);
    }
}
