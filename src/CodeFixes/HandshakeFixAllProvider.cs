using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Fencer.CodeFixes;

/// <summary>
/// Fix All for the handshake fixes. A batch fixer would merge independent per-diagnostic edits and so insert the same
/// fence twice where two diagnostics share a side, and make both sides of one handshake the rare one; this provider
/// plans every diagnostic of the scope into one <see cref="EditPlan"/>, which places each fence once and makes each
/// handshake asymmetric once.
/// </summary>
internal sealed class HandshakeFixAllProvider : FixAllProvider
{
    public static HandshakeFixAllProvider Instance { get; } = new();

    private HandshakeFixAllProvider()
    {
    }

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
        new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        // dotnet format asks with the key of the first action offered for the first diagnostic of its analysis, which may
        // be another rule's (no action: a null key) and changes from run to run: a missing or unknown key means each
        // rule's default alternative, never no action (docs/design.md §10, "Fix All").
        var key = fixAllContext.CodeActionEquivalenceKey is { } asked && FixKeys.All.Contains(asked) ? asked : null;
        var fixable = fixAllContext.CodeFixProvider.FixableDiagnosticIds;
        var diagnostics = new List<Diagnostic>();
        foreach (var document in Documents(fixAllContext))
        {
            diagnostics.AddRange((await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false)).Where(d => fixable.Contains(d.Id)));
        }

        if (diagnostics.Count == 0)
        {
            return null;
        }

        var solution = fixAllContext.Solution;
        var ordered = diagnostics
            .OrderBy(d => d.Location.SourceTree?.FilePath, System.StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ThenBy(d => d.Id, System.StringComparer.Ordinal)
            .ToImmutableArray();
        return CodeAction.Create(Title(fixAllContext.Scope), ct => FixAsync(solution, ordered, key, ct), key ?? DefaultKeys);
    }

    /// <summary>The equivalence key of a Fix All that applies each rule's default alternative.</summary>
    private const string DefaultKeys = "FEN.Default";

    /// <summary>
    /// Plans every diagnostic into one edit. A diagnostic the asked alternative cannot be written for (an
    /// <c>Interlocked.Exchange</c> of a store that is not a plain field store) gets its rule's default instead, so one
    /// application leaves no finding the fixes can remove.
    /// </summary>
    private static async Task<Solution> FixAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
    {
        var plan = new EditPlan();
        foreach (var diagnostic in diagnostics)
        {
            if (await HandshakeSides.ResolveAsync(solution, diagnostic, cancellationToken).ConfigureAwait(false) is not { } sides)
            {
                continue;
            }

            await HandshakePlanner.PlanChosenAsync(key, sides, plan, cancellationToken).ConfigureAwait(false);
        }

        return await FixSettling.ApplyAsync(plan, solution, cancellationToken).ConfigureAwait(false);
    }

    private static IEnumerable<Document> Documents(FixAllContext context) => context.Scope switch
    {
        FixAllScope.Document when context.Document is { } document => new[] { document },
        FixAllScope.Project => context.Project.Documents,
        FixAllScope.Solution => context.Solution.Projects.SelectMany(p => p.Documents),
        _ => Enumerable.Empty<Document>(),
    };

    private static string Title(FixAllScope scope) => scope switch
    {
        FixAllScope.Document => "Fix all store-buffer handshakes in document",
        FixAllScope.Project => "Fix all store-buffer handshakes in project",
        _ => "Fix all store-buffer handshakes in solution",
    };
}
