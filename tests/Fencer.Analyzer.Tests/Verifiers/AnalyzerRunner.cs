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
            Framework.Append(TestReferences.FencerRuntime),
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable));

#if ROSLYN48
    /// <summary>
    /// The running runtime's own assemblies: Basic.Reference.Assemblies needs a newer compiler than Roslyn 4.8, which
    /// this build of the tests runs on.
    /// </summary>
    private static readonly MetadataReference[] Framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
        .Split(System.IO.Path.PathSeparator)
        .Where(p => System.IO.Path.GetFileName(p) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "mscorlib.dll" or "netstandard.dll"))
        .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
        .ToArray();
#else
    private static readonly System.Collections.Generic.IEnumerable<MetadataReference> Framework = Basic.Reference.Assemblies.Net100.References.All;
#endif

    /// <summary>Compiles one source and runs the analyzer on it: its diagnostics in source order, after asserting it threw nothing.</summary>
    /// <param name="audit">Runs with <c>fencer.report = audit</c> (docs/configuration.md).</param>
    public static async Task<Diagnostic[]> DiagnosticsAsync(string source, bool audit = false)
    {
        var (diagnostics, exceptions) = await RunAsync(Compile(source), audit).ConfigureAwait(false);
        Xunit.Assert.Empty(exceptions);
        return diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToArray();
    }

    /// <summary>Runs the analyzer; returns its diagnostics and the exceptions it threw (reported by the driver as AD0001).</summary>
    /// <param name="audit">Runs with <c>fencer.report = audit</c> (docs/configuration.md).</param>
    /// <param name="settings">Further options, as a <c>.globalconfig</c> would set them.</param>
    public static Task<(ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<Exception> Exceptions)> RunAsync(Compilation compilation, bool audit = false, params (string Key, string Value)[] settings) =>
        RunAsync(compilation, concurrent: false, audit, settings);

    /// <param name="concurrent">Lets the driver run the analyzer's actions concurrently, as the compiler and the IDE do.</param>
    public static async Task<(ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<Exception> Exceptions)> RunAsync(Compilation compilation, bool concurrent, bool audit, params (string Key, string Value)[] settings)
    {
        var exceptions = ImmutableArray.CreateBuilder<Exception>();
        var values = audit ? ImmutableDictionary<string, string>.Empty.Add("fencer.report", "audit") : ImmutableDictionary<string, string>.Empty;
        foreach (var (key, value) in settings)
        {
            values = values.SetItem(key, value);
        }

        var config = new ConfigOptions(values);
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, config),
            onAnalyzerException: (exception, _, _) =>
            {
                lock (exceptions)
                {
                    exceptions.Add(exception);
                }
            },
            concurrentAnalysis: concurrent,
            logAnalyzerExecutionTime: false);
        var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new StoreBufferHandshakeAnalyzer()), options);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync().ConfigureAwait(false);
        return (diagnostics, exceptions.ToImmutable());
    }

    /// <summary>The same options for every file and globally: what a <c>.globalconfig</c> gives.</summary>
    private sealed class ConfigOptions : AnalyzerConfigOptionsProvider
    {
        private readonly Options _options;

        public ConfigOptions(ImmutableDictionary<string, string> values) => _options = new Options(values);

        public override AnalyzerConfigOptions GlobalOptions => _options;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

        private sealed class Options : AnalyzerConfigOptions
        {
            private readonly ImmutableDictionary<string, string> _values;

            public Options(ImmutableDictionary<string, string> values) => _values = values;

            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
        }
    }
}
