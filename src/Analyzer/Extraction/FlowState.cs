using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Fencer.Analyzer.Model;

namespace Fencer.Analyzer.Extraction;

/// <summary>A store still pending at a program point, identified by the access and where this body makes it.</summary>
internal readonly struct PendingKey : System.IEquatable<PendingKey>
{
    public PendingKey(Access store, SyntaxNode anchor)
    {
        Store = store;
        Anchor = anchor;
    }

    public Access Store { get; }

    public SyntaxNode Anchor { get; }

    public bool Equals(PendingKey other) => ReferenceEquals(Store, other.Store) && ReferenceEquals(Anchor, other.Anchor);

    public override bool Equals(object? obj) => obj is PendingKey other && Equals(other);

    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Store) * 31
        + System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Anchor);
}

/// <summary>The strongest protection seen since a point (a pending store, or the body's entry), on every path.</summary>
internal readonly struct Guard : System.IEquatable<Guard>
{
    public static readonly Guard Nothing = new(Protection.None, null, ImmutableHashSet<LockId>.Empty);

    public Guard(Protection protection, SyntaxNode? fence, ImmutableHashSet<LockId> locks, bool deliberate = false)
    {
        Protection = protection;
        Fence = fence;
        Locks = locks;
        Deliberate = deliberate;
    }

    public Protection Protection { get; }

    public SyntaxNode? Fence { get; }

    /// <summary>Locks entered (or held) since the point, on every path.</summary>
    public ImmutableHashSet<LockId> Locks { get; }

    /// <summary>Whether an explicit barrier call lies in between on some path (evidence of intent, not a guarantee).</summary>
    public bool Deliberate { get; }

    public Guard WithFence(Protection level, SyntaxNode fence, bool deliberate) =>
        level > Protection || (deliberate && !Deliberate)
            ? new Guard(level > Protection ? level : Protection, level > Protection ? fence : Fence, Locks, Deliberate || deliberate)
            : this;

    public Guard WithLock(LockId lockId) => new(Protection, Fence, Locks.Add(lockId), Deliberate);

    /// <summary>What holds on every path: the weaker protection, the common locks (and intent seen on any path).</summary>
    public Guard Meet(Guard other)
    {
        var weaker = other.Protection < Protection ? other : this;
        return new Guard(weaker.Protection, weaker.Fence, Locks.Intersect(other.Locks), Deliberate || other.Deliberate);
    }

    public bool Equals(Guard other) => Protection == other.Protection && Deliberate == other.Deliberate && Locks.SetEquals(other.Locks);

    public override bool Equals(object? obj) => obj is Guard other && Equals(other);

    public override int GetHashCode() => (int)Protection ^ Locks.Count;
}

/// <summary>The dataflow state at a program point of one body.</summary>
internal sealed class FlowState
{
    public FlowState(Dictionary<PendingKey, Guard> pending, ImmutableHashSet<LockId> held, Guard sinceEntry)
    {
        Pending = pending;
        Held = held;
        SinceEntry = sinceEntry;
    }

    public static FlowState Entry => new(new Dictionary<PendingKey, Guard>(), ImmutableHashSet<LockId>.Empty, Guard.Nothing);

    /// <summary>Stores not yet known to be ordered before what follows, on some path.</summary>
    public Dictionary<PendingKey, Guard> Pending { get; }

    /// <summary>Locks held here on every path.</summary>
    public ImmutableHashSet<LockId> Held { get; private set; }

    /// <summary>What has happened since the body's entry on every path (used for summaries).</summary>
    public Guard SinceEntry { get; private set; }

    public FlowState Clone() => new(new Dictionary<PendingKey, Guard>(Pending), Held, SinceEntry);

    public void Fence(Protection level, SyntaxNode fence, bool deliberate)
    {
        foreach (var key in new List<PendingKey>(Pending.Keys))
        {
            Pending[key] = Pending[key].WithFence(level, fence, deliberate);
        }

        SinceEntry = SinceEntry.WithFence(level, fence, deliberate);
    }

    public void Enter(LockId lockId)
    {
        Held = Held.Add(lockId);
        foreach (var key in new List<PendingKey>(Pending.Keys))
        {
            Pending[key] = Pending[key].WithLock(lockId);
        }

        SinceEntry = SinceEntry.WithLock(lockId);
    }

    public void Exit(LockId lockId) => Held = Held.Remove(lockId);

    /// <summary>Goes through a stretch (a callee) that guarantees <paramref name="guard"/> from its start to its end.</summary>
    public void Through(Guard guard)
    {
        foreach (var key in new List<PendingKey>(Pending.Keys))
        {
            Pending[key] = Pending[key].Then(guard);
        }

        SinceEntry = SinceEntry.Then(guard);
    }

    /// <summary>The join of two paths: a store pending on either is pending, with what holds on both.</summary>
    public static FlowState Join(FlowState? a, FlowState b)
    {
        if (a is null)
        {
            return b.Clone();
        }

        var pending = new Dictionary<PendingKey, Guard>(a.Pending);
        foreach (var entry in b.Pending)
        {
            pending[entry.Key] = pending.TryGetValue(entry.Key, out var existing) ? existing.Meet(entry.Value) : entry.Value;
        }

        return new FlowState(pending, a.Held.Intersect(b.Held), a.SinceEntry.Meet(b.SinceEntry));
    }

    public bool SameAs(FlowState other)
    {
        if (Pending.Count != other.Pending.Count || !Held.SetEquals(other.Held) || !SinceEntry.Equals(other.SinceEntry))
        {
            return false;
        }

        foreach (var entry in Pending)
        {
            if (!other.Pending.TryGetValue(entry.Key, out var guard) || !guard.Equals(entry.Value))
            {
                return false;
            }
        }

        return true;
    }
}

internal static class GuardExtensions
{
    /// <summary>What holds across two consecutive stretches: the stronger protection, the locks of both.</summary>
    public static Guard Then(this Guard earlier, Guard later)
    {
        var stronger = later.Protection > earlier.Protection ? later : earlier;
        return new Guard(stronger.Protection, stronger.Fence, earlier.Locks.Union(later.Locks), earlier.Deliberate || later.Deliberate);
    }
}
