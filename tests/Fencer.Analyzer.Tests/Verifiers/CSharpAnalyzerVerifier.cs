using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Fencer.Analyzer.Tests.Verifiers;

/// <summary>Runs an analyzer over sources with net10.0 references and the latest language version.</summary>
public static class CSharpAnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic(string id) => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(id);

    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected) =>
        VerifyAnalyzerAsync(new[] { source }, expected);

    public static async Task VerifyAnalyzerAsync(string[] sources, params DiagnosticResult[] expected)
    {
        var test = new Test();
        foreach (var source in sources)
        {
            test.TestState.Sources.Add(source);
        }

        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }

    /// <summary>Runs with <c>fencer.report = audit</c> in a global analyzer config (docs/configuration.md).</summary>
    public static Task VerifyAuditAsync(string source, params DiagnosticResult[] expected) =>
        VerifyAuditAsync(new[] { source }, expected);

    /// <summary>Runs with <c>fencer.report = audit</c> over several files.</summary>
    public static async Task VerifyAuditAsync(string[] sources, params DiagnosticResult[] expected)
    {
        var test = new Test();
        foreach (var source in sources)
        {
            test.TestState.Sources.Add(source);
        }

        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nfencer.report = audit\n"));
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }

    public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = TestReferences.Net100;
            TestState.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net100.References.All);
            TestState.AdditionalReferences.Add(TestReferences.FencerRuntime);
            SolutionTransforms.Add((solution, projectId) =>
            {
                var project = solution.GetProject(projectId)!;
                var parse = ((CSharpParseOptions)project.ParseOptions!).WithLanguageVersion(LanguageVersion.Latest);
                return solution.WithProjectParseOptions(projectId, parse);
            });
        }
    }
}
