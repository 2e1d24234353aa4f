using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;
using Fencer.Analyzer.Extraction;
using Fencer.Analyzer.Knowledge;
using Fencer.Analyzer.Rules;
using Fencer.Analyzer.Tests.Verifiers;

namespace Fencer.Analyzer.Tests.Extraction;

/// <summary>
/// Which classes a scope declares (docs/design.md §8, "Across a class and its bases"): the class analysed and the bases
/// analysed with it, generic ones by their definition, and nothing else — whether the family is small (compared one by
/// one) or large (looked up in a set).
/// </summary>
public class TypeScopeTests
{
    private const string Source = """
        class C0 { }
        class C1 : C0 { }
        class C2 : C1 { }
        class C3<T> : C2 { }
        class C4 : C3<int> { }
        class C5 : C4 { }
        class C6 : C5 { }
        class C7 : C6 { }
        class C8 : C7 { }
        class C9 : C8 { }
        class Other { }
        """;

    [Theory]
    [InlineData(3)]  // C9, C8, C7: compared one by one
    [InlineData(10)] // the whole chain, C3<T> among them: looked up in a set
    public void AScopeDeclaresItsFamily_AndNothingElse(int size)
    {
        var compilation = AnalyzerRunner.Compile(Source);
        var chain = Enumerable.Range(0, 10).Reverse()
            .Select(i => compilation.GetTypeByMetadataName(i == 3 ? "C3`1" : $"C{i}")!)
            .ToList();
        var knowledge = new CallKnowledge(WellKnownSymbols.Instance);
        var scope = new TypeScope(chain.Take(size).ToList(), knowledge, new CalleeSummaries(compilation, knowledge), AnalysisSettings.Default);

        foreach (var type in chain.Take(size))
        {
            Assert.True(scope.Declares(type), type.Name);
        }

        foreach (var type in chain.Skip(size))
        {
            Assert.False(scope.Declares(type), type.Name);
        }

        Assert.False(scope.Declares(compilation.GetTypeByMetadataName("Other")));
        Assert.False(scope.Declares(null));
        if (size == 10)
        {
            var constructed = chain.Single(t => t.Arity == 1).Construct(compilation.GetSpecialType(SpecialType.System_Int32)); // C3<int>: its definition is declared
            Assert.True(scope.Declares(constructed));
        }
    }
}
