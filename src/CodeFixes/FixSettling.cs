using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Fencer.Analyzer.Rules;

namespace Fencer.CodeFixes;

/// <summary>
/// Applies a plan and then settles it (docs/design.md §10, "A fix leaves no finding"): the documents the plan changed
/// are analysed again, and a finding there that was not there before the fix — a fence the fix wrote is, by the
/// evidence rules, evidence for another pair of the type; a process-wide barrier it wrote makes another member a hot
/// side — gets its rule's default fix in the same edit, for a few rounds. A settled fix leaves no Fencer finding
/// behind. Analysis that fails (a compiler that cannot bind the changed code) leaves the plan's own edit.
/// </summary>
internal static class FixSettling
{
    /// <summary>Rounds of follow-up fixes: on real code two were enough wherever a fix settled; the bound stops a cascade (docs/design.md §10).</summary>
    private const int Rounds = 3;

    public static async Task<Solution> ApplyAsync(EditPlan plan, Solution solution, CancellationToken cancellationToken)
    {
        var fixedSolution = await plan.ApplyAsync(solution, cancellationToken).ConfigureAwait(false);
        try
        {
            return await SettleAsync(solution, fixedSolution, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Exception e) when (e is not System.OperationCanceledException)
        {
            return fixedSolution;
        }
    }

    private static async Task<Solution> SettleAsync(Solution original, Solution current, CancellationToken cancellationToken)
    {
        var touched = new HashSet<DocumentId>(ChangedDocuments(original, current));
        var before = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var finding in await FindingsAsync(original, touched, cancellationToken).ConfigureAwait(false))
        {
            before.Add(Identity(finding));
        }

        for (var round = 0; round < Rounds; round++)
        {
            var added = (await FindingsAsync(current, touched, cancellationToken).ConfigureAwait(false))
                .Where(d => !before.Contains(Identity(d)))
                .OrderBy(d => d.Location.SourceTree?.FilePath, System.StringComparer.Ordinal)
                .ThenBy(d => d.Location.SourceSpan.Start)
                .ToList();
            if (added.Count == 0)
            {
                return current;
            }

            var plan = new EditPlan();
            var splits = new Dictionary<DocumentId, HashSet<ExpressionStatementSyntax>>();
            foreach (var diagnostic in added)
            {
                if (await HandshakeSides.ResolveAsync(current, diagnostic, cancellationToken).ConfigureAwait(false) is not { } sides)
                {
                    continue;
                }

                // A gap inside one chained assignment (`head = tail = v;`) is split first; the next round fences it.
                var chained = sides.Gaps.Where(g => !BodyBoundary.Candidates(g.Store.Node, g.Access.Node).Any() && g.Store.Document.Id == g.Access.Document.Id)
                    .Select(g => (g.Store.Document.Id, Statement: ChainedAssignment.Holding(g.Store.Node, g.Access.Node)))
                    .Where(c => c.Statement is not null)
                    .ToList();
                if (chained.Count > 0)
                {
                    foreach (var (document, statement) in chained)
                    {
                        (splits.TryGetValue(document, out var set) ? set : splits[document] = new HashSet<ExpressionStatementSyntax>()).Add(statement!);
                    }

                    continue;
                }

                if (!await HandshakePlanner.PlanChosenAsync(null, sides, plan, cancellationToken).ConfigureAwait(false))
                {
                    // The default cannot be written (a hot side with no light barrier and a field volatile cannot take):
                    // a full fence orders it too.
                    await HandshakePlanner.PlanChosenAsync(FixKeys.FullFence, sides, plan, cancellationToken).ConfigureAwait(false);
                }
            }

            Solution next;
            if (splits.Count > 0)
            {
                next = await SplitAsync(current, splits, cancellationToken).ConfigureAwait(false);
            }
            else if (plan.IsEmpty)
            {
                return current;
            }
            else
            {
                next = await plan.ApplyAsync(current, cancellationToken).ConfigureAwait(false);
            }

            var newlyTouched = ChangedDocuments(current, next).Where(id => !touched.Contains(id)).ToList();
            if (newlyTouched.Count > 0)
            {
                // A follow-up edit in another document: what that document reported before the fix was already there.
                foreach (var finding in await FindingsAsync(original, newlyTouched, cancellationToken).ConfigureAwait(false))
                {
                    before.Add(Identity(finding));
                }

                touched.UnionWith(newlyTouched);
            }

            current = next;
        }

        return current;
    }

