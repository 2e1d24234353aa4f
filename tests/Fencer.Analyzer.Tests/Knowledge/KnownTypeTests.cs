using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;
using Fencer.Analyzer.Knowledge;
using Fencer.Analyzer.Tests.Verifiers;

namespace Fencer.Analyzer.Tests.Knowledge;

/// <summary>
/// The library types Fencer knows are matched by namespace and metadata name, not looked up in every reference
/// (docs/design.md §8, "Cost"): the match must take the type and its constructions, and nothing else of that name.
/// </summary>
public class KnownTypeTests
{
    private const string Source = """
        using System.Threading;
        using System.Threading.Tasks;

        namespace Mine
        {
            class Volatile { }
            class Outer { public class Task { } }
        }

        namespace Mine.System.Threading
        {
            class Interlocked { }
        }

        class C
        {
            Task a;
            Task<int> b;
            Lock.Scope c;
            global::System.Threading.Volatile d;
            Mine.Volatile e;
            Mine.Outer.Task f;
            Mine.System.Threading.Interlocked g;
            Lock h;
        }
        """;

    private static ITypeSymbol FieldType(string name)
    {
        var compilation = AnalyzerRunner.Compile(Source);
        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        var declarator = tree.GetRoot().DescendantNodes().OfType<VariableDeclaratorSyntax>().Single(v => v.Identifier.Text == name);
        return ((IFieldSymbol)model.GetDeclaredSymbol(declarator)!).Type;
    }

    [Theory]
    [InlineData("a", "System.Threading.Tasks.Task")]
    [InlineData("b", "System.Threading.Tasks.Task`1")]
    [InlineData("c", "System.Threading.Lock+Scope")]
    [InlineData("d", "System.Threading.Volatile")]
    [InlineData("h", "System.Threading.Lock")]
    public void The_library_type_and_its_constructions_match(string field, string metadataName) =>
        Assert.True(new KnownType(metadataName).Matches(FieldType(field)));

    [Theory]
    [InlineData("e", "System.Threading.Volatile")] // the same name in another namespace
    [InlineData("f", "System.Threading.Tasks.Task")] // a nested type of the same name
    [InlineData("g", "System.Threading.Interlocked")] // the same namespace path under another root
    [InlineData("b", "System.Threading.Tasks.Task")] // another arity
    [InlineData("a", "System.Threading.Tasks.Task`1")] // another arity, the other way round
    [InlineData("h", "System.Threading.Lock+Scope")] // the containing type, not the nested one
    [InlineData("c", "System.Threading.Lock")] // the nested type, not its container
    public void Another_type_of_the_same_name_does_not(string field, string metadataName) =>
        Assert.False(new KnownType(metadataName).Matches(FieldType(field)));

    [Fact]
    public void No_type_matches_nothing() => Assert.False(new KnownType("System.Threading.Volatile").Matches(null));
}
