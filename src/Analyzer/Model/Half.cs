using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Fencer.Analyzer.Model;

/// <summary>
/// One side of a cycle, inside one body: a store of one location followed in program order by an access
/// (a load, or a store) of another, with the weakest protection between them over all paths and the locks
/// that order them on every path.
/// </summary>
internal sealed class Half
{
    public Half(Access first, SyntaxNode firstAnchor, Access second, SyntaxNode secondAnchor, Protection protection, SyntaxNode? fence, ImmutableHashSet<LockId> locks, bool explicitBarrier, ImmutableHashSet<IMethodSymbol> startedBeforeStore, ImmutableHashSet<IMethodSymbol> joinedBeforeAccess)
    {
        ExplicitBarrier = explicitBarrier;
        First = first;
        FirstAnchor = firstAnchor;
        Second = second;
        SecondAnchor = secondAnchor;
        Protection = protection;
        Fence = fence;
        Locks = locks;
        StartedBeforeStore = startedBeforeStore;
        JoinedBeforeAccess = joinedBeforeAccess;
    }

    /// <summary>The store.</summary>
    public Access First { get; }

    /// <summary>Where the store happens in this body (the store itself, or the call that makes it).</summary>
    public SyntaxNode FirstAnchor { get; }

    /// <summary>The later load (store-buffer) or store (the store-store side of R).</summary>
    public Access Second { get; }

    /// <summary>Where the second access happens in this body (the access itself, or the call that makes it).</summary>
    public SyntaxNode SecondAnchor { get; }

    public Protection Protection { get; set; }

    /// <summary>The fence that gives <see cref="Protection"/>, when one does.</summary>
    public SyntaxNode? Fence { get; set; }

    /// <summary>Locks with one critical section between the two accesses on every path.</summary>
    public ImmutableHashSet<LockId> Locks { get; set; }

    /// <summary>Whether an explicit barrier call lies between the two accesses on some path.</summary>
    public bool ExplicitBarrier { get; set; }

    /// <summary>Bodies this body may have started before the store (on some path): the others start after it, and see it.</summary>
    public ImmutableHashSet<IMethodSymbol> StartedBeforeStore { get; set; }

    /// <summary>Bodies this body has waited for before the second access on every path: what they did happens before it.</summary>
    public ImmutableHashSet<IMethodSymbol> JoinedBeforeAccess { get; set; }

    /// <summary>
    /// What every path through the half knows about fields fixed for the object's life, at the store or at the second
    /// access (a fixed field has one value throughout): docs/design.md §6, "Paths a fixed field keeps apart".
    /// </summary>
    public ImmutableHashSet<FieldFact> Facts { get; set; } = ImmutableHashSet<FieldFact>.Empty;

    /// <summary>Whether a call whose effect is unknown lies between the two accesses on some path: it may fence.</summary>
    public bool Uncertain { get; set; }

    /// <summary>Whether the later access is reached from the store only through an exception handler (on the weakest path).</summary>
    public bool Exceptional { get; set; }

    /// <summary>Whether one of the two accesses is an <c>Interlocked</c> read-modify-write.</summary>
    public bool ReadModifyWrite => First.Ordering == AccessOrdering.ReadModifyWrite || Second.Ordering == AccessOrdering.ReadModifyWrite;

    /// <summary>
    /// Whether the author ordered this pair on purpose: an explicit barrier call between the two accesses, or a
    /// read-modify-write on one of them. Evidence that another thread is expected.
    /// </summary>
    public bool Deliberate => ExplicitBarrier || ReadModifyWrite;

    public bool IsStoreLoad => Second.Kind == AccessKind.Load;

    /// <summary>Whether the store is written in this body itself (not made inside a callee).</summary>
    public bool DirectStore => Contains(FirstAnchor, First.Syntax);

    /// <summary>
    /// Whether the store is made inside a method this body calls: a call, or a property's getter (a lazy initialisation,
    /// a cache). A property's setter is written here: its anchor is the assignment or increment. docs/design.md §6,
    /// "The announcement and the check are written in the members".
    /// </summary>
    public bool StoreInCallee => !DirectStore && !AnchorsSetterStore(FirstAnchor);

    /// <summary>Whether a call's anchor is the assignment or increment of a property: what its setter stores is written there.</summary>
    public static bool AnchorsSetterStore(SyntaxNode anchor) => anchor is Microsoft.CodeAnalysis.CSharp.Syntax.AssignmentExpressionSyntax
        or Microsoft.CodeAnalysis.CSharp.Syntax.PrefixUnaryExpressionSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.PostfixUnaryExpressionSyntax;

    /// <summary>Whether the later access is written in this body itself (not made inside a callee).</summary>
    public bool DirectAccess => Contains(SecondAnchor, Second.Syntax);

    /// <summary>
    /// Whether the later access is a check this body makes: written in it, or made by a callee whose value decides here
    /// (a property getter, <c>if (IsIdle())</c>): docs/design.md §6, "The check is written with the announcement".
    /// </summary>
    public bool CheckedHere { get; set; } = true;

    private static bool Contains(SyntaxNode anchor, SyntaxNode access) =>
        anchor.SyntaxTree == access.SyntaxTree && anchor.Span.Contains(access.Span);

    public override string ToString() => $"{First.Location} -> {Second.Kind} {Second.Location}: {Protection}";
}
