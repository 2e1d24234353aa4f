using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Fencer.Analyzer.Rules;
using Fencer.Analyzer.Tests.Verifiers;

namespace Fencer.Analyzer.Tests.Rules;

/// <summary>
/// A plain update is no check (docs/design.md §6): a side whose later access is the read of a plain read-modify-write
/// (<c>x += k</c>, <c>x++</c>) of the location the other side stores is a lost-update race no fence
/// fixes. Both sides of such a cycle are audit-level (weakness <c>PlainUpdate</c>); a plain read of the same location
/// that decides, or an atomic update, keeps the default level.
/// </summary>
public class PlainUpdateTests
{
    /// <summary>
    /// A work queue: <c>Restore</c> puts back saved queues, then adds to the count (<paramref name="update"/>);
    /// <c>Enqueue</c> takes a ticket with a compare-and-swap of the count, then writes into the queues.
    /// </summary>
    private static string Queue(string update) => $$"""
        using System.Collections.Generic;
        using System.Threading;

        class WorkQueue
        {
            private Queue<int>[] _queues = new Queue<int>[1];
            private int _addId;
            private object _saved;

            public void Restore(Queue<int>[] saved, int count)
            {
                _queues = saved;
                {{update}}
            }

            public void Enqueue(int item)
            {
                int seen;
                do
                {
                    seen = _addId;
                }
                while (Interlocked.CompareExchange(ref _addId, seen + 1, seen) != seen);
                _queues[0].Enqueue(item);
            }
        }
        """;


    [Theory]
    [InlineData("_addId += count;")]
    [InlineData("_addId++;")]
    [InlineData("--_addId;")]
    [InlineData("_addId -= count;")]
    public async Task AuditOnly_ASideWhoseCheckIsAPlainUpdateOfTheOtherSidesLocation(string update)
    {
        Assert.Empty(await AnalyzerRunner.DiagnosticsAsync(Queue(update), audit: false));

        // Only the unfenced side carries FEN001; at the audit level it is a suggestion.
        var restore = Assert.Single(await AnalyzerRunner.DiagnosticsAsync(Queue(update), audit: true));
        Assert.Equal("Restore", restore.Properties[HandshakeDiagnostic.ThisMemberProperty]);
        Assert.Equal(DiagnosticSeverity.Info, restore.Severity);
    }

    [Fact]
    public async Task AuditOnly_SaysWhy()
    {
        var restore = Assert.Single(await AnalyzerRunner.DiagnosticsAsync(Queue("_addId += count;"), audit: true));
        Assert.Equal("PlainUpdate", restore.Properties[HandshakeDiagnostic.WeaknessProperty]);
    }

    [Theory]
    [InlineData("if (_addId > count) { return; }")] // a plain read that decides: the announce-then-check idiom
    [InlineData("if (_addId > count) { return; } _addId += count;")] // the read that decides comes first
    public async Task Reports_ASideThatReadsTheOtherSidesLocationToDecide(string check)
    {
        var diagnostics = await AnalyzerRunner.DiagnosticsAsync(Queue(check), audit: false);

        var restore = Assert.Single(diagnostics, d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "Restore");
        Assert.Equal("FEN001", restore.Id);
        Assert.Equal(DiagnosticSeverity.Warning, restore.Severity);
    }
}
