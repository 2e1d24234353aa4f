using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace Fencer.CodeFixes;

/// <summary>
/// The edits of one fix, or of a whole Fix All, gathered first and applied once per document. Fences are asked
/// for as "between this store and this access" and placed together at the end: one fence covers every request
/// whose paths all pass it, so two diagnostics sharing a side never get two fences on one path, and no fence goes
/// next to one at least as strong.
/// </summary>
internal sealed class EditPlan
{
    private readonly Dictionary<DocumentId, DocumentEdits> _documents = new();

    /// <summary>Stores of sides already chosen as the rare (process-wide barrier) side, by document and position.</summary>
    public HashSet<(DocumentId, int)> HeavySides { get; } = new();

    public bool IsEmpty => _documents.Values.All(d => d.IsEmpty);

    /// <summary>A fence of at least <paramref name="kind"/> on every path from <paramref name="store"/> to <paramref name="access"/>.</summary>
    public void RequireFence(Document document, SyntaxNode store, SyntaxNode access, FenceKind kind) =>
        Edits(document).Requests.Add(new FenceRequest(store, access, kind));

    /// <summary>A fence of <paramref name="kind"/> at a chosen gap.</summary>
    public void InsertAt(Document document, StatementGap gap, FenceKind kind) => Edits(document).Fixed.Add((gap, kind));

    /// <summary>Replaces an expression; <paramref name="rewrite"/> gets the node with any nested replacements already made.</summary>
    public void Replace(Document document, SyntaxNode original, Func<ExpressionSyntax, FenceApis, SyntaxGenerator, ExpressionSyntax> rewrite) =>
        Edits(document).Replacements[original] = rewrite;

    public async Task<Solution> ApplyAsync(Solution solution, CancellationToken cancellationToken)
    {
        foreach (var pair in _documents)
        {
            if (solution.GetDocument(pair.Key) is not { } document || pair.Value.IsEmpty)
            {
                continue;
            }

            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                continue;
            }

            var apis = FenceApis.Create(model.Compilation);
            var generator = SyntaxGenerator.GetGenerator(document);
            var newRoot = Apply(root, pair.Value, model, apis, generator);

            // Imports for the fully qualified names the fix wrote (then the code action's cleanup simplifies them).
            var changed = await ImportAdder.AddImportsAsync(
                document.WithSyntaxRoot(newRoot), FenceApis.ImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            solution = changed.Project.Solution;
        }

        return solution;
    }

    private DocumentEdits Edits(Document document)
    {
        if (!_documents.TryGetValue(document.Id, out var edits))
        {
            edits = new DocumentEdits();
            _documents[document.Id] = edits;
        }

        return edits;
    }

    private static SyntaxNode Apply(SyntaxNode root, DocumentEdits edits, SemanticModel model, FenceApis apis, SyntaxGenerator generator)
    {
        var gaps = PlaceFences(edits, model, apis);
        var tracked = root.TrackNodes(edits.Replacements.Keys.Concat(gaps.Keys.Select(g => g.Owner)));

        var current = edits.Replacements.ToDictionary(r => tracked.GetCurrentNode(r.Key)!, r => r.Value);
        tracked = tracked.ReplaceNodes(current.Keys, (original, rewritten) =>
            current[original]((ExpressionSyntax)rewritten, apis, generator));

        var endOfLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var newLine = endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : SyntaxFactory.LineFeed;
        foreach (var owner in gaps.Keys.GroupBy(g => g.Owner))
        {
            var atIndex = owner.ToDictionary(g => g.Index, g => apis.Statement(gaps[g], generator).WithTrailingTrivia(newLine));
            var node = tracked.GetCurrentNode(owner.Key)!;
            tracked = tracked.ReplaceNode(node, WithFences(node, atIndex, newLine));
        }

        return tracked;
    }

    /// <summary>
    /// The owner's statements with the fences inserted, each fence on a line of its own (the formatter indents it): a
    /// statement a fence follows gets a line break if it had none, as in <c>lock (l) { x = 1; }</c>.
    /// </summary>
    private static SyntaxNode WithFences(SyntaxNode owner, IReadOnlyDictionary<int, StatementSyntax> atIndex, SyntaxTrivia newLine)
    {
        SyntaxList<StatementSyntax> Insert(IReadOnlyList<StatementSyntax> statements)
        {
            var result = new List<StatementSyntax>();
            for (var i = 0; i <= statements.Count; i++)
            {
                if (atIndex.TryGetValue(i, out var fence))
                {
                    if (result.Count > 0 && !result[result.Count - 1].GetTrailingTrivia().Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)))
                    {
                        var previous = result[result.Count - 1];
                        result[result.Count - 1] = previous.WithTrailingTrivia(
                            previous.GetTrailingTrivia().Where(t => !t.IsKind(SyntaxKind.WhitespaceTrivia)).Append(newLine));
                    }

                    result.Add(fence);
                }

                if (i < statements.Count)
                {
                    result.Add(statements[i]);
                }
            }

