using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Fencer.Analyzer.Tests.Verifiers;

namespace Fencer.CodeFixes.Tests.Verifiers;

/// <summary>Runs a code fix over sources with net10.0 references, the latest language version and (by default) the AsymmetricBarrier stub.</summary>
public static class CSharpCodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static DiagnosticResult Diagnostic(string id) => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(id);

    /// <summary>Applies the alternative <paramref name="key"/> (single fix and Fix All) and checks the result.</summary>
    public static async Task VerifyCodeFixAsync(string source, string fixedSource, string key, bool withRuntime = true)
    {
        var test = new Test(withRuntime) { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = key };
        await test.RunAsync(CancellationToken.None);
    }

    /// <summary>As <see cref="VerifyCodeFixAsync"/> with <c>fencer.report = audit</c> (docs/configuration.md): for fixes of audit-level findings, such as a store made inside a callee.</summary>
    public static async Task VerifyAuditCodeFixAsync(string source, string fixedSource, string key)
    {
        var test = new Test(withRuntime: true) { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = key };
        const string audit = "is_global = true\nfencer.report = audit\n";
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", audit));
        test.FixedState.AnalyzerConfigFiles.Add(("/.globalconfig", audit));
        await test.RunAsync(CancellationToken.None);
    }

    public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test(bool withRuntime = true)
        {
            ReferenceAssemblies = TestReferences.Net100;
            TestState.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net100.References.All);
            FixedState.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net100.References.All);
            if (withRuntime)
            {
                TestState.Sources.Add(("AsymmetricBarrier.cs", TestReferences.AsymmetricBarrierStub));
                FixedState.Sources.Add(("AsymmetricBarrier.cs", TestReferences.AsymmetricBarrierStub));
            }

            SolutionTransforms.Add((solution, projectId) =>
            {
                var project = solution.GetProject(projectId)!;
                var parse = ((CSharpParseOptions)project.ParseOptions!).WithLanguageVersion(LanguageVersion.Latest);
                return solution.WithProjectParseOptions(projectId, parse);
            });
        }
    }
}
