using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Fencer.Analyzer.Rules;

namespace Fencer.CodeFixes;

/// <summary>One access or fence of a handshake, found in its document.</summary>
internal sealed class SideNode
{
    public SideNode(Document document, SyntaxNode node)
    {
        Document = document;
        Node = node;
    }

    public Document Document { get; }

    /// <summary>The node named by the diagnostic, in <see cref="Document"/>'s current root.</summary>
    public SyntaxNode Node { get; }
}

/// <summary>
/// One handshake a diagnostic lists: this side's store and later access, the other side's store, later access and
/// fence (if it has one).
/// </summary>
internal sealed class ListedHandshake
{
    public ListedHandshake(SideNode thisStore, SideNode thisAccess, SideNode otherStore, SideNode otherAccess, SideNode? otherFence)
    {
        ThisStore = thisStore;
        ThisAccess = thisAccess;
        OtherStore = otherStore;
        OtherAccess = otherAccess;
        OtherFence = otherFence;
    }

    public SideNode ThisStore { get; }

    public SideNode ThisAccess { get; }

    public SideNode OtherStore { get; }

    public SideNode OtherAccess { get; }

    public SideNode? OtherFence { get; }
}

/// <summary>
/// A FEN001-FEN003 diagnostic read back into syntax: every handshake it lists (see <see cref="HandshakeDiagnostic"/>
/// for the shape), the first one — the reported store's worst — also as this side's and the other side's nodes.
/// </summary>
internal sealed class HandshakeSides
{
    private HandshakeSides(Diagnostic diagnostic, IReadOnlyList<ListedHandshake> handshakes)
    {
        Diagnostic = diagnostic;
        Handshakes = handshakes;
    }

    public Diagnostic Diagnostic { get; }

    /// <summary>
    /// Every handshake the diagnostic lists, the reported one first. A fix closes each one's gap on this side (its own
    /// store, a ThisStore location, or the reported one, and its own later access) and, for the asymmetric fix, makes
    /// each one's other side the rare one; otherwise the next analysis reports what the diagnostic had folded in.
    /// </summary>
    public IReadOnlyList<ListedHandshake> Handshakes { get; }

    public SideNode ThisStore => Handshakes[0].ThisStore;

    public SideNode ThisAccess => Handshakes[0].ThisAccess;

    public SideNode OtherStore => Handshakes[0].OtherStore;

    public SideNode OtherAccess => Handshakes[0].OtherAccess;

    public SideNode? OtherFence => Handshakes[0].OtherFence;

    /// <summary>This side's gaps, each once, that lie in the reported store's document (where a fence can be written).</summary>
    public IEnumerable<(SideNode Store, SideNode Access)> Gaps =>
        Handshakes.Where(h => h.ThisStore.Document.Id == ThisStore.Document.Id && h.ThisAccess.Document.Id == ThisStore.Document.Id)
            .GroupBy(h => (h.ThisStore.Node, h.ThisAccess.Node))
            .Select(g => (g.First().ThisStore, g.First().ThisAccess));

    /// <summary>This side's protection as the analyzer reported it (a property is text; it is read back as the analyzer's enum).</summary>
    public Fencer.Analyzer.Model.Protection ThisProtection =>
        System.Enum.TryParse<Fencer.Analyzer.Model.Protection>(Property(HandshakeDiagnostic.ThisProtectionProperty), out var protection)
            ? protection
            : Fencer.Analyzer.Model.Protection.None;

    /// <summary>The other side's member, for titles.</summary>
    public string OtherMember => Property(HandshakeDiagnostic.OtherMemberProperty) ?? "the other side";

