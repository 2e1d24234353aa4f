using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Fencer.Analyzer.Rules;

namespace Fencer.Analyzer.Tests.Verifiers;

/// <summary>Compiles sources (with net10.0 and Fencer.Runtime references) and runs Fencer over them, for data-driven tests.</summary>
internal static class AnalyzerRunner
{
    public static CSharpCompilation Compile(params string[] sources) =>
        Compile(OutputKind.DynamicallyLinkedLibrary, sources.Select((s, i) => ($"Source{i}.cs", s)).ToArray());

    public static CSharpCompilation Compile(OutputKind kind, params (string Path, string Text)[] sources) =>
        CSharpCompilation.Create(
            "UnderTest",
            sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, new CSharpParseOptions(LanguageVersion.Latest), path: s.Path)),
            Basic.Reference.Assemblies.Net100.References.All.Append(TestReferences.FencerRuntime),
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>Runs the analyzer; returns its diagnostics and the exceptions it threw (reported by the driver as AD0001).</summary>
    public static async Task<(ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<Exception> Exceptions)> RunAsync(Compilation compilation)
    {
        var exceptions = ImmutableArray.CreateBuilder<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, _, _) =>
            {
                lock (exceptions)
                {
                    exceptions.Add(exception);
                }
            },
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new StoreBufferHandshakeAnalyzer()), options);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync().ConfigureAwait(false);
        return (diagnostics, exceptions.ToImmutable());
    }
}
