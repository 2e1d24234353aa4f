using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Fencer.Analyzer.Rules;

namespace Fencer.CodeFixes;

/// <summary>
/// Turns one diagnostic into the edits of one alternative (docs/design.md §10), adding them to an <see cref="EditPlan"/>.
/// Each method returns false, adding nothing, when the alternative cannot be written for this handshake.
/// </summary>
internal static class HandshakePlanner
{
    public static async Task<bool> PlanAsync(string key, HandshakeSides sides, EditPlan plan, CancellationToken cancellationToken)
    {
        var id = DiagnosticIds.PerType(sides.Diagnostic.Id); // FEN011-FEN013 are fixed as the rules they mirror
        var fenceable = id is DiagnosticIds.OneSidedFence or DiagnosticIds.UnfencedHandshake;
        var model = await sides.ThisStore.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null || sides.ThisAccess.Document.Id != sides.ThisStore.Document.Id)
        {
            return false;
        }

        var apis = FenceApis.Create(model.Compilation);
        return key switch
        {
            // A full fence also orders a hot side (FEN003) for the compiler: what a settling fix falls back to where
            // neither a light barrier nor volatile accesses can be written (a struct field without Fencer.Runtime).
            FixKeys.FullFence when fenceable || id == DiagnosticIds.AsymmetricHotSideUnordered => FullFence(sides, plan, apis),
            FixKeys.Exchange when fenceable => Exchange(sides, plan, model, apis),
            FixKeys.Asymmetric when fenceable => await AsymmetricAsync(sides, plan, model, apis, cancellationToken).ConfigureAwait(false),
            FixKeys.Light when id == DiagnosticIds.AsymmetricHotSideUnordered => HotSide(sides, plan, model, apis),
            _ => false,
        };
    }

    /// <summary>
    /// <see cref="PlanAsync"/>, where a failure offers nothing instead of throwing: a fix that cannot read the code
    /// (a half-typed edit, an unresolved symbol in a folder compilation) is not offered, as an IDE would drop it.
    /// Callers plan into a fresh plan (and discard it when this returns false).
    /// </summary>
    public static async Task<bool> TryPlanAsync(string key, HandshakeSides sides, EditPlan plan, CancellationToken cancellationToken)
    {
        try
        {
            return await PlanAsync(key, sides, plan, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Exception e) when (e is not System.OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Plans <paramref name="key"/> when it can be written for this diagnostic, else the rule's default (a null key: the
    /// default). Each is tried on a scratch plan first: an alternative that fails half-way leaves nothing in
    /// <paramref name="plan"/>, which may hold other diagnostics' edits (Fix All).
    /// </summary>
    public static async Task<bool> PlanChosenAsync(string? key, HandshakeSides sides, EditPlan plan, CancellationToken cancellationToken)
    {
        var fallback = FixKeys.DefaultFor(sides.Diagnostic.Id);
        var chosen = key is not null && await TryPlanAsync(key, sides, new EditPlan(), cancellationToken).ConfigureAwait(false) ? key
            : fallback is not null && await TryPlanAsync(fallback, sides, new EditPlan(), cancellationToken).ConfigureAwait(false) ? fallback
            : null;
        return chosen is not null && await TryPlanAsync(chosen, sides, plan, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The title of an alternative, or null when it does not apply to the diagnostic at all.</summary>
    public static string Title(string key, HandshakeSides sides, FenceApis apis) => key switch
    {
        FixKeys.FullFence => "Add a full fence (Interlocked.MemoryBarrier) between the store and the later access",
        FixKeys.Exchange => "Store with Interlocked.Exchange (a full fence)",
        FixKeys.Asymmetric => $"Make handshake asymmetric: process-wide barrier in {Describe(sides.OtherMember)}, "
            + (sides.ThisProtection != Fencer.Analyzer.Model.Protection.None ? "this side already compiler-ordered"
                : apis.AsymmetricBarrier is not null ? "light barrier here" : "volatile accesses here"),
        _ => apis.AsymmetricBarrier is not null
            ? "Add AsymmetricBarrier.Light() between the store and the later access"
            : "Make the store and the later access volatile",
    };

    private static bool FullFence(HandshakeSides sides, EditPlan plan, FenceApis apis)
    {
        if (apis.Interlocked is null || !BodyBoundary.Candidates(sides.ThisStore.Node, sides.ThisAccess.Node).Any())
        {
            return false;
        }

        CloseGaps(sides, plan, FenceKind.Full);
        return true;
    }

    /// <summary>A fence of <paramref name="kind"/> in every gap of this side the diagnostic lists (the reported one's candidates were checked).</summary>
    private static void CloseGaps(HandshakeSides sides, EditPlan plan, FenceKind kind)
    {
        foreach (var (store, access) in sides.Gaps)
        {
            if (BodyBoundary.Candidates(store.Node, access.Node).Any())
            {
                plan.RequireFence(store.Document, store.Node, access.Node, kind);
            }
        }
    }

    private static bool Exchange(HandshakeSides sides, EditPlan plan, SemanticModel model, FenceApis apis)
    {
        if (!OrderedAccesses.CanExchange(sides.ThisStore.Node, model, apis))
        {
            return false;
        }

        foreach (var (store, access) in sides.Gaps)
        {
            if (OrderedAccesses.CanExchange(store.Node, model, apis))
            {
                plan.Replace(store.Document, store.Node, (node, a, generator) => OrderedAccesses.Exchange(node, a, generator));
            }
            else if (BodyBoundary.Candidates(store.Node, access.Node).Any())
            {
                plan.RequireFence(store.Document, store.Node, access.Node, FenceKind.Full);
            }
        }

        return true;
    }

    /// <summary>Heavy on the other side, compiler order here.</summary>
    private static async Task<bool> AsymmetricAsync(HandshakeSides sides, EditPlan plan, SemanticModel model, FenceApis apis, CancellationToken cancellationToken)
    {
        if (!apis.HasHeavy)
        {
            return false;
        }

        var thisSide = (sides.ThisStore.Document.Id, sides.ThisStore.Node.SpanStart);
        if (plan.HeavySides.Contains(thisSide))
        {
            return true; // Fix All: an earlier diagnostic of this handshake already made this side the rare one
        }

        var otherModel = await sides.OtherStore.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (otherModel is null || sides.OtherAccess.Document.Id != sides.OtherStore.Document.Id || !CanPlanHotSide(sides, model, apis))
        {
            return false;
        }

        // Every handshake the diagnostic lists gets its rare side: a light barrier here orders nothing against a partner
        // that keeps an ordinary full fence.
        foreach (var side in sides.Handshakes.GroupBy(h => h.OtherStore.Node).Select(g => g.First()))
        {
            var sideModel = await side.OtherStore.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (sideModel is null || side.OtherAccess.Document.Id != side.OtherStore.Document.Id || !PlanRareSide(side, plan, sideModel, apis))
            {
                return false;
            }

            plan.HeavySides.Add((side.OtherStore.Document.Id, side.OtherStore.Node.SpanStart));
        }

        if (sides.ThisProtection == Fencer.Analyzer.Model.Protection.None)
        {
            HotSide(sides, plan, model, apis);
        }

        return true;
    }

    private static bool PlanRareSide(ListedHandshake sides, EditPlan plan, SemanticModel otherModel, FenceApis apis)
    {
        var document = sides.OtherStore.Document;
        if (sides.OtherFence is { Node: InvocationExpressionSyntax fence } && fence.SyntaxTree == sides.OtherStore.Node.SyntaxTree)
        {
            if (apis.FenceOf(fence, otherModel) is FenceKind.Full or FenceKind.Light)
            {
                // An explicit fence (or a light barrier) becomes the process-wide barrier.
                plan.Replace(document, fence, (_, a, generator) => a.Invocation(FenceKind.Heavy, generator).WithTriviaFrom(fence));
                return true;
            }

            if (apis.IsReadModifyWrite(fence, otherModel)
                && BodyBoundary.EnclosingStatements(fence).FirstOrDefault() is { } statement
                && StatementGap.After(statement) is { } afterRmw
                && afterRmw.Covers(sides.OtherStore.Node, sides.OtherAccess.Node))
            {
                plan.InsertAt(document, afterRmw, FenceKind.Heavy);
                return true;
            }
        }

        if (!BodyBoundary.Candidates(sides.OtherStore.Node, sides.OtherAccess.Node).Any())
        {
            return false;
        }

        plan.RequireFence(document, sides.OtherStore.Node, sides.OtherAccess.Node, FenceKind.Heavy);
        return true;
    }

    private static bool CanPlanHotSide(HandshakeSides sides, SemanticModel model, FenceApis apis)
    {
        if (sides.ThisProtection != Fencer.Analyzer.Model.Protection.None)
        {
            return true;
        }

        return apis.AsymmetricBarrier is not null
            ? BodyBoundary.Candidates(sides.ThisStore.Node, sides.ThisAccess.Node).Any()
            : sides.Gaps.All(gap => OrderedAccesses.VolatileChange(gap.Store.Node, model, apis) != AccessChange.Impossible
                && OrderedAccesses.VolatileChange(gap.Access.Node, model, apis) != AccessChange.Impossible);
    }

    /// <summary>Compiler order between this side's stores and accesses: a light barrier, or (without Fencer.Runtime) volatile accesses.</summary>
    private static bool HotSide(HandshakeSides sides, EditPlan plan, SemanticModel model, FenceApis apis)
    {
        if (!CanPlanHotSide(sides, model, apis))
        {
            return false;
        }

        var document = sides.ThisStore.Document;
        if (apis.AsymmetricBarrier is not null)
        {
            CloseGaps(sides, plan, FenceKind.Light);
            return true;
        }

        foreach (var node in sides.Gaps.SelectMany(gap => new[] { gap.Store.Node, gap.Access.Node }).Distinct())
        {
            var change = OrderedAccesses.VolatileChange(node, model, apis);
            if (change is AccessChange.VolatileRead or AccessChange.VolatileWrite)
            {
                plan.Replace(document, node, (rewritten, a, generator) => OrderedAccesses.Rewrite(change, rewritten, a, generator));
            }
        }

        return true;
    }

    /// <summary><c>Drain()</c> for a method, <c>'Flag.set'</c> for an accessor, <c>the lambda in Start</c> for a lambda.</summary>
    private static string Describe(string member) =>
        member.All(c => char.IsLetterOrDigit(c) || c == '_') ? member + "()"
        : member.StartsWith("lambda in ", System.StringComparison.Ordinal) ? "the " + member
        : "'" + member + "'";
}
