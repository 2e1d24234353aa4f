using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Fencer.Analyzer.Rules;
using Fencer.Analyzer.Tests.Verifiers;

namespace Fencer.Analyzer.Tests.Rules;

/// <summary>
/// Which members get a control-flow graph (docs/design.md §8, "Cost"): every half starts with a store, so a member that
/// only reads the candidate fields is no side and is analysed only as a callee of one; a member that starts a body is
/// analysed (what it starts runs concurrently with the rest of the type).
/// </summary>
public class CandidateTests
{
    private const string Source = """
        using System.Threading.Tasks;

        class PrunedMembers
        {
            volatile int _x, _y;

            void A() { _x = 1; if (_y == 0) { Wake(); } }
            void B() { _y = 1; if (_x == 0) { Wake(); } }
            void C() { _x = 2; if (Peek()) { Wake(); } }

            int ReadOnly() => _x + _y;
            bool Peek() => _y == 0;
            void Starter() { Task.Run(Loop); }
            void Loop() { }
            void Wake() { }
        }
        """;

    [Fact]
    public async Task AMemberThatOnlyReadsCandidates_GetsNoGraph_UnlessASideCallsIt()
    {
        var observer = new Recorder();
        AnalysisObservers.Current = observer;
        try
        {
            var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(Source), audit: false);
            Assert.Empty(exceptions);
            Assert.Contains(diagnostics, d => d.Properties[HandshakeDiagnostic.ThisMemberProperty] == "A");
        }
        finally
        {
            AnalysisObservers.Current = null;
        }

        var analysed = observer.Members.Keys.ToHashSet();
        Assert.Contains("A", analysed);
        Assert.Contains("C", analysed);
        Assert.Contains("Peek", analysed); // read-only, but C's check goes through it
        Assert.Contains("Starter", analysed);
        Assert.DoesNotContain("ReadOnly", analysed);
    }

    private sealed class Recorder : IAnalysisObserver
    {
        public ConcurrentDictionary<string, bool> Members { get; } = new();

        public void TypeAnalysed(INamedTypeSymbol type, TimeSpan elapsed)
        {
        }

        public void MemberAnalysed(IMethodSymbol member, TimeSpan elapsed)
        {
            if (member.ContainingType?.Name == "PrunedMembers")
            {
                Members[member.Name] = true;
            }
        }

        public void TypeSkipped(INamedTypeSymbol type)
        {
        }
    }
}
