using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Fencer.Analyzer.Rules;
using Fencer.Analyzer.Tests.Verifiers;
using Xunit;

namespace Fencer.Analyzer.Tests;

/// <summary>
/// The analysis the code fixes run outside the driver to settle their edits (docs/design.md §10) reports exactly what
/// the analyzer reports through the driver: on every litmus file, and on a partial type split over files, with
/// expression bodies, accessors and constructor initializers.
/// </summary>
public class TypeAnalysisRequestTests
{
    public static IEnumerable<object[]> Files() => LitmusTests.Files();

    [Theory]
    [MemberData(nameof(Files))]
    public async Task SameFindingsAsTheDriver_OnEveryLitmusFile(string file)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Litmus", file));
        await AssertSameAsync(AnalyzerRunner.Compile(text));
    }

    [Fact]
    public async Task SameFindingsAsTheDriver_OnAPartialTypeOverTwoFiles()
    {
        var first = """
            using System.Threading;

            partial class Gate
            {
                int _reading, _writing;
                readonly object _lock = new object();

                public Gate() : this(0) { }

                public bool TryRead()
                {
                    _reading = 1;
                    return _writing == 0;
                }

                int Reading => _reading;
            }
            """;
        var second = """
            using System.Threading;

            partial class Gate
            {
                Gate(int start) { _writing = start; }

                public void Write()
                {
                    _writing = 1;
                    Interlocked.MemoryBarrier();
                    while (_reading != 0) { }
                }

                public int Writing { get => _writing; set => _writing = value; }
            }
            """;
        var compilation = AnalyzerRunner.Compile(OutputKind.DynamicallyLinkedLibrary, ("First.cs", first), ("Second.cs", second));
        var driver = await AssertSameAsync(compilation);
        Assert.Contains(driver, d => d.Id == "FEN001");
    }

    private static async Task<ImmutableArray<Diagnostic>> AssertSameAsync(Compilation compilation)
    {
        var (driver, exceptions) = await AnalyzerRunner.RunAsync(compilation);
        Assert.Empty(exceptions);
        var types = compilation.SyntaxTrees
            .SelectMany(t => t.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.BaseTypeDeclarationSyntax>()
                .Select(d => compilation.GetSemanticModel(t).GetDeclaredSymbol(d)))
            .OfType<INamedTypeSymbol>()
            .Distinct<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        var direct = TypeAnalysisRequest.Analyze(compilation, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), types, default);
        Assert.Equal(Describe(driver), Describe(direct));
        return driver;
    }

    private static List<string> Describe(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Where(d => d.Id.StartsWith("FEN", StringComparison.Ordinal))
            .Select(d => $"{d.Id} {d.Location.GetLineSpan()} {d.GetMessage()} +{string.Join(",", d.AdditionalLocations.Select(l => l.GetLineSpan().ToString()))}")
            .OrderBy(s => s, StringComparer.Ordinal).ToList();
}
