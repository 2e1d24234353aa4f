using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Fencer.Analyzer.Benchmarks.Generation;

namespace Fencer.Analyzer.Benchmarks.Running;

/// <summary>Compiles a corpus against the net10.0 reference assemblies of Basic.Reference.Assemblies (no download).</summary>
internal static class CompilationFactory
{
    public static CSharpCompilation Create(Corpus corpus, ImmutableDictionary<string, ReportDiagnostic> ruleOptions)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = corpus.Files.Select(f => CSharpSyntaxTree.ParseText(f.Text, parse, path: "/bench/" + f.Path));
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions(ruleOptions);
        return CSharpCompilation.Create("Bench.Generated", trees, Basic.Reference.Assemblies.Net100.References.All, options);
    }
}
