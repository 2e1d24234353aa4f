using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Fencer.Analyzer.Rules;
using Fencer.Analyzer.Tests.Verifiers;
using Xunit;

namespace Fencer.CodeFixes.Tests.Verifiers;

/// <summary>The reference sets a test project can be built against.</summary>
public enum TestTarget
{
    /// <summary>net10.0 with the AsymmetricBarrier stub (Fencer.Runtime referenced).</summary>
    Net100WithRuntime,

    /// <summary>net10.0 without Fencer.Runtime: Interlocked.MemoryBarrierProcessWide is there.</summary>
    Net100,

    /// <summary>netstandard2.0 without Fencer.Runtime: no process-wide barrier at all.</summary>
    NetStandard20,

    /// <summary>netstandard2.0 with a Fencer.Runtime stub.</summary>
    NetStandard20WithRuntime,
}

/// <summary>
/// Drives the analyzer and the fixes through the Workspaces API directly, for what CodeFix.Testing does not
/// express: which alternatives are offered, data-driven runs over the litmus files, and netstandard2.0 projects.
/// </summary>
internal static class FixRunner
{
    public static readonly CodeFixProvider[] Providers =
    {
        new FEN001FEN002HandshakeCodeFix(),
        new FEN003LightBarrierCodeFix(),
    };

    private const string NetStandardStub = """
        namespace Fencer
        {
            public static class AsymmetricBarrier
            {
                public static void Light() { }
                public static void Heavy() { System.Threading.Interlocked.MemoryBarrier(); }
            }
        }
        """;

    private static readonly string[] Rules = { DiagnosticIds.OneSidedFence, DiagnosticIds.UnfencedHandshake, DiagnosticIds.AsymmetricHotSideUnordered };

    public static Project CreateProject(TestTarget target, params string[] sources)
    {
        var workspace = new AdhocWorkspace();
        var netStandard = target is TestTarget.NetStandard20 or TestTarget.NetStandard20WithRuntime;
        var references = netStandard
            ? new[] { MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, "NetStandard20", "netstandard.dll")) }
            : Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>().ToArray();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Default,
            "Test",
            "Test",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: references));
        var all = sources.ToList();
        if (target == TestTarget.Net100WithRuntime)
        {
            all.Add(TestReferences.AsymmetricBarrierStub);
        }
        else if (target == TestTarget.NetStandard20WithRuntime)
        {
            all.Add(NetStandardStub);
        }

        for (var i = 0; i < all.Count; i++)
        {
            project = project.AddDocument($"Test{i}.cs", SourceText.From(all[i]), filePath: $"/Test{i}.cs").Project;
        }

        return project;
    }

    public static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var diagnostics = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new StoreBufferHandshakeAnalyzer()))
            .GetAnalyzerDiagnosticsAsync();
        return diagnostics.Where(d => Rules.Contains(d.Id)).OrderBy(d => d.Location.SourceTree!.FilePath).ThenBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    public static async Task<IReadOnlyList<Diagnostic>> CompilerErrorsAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        return compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
    }

    /// <summary>The code actions every provider offers for <paramref name="diagnostic"/>.</summary>
    public static async Task<IReadOnlyList<CodeAction>> ActionsAsync(Project project, Diagnostic diagnostic)
    {
        var document = project.Solution.GetDocument(diagnostic.Location.SourceTree)!;
        var actions = new List<CodeAction>();
        foreach (var provider in Providers.Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id)))
        {
            var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
            await provider.RegisterCodeFixesAsync(context);
        }

        return actions;
    }

    public static CodeFixProvider ProviderFor(string key) => key switch
    {
        FixKeys.FullFence or FixKeys.Exchange or FixKeys.Asymmetric => Providers[0],
        _ => Providers[1],
    };

    public static async Task<Solution> ApplyAsync(CodeAction action)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        return operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
    }

    /// <summary>Runs Fix All for <paramref name="key"/> in <paramref name="scope"/>, starting from the first diagnostic it fixes.</summary>
    public static async Task<Project> FixAllAsync(Project project, string key, FixAllScope scope = FixAllScope.Project)
    {
        var diagnostics = await DiagnosticsAsync(project);
        var provider = ProviderFor(key);
        var first = diagnostics.First(d => provider.FixableDiagnosticIds.Contains(d.Id));
        var context = new FixAllContext(
            project.Solution.GetDocument(first.Location.SourceTree)!,
            provider,
            scope,
            key,
            provider.FixableDiagnosticIds,
            new Diagnostics(diagnostics),
            CancellationToken.None);
        var action = await provider.GetFixAllProvider()!.GetFixAsync(context);
        return action is null ? project : (await ApplyAsync(action)).GetProject(project.Id)!;
    }

    /// <summary>
    /// Fix All as <c>dotnet format</c> asks for it: scope Solution, one rule, the equivalence key of the first action the
    /// provider offered for the first diagnostic of the analysis (null when that diagnostic is another rule's), and a
    /// diagnostic provider that hands back every diagnostic of the document, whatever its rule.
    /// </summary>
    public static async Task<Project> FormatStyleFixAllAsync(Project project, CodeFixProvider provider, string? key, string diagnosticId)
    {
        var diagnostics = await DiagnosticsAsync(project);
        var context = new FixAllContext(
            project.Solution.GetDocument(diagnostics.First().Location.SourceTree)!,
            provider,
            FixAllScope.Solution,
            key!,
            new[] { diagnosticId },
            new Diagnostics(diagnostics),
            CancellationToken.None);
        var action = await provider.GetFixAllProvider()!.GetFixAsync(context);
        Assert.True(action is not null, $"{provider.GetType().Name} returned no Fix All action for {diagnosticId} with key '{key ?? "null"}'");
        return (await ApplyAsync(action!)).GetProject(project.Id)!;
    }

    private sealed class Diagnostics : FixAllContext.DiagnosticProvider
    {
        private readonly ImmutableArray<Diagnostic> _all;

        public Diagnostics(ImmutableArray<Diagnostic> all) => _all = all;

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(_all);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult(_all.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());
    }
}