            return SyntaxFactory.List(result);
        }

        switch (owner)
        {
            case BlockSyntax block:
                var statements = Insert(block.Statements);
                return atIndex.ContainsKey(block.Statements.Count) && !block.CloseBraceToken.LeadingTrivia.Any() && block.Statements.Count > 0
                    ? block.WithStatements(statements).WithCloseBraceToken(block.CloseBraceToken.WithLeadingTrivia(SyntaxFactory.ElasticMarker))
                        .WithAdditionalAnnotations(Formatter.Annotation)
                    : block.WithStatements(statements);
            case SwitchSectionSyntax section:
                return section.WithStatements(Insert(section.Statements));
            case StatementSyntax embedded:
                // An embedded statement becomes a block holding it and its fences.
                var inner = embedded.WithoutLeadingTrivia().WithTrailingTrivia(newLine);
                return SyntaxFactory.Block(
                        SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithTrailingTrivia(newLine),
                        Insert(new[] { inner }),
                        SyntaxFactory.Token(SyntaxKind.CloseBraceToken))
                    .WithLeadingTrivia(embedded.GetLeadingTrivia())
                    .WithTrailingTrivia(embedded.GetTrailingTrivia())
                    .WithAdditionalAnnotations(Formatter.Annotation);
            default:
                return owner;
        }
    }

    /// <summary>Chooses gaps for the fence requests, strongest kind first, fewest fences per kind (greedy cover).</summary>
    private static Dictionary<StatementGap, FenceKind> PlaceFences(DocumentEdits edits, SemanticModel model, FenceApis apis)
    {
        var chosen = new Dictionary<StatementGap, FenceKind>();
        foreach (var (gap, kind) in edits.Fixed)
        {
            Choose(chosen, gap, kind);
        }

        foreach (var kind in edits.Requests.Select(r => r.Kind).Distinct().OrderByDescending(k => k))
        {
            var open = edits.Requests
                .Where(r => r.Kind == kind)
                .Select(r => (Request: r, Candidates: BodyBoundary.Candidates(r.Store, r.Access).ToList()))
                .Where(r => r.Candidates.Count > 0)
                .Where(r => !chosen.Any(c => c.Value >= kind && c.Key.Covers(r.Request.Store, r.Request.Access)))
                .Where(r => !r.Candidates.Any(g => HasFenceNextTo(g, kind, model, apis)))
                .ToList();
            while (open.Count > 0)
            {
                var best = open.SelectMany(r => r.Candidates)
                    .Distinct()
                    .Select((gap, order) => (Gap: gap, Order: order, Count: open.Count(r => gap.Covers(r.Request.Store, r.Request.Access))))
                    .OrderByDescending(c => c.Count)
                    .ThenBy(c => c.Order)
                    .First();
                Choose(chosen, best.Gap, kind);
                open.RemoveAll(r => best.Gap.Covers(r.Request.Store, r.Request.Access));
            }
        }

        return chosen;
    }

    private static void Choose(Dictionary<StatementGap, FenceKind> chosen, StatementGap gap, FenceKind kind) =>
        chosen[gap] = chosen.TryGetValue(gap, out var existing) && existing > kind ? existing : kind;

    /// <summary>Whether a fence at least as strong as <paramref name="kind"/> already sits right at the gap.</summary>
    private static bool HasFenceNextTo(StatementGap gap, FenceKind kind, SemanticModel model, FenceApis apis)
    {
        var (previous, next) = gap.Neighbours;
        return apis.FenceOf(previous, model) >= kind || apis.FenceOf(next, model) >= kind;
    }

    private sealed class DocumentEdits
    {
        public List<FenceRequest> Requests { get; } = new();

        public List<(StatementGap Gap, FenceKind Kind)> Fixed { get; } = new();

        public Dictionary<SyntaxNode, Func<ExpressionSyntax, FenceApis, SyntaxGenerator, ExpressionSyntax>> Replacements { get; } = new();

        public bool IsEmpty => Requests.Count == 0 && Fixed.Count == 0 && Replacements.Count == 0;
    }

    private sealed class FenceRequest
    {
        public FenceRequest(SyntaxNode store, SyntaxNode access, FenceKind kind)
        {
            Store = store;
            Access = access;
            Kind = kind;
        }

        public SyntaxNode Store { get; }

        public SyntaxNode Access { get; }

        public FenceKind Kind { get; }
    }
}
