using System.Linq;
using System.Threading.Tasks;
using Fencer.Analyzer.Graph;
using Fencer.Analyzer.Tests.Verifiers;
using Xunit;

namespace Fencer.Analyzer.Tests.Rules;

/// <summary>
/// The search of one type asks at most <see cref="TypeAnalysis.SearchBudget"/> pairs of halves whether they close a
/// cycle, in the text's order (docs/design.md §8, "Cost"): the halves left when it runs out are unknown — not reported,
/// never taken as fenced.
/// </summary>
public class SearchBudgetTests
{
    /// <summary>
    /// A class with a handshake at its start and one at its end, and between them <paramref name="members"/> members
    /// storing x then loading y and as many storing y then loading x: each of those pairs with every one of the others.
    /// </summary>
    private static string Source(int members) => $$"""
        class Many
        {
            volatile int _p, _q, _x, _y, _r, _s;

            void EarlyA() { _p = 1; if (_q == 0) { return; } }
            void EarlyB() { _q = 1; if (_p == 0) { return; } }
        {{string.Concat(Enumerable.Range(0, members).Select(i => $"    void X{i}() {{ _x = 1; if (_y == 0) {{ return; }} }}\n"))}}
        {{string.Concat(Enumerable.Range(0, members).Select(i => $"    void Y{i}() {{ _y = 1; if (_x == 0) {{ return; }} }}\n"))}}
            void LateA() { _r = 1; if (_s == 0) { return; } }
            void LateB() { _s = 1; if (_r == 0) { return; } }
        }
        """;

    private static async Task<string[]> ReportedMembersAsync(int members)
    {
        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(Source(members)));
        Assert.Empty(exceptions);
        Assert.All(diagnostics, d => Assert.Equal("FEN002", d.Id));
        return diagnostics.Select(d => d.Location.SourceTree!.GetRoot().FindNode(d.Location.SourceSpan)
            .AncestorsAndSelf().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>().First().Identifier.Text).ToArray();
    }

    [Fact]
    public async Task ATypeWhosePairsExceedTheBudget_IsSearchedInTextOrderUntilItRunsOut()
    {
        // 2 × 250² = 125,000 questions between the X and Y members: more than the budget.
        Assert.True(2 * 250 * 250 > TypeAnalysis.SearchBudget);
        var reported = await ReportedMembersAsync(250);

        Assert.Contains("EarlyA", reported);
        Assert.Contains("EarlyB", reported);
        Assert.Contains("X0", reported);
        Assert.DoesNotContain("LateA", reported);
        Assert.DoesNotContain("LateB", reported);
        Assert.True(reported.Length < 504, $"{reported.Length} sides reported"); // every X side, and the Y sides searched before the budget ran out
    }

    [Fact]
    public async Task ATypeWithinTheBudget_IsSearchedWhole()
    {
        // 2 × 100² = 20,000 questions: every side is reported, the last ones too.
        Assert.True(2 * 100 * 100 < TypeAnalysis.SearchBudget);
        var reported = await ReportedMembersAsync(100);

        Assert.Contains("EarlyA", reported);
        Assert.Contains("LateA", reported);
        Assert.Contains("LateB", reported);
        Assert.Equal(204, reported.Length);
    }
}
