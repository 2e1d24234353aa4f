using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Fencer.Analyzer.Model;

namespace Fencer.Analyzer.Knowledge;

/// <summary>
/// What a known library call or property does, in steps taken after its receiver and arguments are
/// evaluated, plus the delegates it starts as threads.
/// </summary>
internal sealed class KnownEffect
{
    /// <summary>A known call that does nothing to ordering (a fresh instance: effects are filled in place).</summary>
    public static KnownEffect None => new();

    public List<MemoryStep> Steps { get; } = new();

    /// <summary>
    /// Steps that happen only when the call returns true (a <c>TryEnter</c> that takes the lock, a <c>TryAdd</c> that
    /// stores): taken on the successful branch when the call is tested, on every path otherwise.
    /// </summary>
    public List<MemoryStep> OnSuccess { get; } = new();

    /// <summary>Arguments of a call that runs delegates concurrently with the caller (a thread, task, work item or timer callback); the extractor keeps those that are delegates.</summary>
    public List<IOperation> Started { get; } = new();

    /// <summary>An incidental fence: part of what the call does (a thread start, a join, a read-modify-write).</summary>
    public KnownEffect Fence(Protection level, SyntaxNode syntax)
    {
        Steps.Add(MemoryStep.ForFence(level, syntax));
        return this;
    }

    /// <summary>An explicit barrier call: a fence written for its own sake (see <see cref="MemoryStep.IsDeliberate"/>).</summary>
    public KnownEffect Barrier(Protection level, SyntaxNode syntax)
    {
        Steps.Add(MemoryStep.ForFence(level, syntax, deliberate: true));
        return this;
    }

    /// <summary>
    /// How the call's accesses are ordered — read-modify-write if one is, else acquire or release, else plain — whether or
    /// not their location was resolved here: what the fixes ask (<see cref="WrittenOrdering"/>).
    /// </summary>
    public AccessOrdering Ordering { get; private set; } = AccessOrdering.Plain;

    public KnownEffect Load(MemoryLocation? location, AccessOrdering ordering, SyntaxNode syntax)
    {
        Order(ordering);
        if (location is { } l)
        {
            Steps.Add(MemoryStep.ForAccess(l, AccessKind.Load, ordering, syntax));
        }

        return this;
    }

    public KnownEffect Store(MemoryLocation? location, AccessOrdering ordering, SyntaxNode syntax)
    {
        Order(ordering);
        if (location is { } l)
        {
            Steps.Add(MemoryStep.ForAccess(l, AccessKind.Store, ordering, syntax));
        }

        return this;
    }

    /// <summary>A store that happens only when the call returns true.</summary>
    public KnownEffect OnSuccessStore(MemoryLocation? location, AccessOrdering ordering, SyntaxNode syntax)
    {
        if (location is { } l)
        {
            OnSuccess.Add(MemoryStep.ForAccess(l, AccessKind.Store, ordering, syntax));
        }

        return this;
    }

    /// <summary>An <c>Interlocked</c> read-modify-write: a full fence, the load and store of the location, a full fence.</summary>
    public KnownEffect ReadModifyWrite(MemoryLocation? location, SyntaxNode syntax)
    {
        Fence(Protection.Full, syntax);
        Load(location, AccessOrdering.ReadModifyWrite, syntax);
        Store(location, AccessOrdering.ReadModifyWrite, syntax);
        return Fence(Protection.Full, syntax);
    }

    private void Order(AccessOrdering ordering)
    {
        if (ordering > Ordering)
        {
            Ordering = ordering;
        }
    }
}