    /// <summary>
    /// Reads the additional locations group by group, by their roles: a group is an optional ThisStore (another store of
    /// the location), a ThisAccess, the other side's store and access and an optional fence. Null when the first group,
    /// the reported handshake, cannot be found in <paramref name="solution"/>; a later group that cannot is left out.
    /// </summary>
    public static async Task<HandshakeSides?> ResolveAsync(Solution solution, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var additional = diagnostic.AdditionalLocations;
        if (additional.Count <= HandshakeDiagnostic.OtherAccess
            || await FindAsync(solution, diagnostic.Location, cancellationToken).ConfigureAwait(false) is not { } reportedStore)
        {
            return null;
        }

        // A diagnostic without the Roles property has the fixed shape of one handshake with no fence.
        var roles = diagnostic.Properties.TryGetValue(HandshakeDiagnostic.RolesProperty, out var named) && named is not null
            ? named.Split(',')
            : new[] { HandshakeDiagnostic.ThisAccessRole, HandshakeDiagnostic.OtherStoreRole, HandshakeDiagnostic.OtherAccessRole };
        var handshakes = new List<ListedHandshake>();
        var group = new SideNode?[5]; // this store, this access, other store, other access, other fence
        for (var i = 0; i <= additional.Count; i++)
        {
            var role = i < additional.Count && i < roles.Length ? roles[i] : null;
            // A group ends where the next one opens (a ThisStore, or a second ThisAccess) and at the end.
            if (role is null || role == HandshakeDiagnostic.ThisStoreRole || (role == HandshakeDiagnostic.ThisAccessRole && group[1] is not null))
            {
                if (group[1] is { } access && group[2] is { } otherStore && group[3] is { } otherAccess)
                {
                    handshakes.Add(new ListedHandshake(group[0] ?? reportedStore, access, otherStore, otherAccess, group[4]));
                }
                else if (handshakes.Count == 0)
                {
                    return null;
                }

                System.Array.Clear(group, 0, group.Length);
                if (role is null)
                {
                    break;
                }
            }

            var slot = role switch
            {
                HandshakeDiagnostic.ThisStoreRole => 0,
                HandshakeDiagnostic.ThisAccessRole => 1,
                HandshakeDiagnostic.OtherStoreRole => 2,
                HandshakeDiagnostic.OtherAccessRole => 3,
                HandshakeDiagnostic.OtherFenceRole => 4,
                _ => -1,
            };
            if (slot >= 0)
            {
                group[slot] = await FindAsync(solution, additional[i], cancellationToken).ConfigureAwait(false);
            }
        }

        return new HandshakeSides(diagnostic, handshakes);
    }

    private string? Property(string name) => Diagnostic.Properties.TryGetValue(name, out var value) ? value : null;

    private static async Task<SideNode?> FindAsync(Solution solution, Location location, CancellationToken cancellationToken)
    {
        if (!location.IsInSource || location.SourceTree is not { } tree)
        {
            return null;
        }

        var document = solution.GetDocument(tree) ?? DocumentByPath(solution, tree.FilePath);
        if (document is null || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root
            || !root.FullSpan.Contains(location.SourceSpan))
        {
            return null;
        }

        return new SideNode(document, root.FindNode(location.SourceSpan, getInnermostNodeForTie: true));
    }

    private static Document? DocumentByPath(Solution solution, string path) =>
        string.IsNullOrEmpty(path)
            ? null
            : solution.GetDocumentIdsWithFilePath(path).Select(solution.GetDocument).FirstOrDefault(d => d is not null);
}

/// <summary>Equivalence keys, one per alternative, shared by the providers and Fix All.</summary>
internal static class FixKeys
{
    public const string FullFence = "FEN.FullFence";
    public const string Exchange = "FEN.Exchange";
    public const string Asymmetric = "FEN.Asymmetric";
    public const string Light = "FEN.Light";

    public static readonly IReadOnlyCollection<string> All = new[] { FullFence, Exchange, Asymmetric, Light };

    /// <summary>The alternative offered first for a rule (the one <c>dotnet format</c> applies), or null for another rule.</summary>
    public static string? DefaultFor(string diagnosticId) => DiagnosticIds.PerType(diagnosticId) switch
    {
        DiagnosticIds.OneSidedFence or DiagnosticIds.UnfencedHandshake => FullFence,
        DiagnosticIds.AsymmetricHotSideUnordered => Light,
        _ => null,
    };
}
