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
using Microsoft.CodeAnalysis.Diagnostics;
using Fencer.Cli.CommandLine;
using Fencer.Cli.Analysis;
using Fencer.Cli.Loading;
using Fencer.Cli.Progress;
using Fencer.CodeFixes;
using Fencer.Tests.Shared;

namespace Fencer.Analyzer.Benchmarks.Running;

/// <summary>
/// <c>--source DIR --fix-sweep</c>: every fix Fencer offers (each alternative) applied to every finding of a real
/// tree, one at a time, and the project analysed and compiled again: the fix must add no compile error to the files
/// it changed, the finding must be gone and no finding may appear that was not there (docs/design.md §10). Loading as
/// the command-line tool loads (folder compilations leave package references unresolved: errors already there before
/// the fix are not counted). Prints one line per fix and a count per outcome; exit code 2 when any fix failed.
/// </summary>
internal static class FixSweep
{
    private static readonly CodeFixProvider[] Providers = { new FEN001FEN002HandshakeCodeFix(), new FEN003LightBarrierCodeFix() };

    public static async Task<int> RunAsync(BenchmarkOptions options, DiagnosticAnalyzer fencer)
    {
        var check = new CheckOptions { Path = options.Source!, NoMsBuild = options.NoMsBuild, Excludes = options.Excludes, Quiet = true };
        var target = AuditTarget.Resolve(check.Path);
        using var progress = new ProgressDisplay(Console.Error, interactive: false, quiet: false);
        using var loaded = await ProjectLoader.LoadAsync(target, check, progress, CancellationToken.None).ConfigureAwait(false);
        var scope = new AuditScope(loaded.Root, options.Excludes.Select(e => new PathGlob(e)).ToList(), options.Report);
        var analyzers = ImmutableArray.Create(fencer);
        int findings = 0, fixes = 0, failed = 0, unoffered = 0;
        foreach (var audited in loaded.Projects)
        {
            if (await scope.PrepareAsync(loaded.Solution, audited, CancellationToken.None).ConfigureAwait(false) is not { } prepared)
            {
                continue;
            }

            if (options.Report is { } level)
            {
                // The level the fixes settle at is the project's (docs/design.md §10): --report is given to the project as
                // a .globalconfig, as a user would set it, so the fixes and the judge both see it.
                var project = prepared.Project.AddAnalyzerConfigDocument(
                    ".globalconfig", Microsoft.CodeAnalysis.Text.SourceText.From($"is_global = true\nfencer.report = {level}\n"),
                    filePath: Path.Combine(loaded.Root, "fencer-sweep.globalconfig")).Project;
                prepared = prepared with { Project = project };
            }

            ImmutableArray<Diagnostic> before;
            try
            {
                before = await FencerDiagnosticsAsync(prepared.Compilation, prepared.Options, analyzers).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException && prepared.Compilation.Options.NullableContextOptions != NullableContextOptions.Disable)
            {
                // As the command-line tool does (CompilerWorkaround): the fixes are applied and judged without nullable
                // analysis too, since the workspace's clean-up binds the changed document with the same compiler.
                var project = CompilerWorkaround.WithoutNullable(prepared.Project);
                prepared = prepared with { Project = project, Compilation = (await project.GetCompilationAsync().ConfigureAwait(false))! };
                before = await FencerDiagnosticsAsync(prepared.Compilation, prepared.Options, analyzers).ConfigureAwait(false);
            }

            var beforeIds = FixOutcome.Identities(before);
            foreach (var diagnostic in before)
            {
                findings++;
                var actions = await ActionsAsync(prepared.Project, diagnostic).ConfigureAwait(false);
                if (actions.Count == 0)
                {
                    unoffered++;
                    Console.WriteLine($"no fix   {Where(loaded.Root, diagnostic)} {diagnostic.Id}");
                }

                foreach (var action in actions)
                {
                    fixes++;
                    var problem = await CheckAsync(scope, prepared, action, FixOutcome.Identity(diagnostic), beforeIds, analyzers).ConfigureAwait(false);
                    failed += problem is null ? 0 : 1;
                    Console.WriteLine($"{(problem is null ? "ok      " : "FAILED  ")} {Where(loaded.Root, diagnostic)} {diagnostic.Id} {action.EquivalenceKey}{(problem is null ? "" : ": " + problem)}");
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine($"Fix sweep of {target.FullPath}: {findings} findings, {fixes} fixes applied, {fixes - failed} compiled and left the finding gone and no new one, {failed} failed; {unoffered} findings had no fix offered.");
        return failed == 0 ? 0 : 2;
    }

    private static async Task<string?> CheckAsync(AuditScope scope, AuditCompilation prepared, CodeAction action, string fixedOne, HashSet<string> before, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        ImmutableArray<CodeActionOperation> operations;
        try
        {
            operations = await action.GetOperationsAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Applying runs the workspace's clean-up (simplification, formatting), which binds the changed document.
            return $"applying threw {e.GetType().Name}: {e.Message} (at {e.StackTrace?.Split('\n').FirstOrDefault()?.Trim()})";
        }

        if (operations.OfType<ApplyChangesOperation>().SingleOrDefault() is not { } apply)
        {
            return "no change";
        }

        var oldSolution = prepared.Project.Solution;
        var changed = apply.ChangedSolution.GetChanges(oldSolution).GetProjectChanges().SelectMany(p => p.GetChangedDocuments()).ToList();
        var project = apply.ChangedSolution.GetProject(prepared.Project.Id)!;
        var compilation = (await project.GetCompilationAsync().ConfigureAwait(false))!;
        foreach (var id in changed)
        {
            var oldErrors = await ErrorsAsync(oldSolution.GetDocument(id)).ConfigureAwait(false);
            var newErrors = await ErrorsAsync(apply.ChangedSolution.GetDocument(id)).ConfigureAwait(false);
            var added = newErrors.Except(oldErrors).ToList();
            if (added.Count > 0)
            {
                return "new compile error: " + string.Join("; ", added.Take(3));
            }
        }

        var after = await FencerDiagnosticsAsync(compilation, scope.OptionsFor(project, compilation, prepared.Paths), analyzers).ConfigureAwait(false);
        return FixOutcome.Problem(after, before, new[] { fixedOne }) is { } problem
            ? problem + await EditsAsync(oldSolution, apply.ChangedSolution, changed).ConfigureAwait(false)
            : null;
    }

    /// <summary>The lines a fix added, for reading a failure.</summary>
    private static async Task<string> EditsAsync(Solution oldSolution, Solution newSolution, IEnumerable<DocumentId> changed)
    {
        var text = new System.Text.StringBuilder();
        foreach (var id in changed)
        {
            var oldLines = (await oldSolution.GetDocument(id)!.GetTextAsync().ConfigureAwait(false)).Lines.Select(l => l.ToString()).ToList();
            var newText = await newSolution.GetDocument(id)!.GetTextAsync().ConfigureAwait(false);
            var oldSet = oldLines.ToHashSet(StringComparer.Ordinal);
            foreach (var line in newText.Lines.Where(l => !oldSet.Contains(l.ToString())))
            {
                text.Append($"\n      + {Path.GetFileName(newSolution.GetDocument(id)!.FilePath)}:{line.LineNumber + 1}: {line.ToString().Trim()}");
            }
        }

        return text.ToString();
    }

    /// <summary>A document's compile errors, by id and message (positions move with the fix).</summary>
    private static async Task<HashSet<string>> ErrorsAsync(Document? document)
    {
        if (document is null)
        {
            return new HashSet<string>();
        }

        try
        {
            return await ErrorsOfAsync(document).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // As the command-line tool does (CompilerWorkaround).
            return await ErrorsOfAsync(CompilerWorkaround.WithoutNullable(document.Project).GetDocument(document.Id)!).ConfigureAwait(false);
        }
    }

    private static async Task<HashSet<string>> ErrorsOfAsync(Document document)
    {
        var model = await document.GetSemanticModelAsync().ConfigureAwait(false);
        return model is null
            ? new HashSet<string>()
            : model.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => $"{d.Id} {d.GetMessage()}").ToHashSet(StringComparer.Ordinal);
    }

    private static async Task<ImmutableArray<Diagnostic>> FencerDiagnosticsAsync(Compilation compilation, AnalyzerOptions options, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync().ConfigureAwait(false);
        return diagnostics.Where(d => d.Id.StartsWith("FEN00", StringComparison.Ordinal) && d.Location.IsInSource)
            .OrderBy(d => d.Location.SourceTree!.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    private static async Task<IReadOnlyList<CodeAction>> ActionsAsync(Project project, Diagnostic diagnostic)
    {
        var document = project.Solution.GetDocument(diagnostic.Location.SourceTree);
        var actions = new List<CodeAction>();
        if (document is null)
        {
            return actions;
        }

        foreach (var provider in Providers.Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id)))
        {
            await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None)).ConfigureAwait(false);
        }

        return actions;
    }

    private static string Where(string root, Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        return $"{Path.GetRelativePath(root, span.Path)}:{span.StartLinePosition.Line + 1}";
    }
}