    private static async Task<Solution> SplitAsync(Solution solution, Dictionary<DocumentId, HashSet<ExpressionStatementSyntax>> splits, CancellationToken cancellationToken)
    {
        foreach (var pair in splits)
        {
            if (solution.GetDocument(pair.Key) is not { } document
                || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root
                || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model)
            {
                continue;
            }

            var replacements = pair.Value.Select(s => (Statement: s, Split: ChainedAssignment.Split(s, model))).Where(r => r.Split is not null).ToList();
            var tracked = root.TrackNodes(replacements.Select(r => r.Statement));
            foreach (var (statement, split) in replacements)
            {
                tracked = ChainedAssignment.Replace(tracked, tracked.GetCurrentNode(statement)!, split!);
            }

            solution = document.WithSyntaxRoot(tracked).Project.Solution;
        }

        return solution;
    }

    /// <summary>
    /// A finding's identity across edits: its rule, file and message (which names the member, the locations and the
    /// partner); positions and the store's text change with a fix.
    /// </summary>
    private static string Identity(Diagnostic diagnostic) =>
        $"{diagnostic.Id}|{diagnostic.Location.SourceTree?.FilePath}|{diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";

    private static IEnumerable<DocumentId> ChangedDocuments(Solution before, Solution after) =>
        after.GetChanges(before).GetProjectChanges().SelectMany(p => p.GetChangedDocuments());

    /// <summary>
    /// What the analyzer reports for the types declared in <paramref name="documents"/> (every file of a partial type),
    /// with each project's options; a rule the options turn off reports nothing.
    /// </summary>
    private static async Task<List<Diagnostic>> FindingsAsync(Solution solution, IEnumerable<DocumentId> documents, CancellationToken cancellationToken)
    {
        var findings = new List<Diagnostic>();
        foreach (var group in documents.GroupBy(id => id.ProjectId))
        {
            if (solution.GetProject(group.Key) is not { } project
                || await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false) is not { } compilation)
            {
                continue;
            }

            var types = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            foreach (var id in group)
            {
                if (project.GetDocument(id) is not { } document
                    || await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false) is not { } tree)
                {
                    continue;
                }

                var model = compilation.GetSemanticModel(tree);
                foreach (var declaration in (await tree.GetRootAsync(cancellationToken).ConfigureAwait(false)).DescendantNodes(n => n is not BaseMethodDeclarationSyntax)
                    .OfType<BaseTypeDeclarationSyntax>())
                {
                    if (model.GetDeclaredSymbol(declaration, cancellationToken) is INamedTypeSymbol type)
                    {
                        types.Add(type);
                    }
                }
            }

            var options = project.AnalyzerOptions;
            findings.AddRange(TypeAnalysisRequest.Analyze(compilation, options, types, cancellationToken)
                .Where(d => FixKeys.DefaultFor(d.Id) is not null && !TurnedOff(options, d)));
        }

        return findings;
    }

    /// <summary><c>dotnet_diagnostic.FEN00x.severity = none</c> where the finding is.</summary>
    private static bool TurnedOff(AnalyzerOptions options, Diagnostic diagnostic) =>
        diagnostic.Location.SourceTree is { } tree
        && options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue($"dotnet_diagnostic.{diagnostic.Id}.severity", out var severity)
        && string.Equals(severity.Trim(), "none", System.StringComparison.OrdinalIgnoreCase);
}
