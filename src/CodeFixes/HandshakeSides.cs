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
/// A FEN001-FEN003 diagnostic read back into syntax: this side's store and later access, the other side's store,
/// later access and fence (see <see cref="HandshakeDiagnostic"/> for the shape).
/// </summary>
internal sealed class HandshakeSides
{
    private HandshakeSides(Diagnostic diagnostic, SideNode thisStore, SideNode thisAccess, SideNode otherStore, SideNode otherAccess, SideNode? otherFence, IReadOnlyList<(SideNode Store, SideNode Access)> otherGaps)
    {
        OtherGaps = otherGaps;
        Diagnostic = diagnostic;
        ThisStore = thisStore;
        ThisAccess = thisAccess;
        OtherStore = otherStore;
        OtherAccess = otherAccess;
        OtherFence = otherFence;
    }

    public Diagnostic Diagnostic { get; }

    public SideNode ThisStore { get; }

    public SideNode ThisAccess { get; }

    public SideNode OtherStore { get; }

    public SideNode OtherAccess { get; }

    public SideNode? OtherFence { get; }

    /// <summary>
    /// This side's other gaps that the diagnostic covers: for each later handshake it lists, that handshake's store (a
    /// ThisStore location, or the reported store) and later access. A fix closes them too, or the next analysis reports
    /// the store or access the diagnostic had folded in.
    /// </summary>
    public IReadOnlyList<(SideNode Store, SideNode Access)> OtherGaps { get; }

    /// <summary>The other side of every handshake the diagnostic lists after the first (its later groups).</summary>
    public IReadOnlyList<OtherSide> OtherPartners { get; private set; } = System.Array.Empty<OtherSide>();

    /// <summary>One handshake's other side: its store, later access and fence (if any).</summary>
    internal sealed class OtherSide
    {
        public OtherSide(SideNode store, SideNode access, SideNode? fence)
        {
            Store = store;
            Access = access;
            Fence = fence;
        }

        public SideNode Store { get; }

        public SideNode Access { get; }

        public SideNode? Fence { get; }
    }

    /// <summary>This side's protection as reported (None, Compiler, Full, Heavy).</summary>
    public string ThisProtection => Property(HandshakeDiagnostic.ThisProtectionProperty) ?? "None";

    public string OtherMember => Property(HandshakeDiagnostic.OtherMemberProperty) ?? "the other side";

    /// <summary>Reads the diagnostic's locations back into nodes of <paramref name="solution"/>; null when one is missing.</summary>
    public static async Task<HandshakeSides?> ResolveAsync(Solution solution, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var additional = diagnostic.AdditionalLocations;
        if (additional.Count <= HandshakeDiagnostic.OtherAccess)
        {
            return null;
        }

        var thisStore = await FindAsync(solution, diagnostic.Location, cancellationToken).ConfigureAwait(false);
        var thisAccess = await FindAsync(solution, additional[HandshakeDiagnostic.ThisAccess], cancellationToken).ConfigureAwait(false);
        var otherStore = await FindAsync(solution, additional[HandshakeDiagnostic.OtherStore], cancellationToken).ConfigureAwait(false);
        var otherAccess = await FindAsync(solution, additional[HandshakeDiagnostic.OtherAccess], cancellationToken).ConfigureAwait(false);
        // The fourth location is the other side's fence only when the Roles property says so: an unfenced other side
        // has none, and the next handshake's group follows directly.
        var roles = diagnostic.Properties.TryGetValue(HandshakeDiagnostic.RolesProperty, out var named) && named is not null ? named.Split(',') : System.Array.Empty<string>();
        var otherFence = additional.Count > HandshakeDiagnostic.OtherFence && roles.Length > HandshakeDiagnostic.OtherFence && roles[HandshakeDiagnostic.OtherFence] == HandshakeDiagnostic.OtherFenceRole
            ? await FindAsync(solution, additional[HandshakeDiagnostic.OtherFence], cancellationToken).ConfigureAwait(false)
            : null;
        if (thisStore is null || thisAccess is null || otherStore is null || otherAccess is null)
        {
            return null;
        }

        // Every later group is one more gap of this side: its own store (a ThisStore location opens the group) or the
        // reported one, and its own later access.
        var otherGaps = new List<(SideNode Store, SideNode Access)>();
        var groupStore = thisStore;
        for (var i = HandshakeDiagnostic.ThisAccess + 1; i < additional.Count && i < roles.Length; i++)
        {
            if (roles[i] == HandshakeDiagnostic.ThisStoreRole)
            {
                groupStore = await FindAsync(solution, additional[i], cancellationToken).ConfigureAwait(false) ?? thisStore;
            }
            else if (roles[i] == HandshakeDiagnostic.ThisAccessRole)
            {
                if (await FindAsync(solution, additional[i], cancellationToken).ConfigureAwait(false) is { } access
                    && groupStore.Document.Id == thisStore.Document.Id && access.Document.Id == thisStore.Document.Id
                    && !(groupStore.Node == thisStore.Node && access.Node == thisAccess.Node))
                {
                    otherGaps.Add((groupStore, access));
                }

                groupStore = thisStore;
            }
        }

        var partners = new List<OtherSide>();
        for (var i = 0; i + 1 < additional.Count && i + 1 < roles.Length; i++)
        {
            if (i > HandshakeDiagnostic.OtherStore && roles[i] == HandshakeDiagnostic.OtherStoreRole && roles[i + 1] == HandshakeDiagnostic.OtherAccessRole
                && await FindAsync(solution, additional[i], cancellationToken).ConfigureAwait(false) is { } store
                && await FindAsync(solution, additional[i + 1], cancellationToken).ConfigureAwait(false) is { } access)
            {
                var fence = i + 2 < additional.Count && i + 2 < roles.Length && roles[i + 2] == HandshakeDiagnostic.OtherFenceRole
                    ? await FindAsync(solution, additional[i + 2], cancellationToken).ConfigureAwait(false)
                    : null;
                partners.Add(new OtherSide(store, access, fence));
            }
        }

        return new HandshakeSides(diagnostic, thisStore, thisAccess, otherStore, otherAccess, otherFence, otherGaps) { OtherPartners = partners };
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
    public static string? DefaultFor(string diagnosticId) => diagnosticId switch
    {
        DiagnosticIds.OneSidedFence or DiagnosticIds.UnfencedHandshake => FullFence,
        DiagnosticIds.AsymmetricHotSideUnordered => Light,
        _ => null,
    };
}
