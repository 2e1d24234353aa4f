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

    private static readonly ImmutableHashSet<MemoryLocation> NoLocations = ImmutableHashSet<MemoryLocation>.Empty;

    internal static readonly ImmutableHashSet<FieldFact> NoFacts = ImmutableHashSet<FieldFact>.Empty;

    public Guard(Protection protection, SyntaxNode? fence, ImmutableHashSet<LockId> locks, bool deliberate = false, ImmutableHashSet<IMethodSymbol>? started = null, bool uncertain = false, bool exceptional = false, ImmutableHashSet<MemoryLocation>? storedSince = null, ImmutableHashSet<FieldFact>? facts = null)
    {
        _storedSince = storedSince;
        _facts = facts;
        Exceptional = exceptional;
        Protection = protection;
        Fence = fence;
        Locks = locks;
        Deliberate = deliberate;
        Started = started ?? ImmutableHashSet<IMethodSymbol>.Empty;
        Uncertain = uncertain;
    }

    public Protection Protection { get; }

    public SyntaxNode? Fence { get; }

    /// <summary>Locks entered (or held) since the point, on every path.</summary>
    public ImmutableHashSet<LockId> Locks { get; }

    /// <summary>Whether an explicit barrier call lies in between on some path (evidence of intent, not a guarantee).</summary>
    public bool Deliberate { get; }

    /// <summary>For a pending store: the bodies that may have been started before it (on some path).</summary>
    public ImmutableHashSet<IMethodSymbol> Started { get; }

    /// <summary>
    /// Whether a call whose effect is unknown lies in between on some path (a virtual or interface call, a callee beyond
    /// the horizon, a recursive one): it may fence, so what this guard says is not certain.
    /// </summary>
    public bool Uncertain { get; }

    /// <summary>
    /// Whether the point was reached through an exception handler (a catch or a filter entered from its try): the
    /// check there belongs to error handling, not to an announce-then-check (docs/design.md §6).
    /// </summary>
    public bool Exceptional { get; }

    /// <summary>
    /// For a pending store: the locations this body has itself stored since it, on every path. A later load of one of
    /// them reads that store or a later one, never an older value (docs/design.md §4, "A load of a location the side
    /// has just stored").
    /// </summary>
    public ImmutableHashSet<MemoryLocation> StoredSince => _storedSince ?? NoLocations; // also for default(Guard)

    private readonly ImmutableHashSet<MemoryLocation>? _storedSince;

    /// <summary>For a pending store: what the paths to it know about fixed fields, on every path (§6, "Paths a fixed field keeps apart").</summary>
    public ImmutableHashSet<FieldFact> Facts => _facts ?? NoFacts;

    private readonly ImmutableHashSet<FieldFact>? _facts;

    /// <summary>At least <paramref name="level"/>, with no fence of its own (an ordering the accesses give, not a barrier).</summary>
    public Guard AtLeast(Protection level) =>
        level > Protection ? new Guard(level, Fence, Locks, Deliberate, Started, Uncertain, Exceptional, StoredSince, _facts) : this;

    public Guard WithFence(Protection level, SyntaxNode fence, bool deliberate) =>
        level > Protection || (deliberate && !Deliberate)
            ? new Guard(level > Protection ? level : Protection, level > Protection ? fence : Fence, Locks, Deliberate || deliberate, Started, Uncertain, Exceptional, StoredSince, _facts)
            : this;

    public Guard WithLock(LockId lockId) => new(Protection, Fence, Locks.Add(lockId), Deliberate, Started, Uncertain, Exceptional, StoredSince, _facts);

    public Guard WithUnknownCall() => Uncertain ? this : new(Protection, Fence, Locks, Deliberate, Started, uncertain: true, Exceptional, StoredSince, _facts);

    /// <summary>The same guard, the body having stored <paramref name="location"/> since.</summary>
    public Guard WithStored(MemoryLocation location) =>
        StoredSince.Contains(location) ? this : new(Protection, Fence, Locks, Deliberate, Started, Uncertain, Exceptional, StoredSince.Add(location), _facts);

    /// <summary>The same ordering, not counted as a barrier written for its own sake (a callee's barrier: docs/design.md §6).</summary>
    public Guard NotDeliberate() => Deliberate ? new(Protection, Fence, Locks, deliberate: false, Started, Uncertain, Exceptional, StoredSince, _facts) : this;

    public Guard ThroughHandler() => Exceptional ? this : new(Protection, Fence, Locks, Deliberate, Started, Uncertain, exceptional: true, StoredSince, _facts);

    /// <summary>
    /// What holds on every path: the weaker protection, the common locks (and intent, and starts, seen on any path),
    /// uncertain when the weakest path is.
    /// </summary>
    public Guard Meet(Guard other)
    {
        var weaker = other.Protection < Protection ? other : this;
        if (Equals(other))
        {
            return weaker;
        }

        // Uncertain follows the weakest path: a path with no fence and no unknown call makes the half certain, however
        // uncertain a path with the same protection and an unknown call is.
        var uncertain = other.Protection == Protection ? Uncertain && other.Uncertain : weaker.Uncertain;
        var exceptional = other.Protection == Protection ? Exceptional && other.Exceptional : weaker.Exceptional;
        return new Guard(weaker.Protection, weaker.Fence, Sets.Intersect(Locks, other.Locks), Deliberate || other.Deliberate, Sets.Union(Started, other.Started), uncertain, exceptional, Sets.Intersect(StoredSince, other.StoredSince), Sets.Intersect(Facts, other.Facts));
    }

    public bool Equals(Guard other) =>
        Protection == other.Protection && Deliberate == other.Deliberate && Uncertain == other.Uncertain && Exceptional == other.Exceptional
        && Sets.Same(Locks, other.Locks) && Sets.Same(Started, other.Started) && Sets.Same(StoredSince, other.StoredSince) && Sets.Same(Facts, other.Facts);

    public override bool Equals(object? obj) => obj is Guard other && Equals(other);

    public override int GetHashCode() => (int)Protection ^ Locks.Count ^ (Started.Count << 4);
}

/// <summary>The dataflow state at a program point of one body.</summary>
internal sealed class FlowState
{
    private static readonly ImmutableHashSet<IMethodSymbol> NoBodies = ImmutableHashSet.Create<IMethodSymbol>(SymbolEqualityComparer.Default);

    private readonly StartedSets _startedSets;

    private FlowState(Dictionary<PendingKey, Guard> pending, ImmutableHashSet<LockId> held, Guard sinceEntry, ImmutableHashSet<IMethodSymbol> started, ImmutableHashSet<IMethodSymbol> joined, StartedSets startedSets, ImmutableHashSet<FieldFact> facts)
    {
        Facts = facts;
        Pending = pending;
        Held = held;
        SinceEntry = sinceEntry;
        Started = started;
        Joined = joined;
        _startedSets = startedSets;
    }

    /// <summary>The state at a body's entry; the states that flow from it share one <see cref="StartedSets"/>.</summary>
    public static FlowState Entry(ImmutableHashSet<LockId> held) => new(new Dictionary<PendingKey, Guard>(), held, Guard.Nothing, NoBodies, NoBodies, new StartedSets(), Guard.NoFacts);

    /// <summary>Stores not yet known to be ordered before what follows, on some path.</summary>
    public Dictionary<PendingKey, Guard> Pending { get; }

    /// <summary>Locks held here on every path.</summary>
    public ImmutableHashSet<LockId> Held { get; private set; }

    /// <summary>What has happened since the body's entry on every path (used for summaries).</summary>
    public Guard SinceEntry { get; private set; }

    /// <summary>Bodies started here or earlier on some path.</summary>
    public ImmutableHashSet<IMethodSymbol> Started { get; private set; }

    /// <summary>Bodies waited for (joined) on every path to here.</summary>
    public ImmutableHashSet<IMethodSymbol> Joined { get; private set; }

    /// <summary>What every path to here knows about fields fixed for the object's life (§6, "Paths a fixed field keeps apart").</summary>
    public ImmutableHashSet<FieldFact> Facts { get; private set; }

    public void Assume(FieldFact fact) => Facts = Facts.Add(fact);

    public FlowState Clone() => new(new Dictionary<PendingKey, Guard>(Pending), Held, SinceEntry, Started, Joined, _startedSets, Facts);

    /// <summary>The state as an exception handler of the try sees it: every pending store reaches it through the handler.</summary>
    public FlowState ThroughHandler()
    {
        var pending = new Dictionary<PendingKey, Guard>(Pending.Count);
        foreach (var entry in Pending)
        {
            pending[entry.Key] = entry.Value.ThroughHandler();
        }

        return new FlowState(pending, Held, SinceEntry.ThroughHandler(), Started, Joined, _startedSets, Facts);
    }

    /// <summary>
    /// A volatile read whose value is used: RyuJIT moves no store below it and no later access above it, the
    /// compiler order <c>AsymmetricBarrier.Light()</c> gives (docs/design.md §2): every pending store is kept before
    /// the read and what follows, as far as the JIT goes. The hardware still may reorder them.
    /// </summary>
    public void VolatileRead()
    {
        Update(static (guard, _) => guard.AtLeast(Protection.Compiler), Guard.Nothing);
        SinceEntry = SinceEntry.AtLeast(Protection.Compiler);
    }

    /// <summary>
    /// A fence of <paramref name="level"/>. Stores it gives a full fence or more are kept one per location (the
    /// earliest): what follows pairs with each alike, so keeping every one would only multiply halves.
    /// </summary>
    public void Fence(Protection level, SyntaxNode fence, bool deliberate)
    {
        Dictionary<MemoryLocation, PendingKey>? kept = null;
        foreach (var key in new List<PendingKey>(Pending.Keys))
        {
            var guard = Pending[key].WithFence(level, fence, deliberate);
            Pending[key] = guard;
            if (guard.Protection < Protection.Full)
            {
                continue;
            }

            kept ??= new Dictionary<MemoryLocation, PendingKey>();
            if (!kept.TryGetValue(key.Store.Location, out var first))
            {
                kept[key.Store.Location] = key;
                continue;
            }

            var (keep, drop) = first.Anchor.SpanStart <= key.Anchor.SpanStart ? (first, key) : (key, first);
            Pending[keep] = Pending[keep].Meet(Pending[drop]);
            Pending.Remove(drop);
            kept[key.Store.Location] = keep;
        }

        SinceEntry = SinceEntry.WithFence(level, fence, deliberate);
    }

    public void Enter(LockId lockId)
    {
        Held = Held.Add(lockId);
        Update(static (guard, entered) => guard.WithLock(entered), lockId);
        SinceEntry = SinceEntry.WithLock(lockId);
    }

    public void Exit(LockId lockId) => Held = Held.Remove(lockId);

    /// <summary>
    /// This body stores <paramref name="location"/> (itself, or in a callee on every path): recorded in the guard of each
    /// pending store of one of <paramref name="partners"/>, and since entry, for the body's callers.
    /// </summary>
    public void Stored(MemoryLocation location, HashSet<MemoryLocation> partners)
    {
        SinceEntry = SinceEntry.WithStored(location);
        foreach (var entry in Pending)
        {
            if (partners.Contains(entry.Key.Store.Location) && !entry.Value.StoredSince.Contains(location))
            {
                Changed.Add(new KeyValuePair<PendingKey, Guard>(entry.Key, entry.Value.WithStored(location)));
            }
        }

        ApplyChanged();
    }

    /// <summary>A lock a callee took and still holds: held from here (the callee's stretch already counted its critical section, <see cref="Through"/>).</summary>
    public void Hold(LockId lockId) => Held = Held.Add(lockId);

    /// <summary>A call whose effect is unknown: every pending store's guard becomes uncertain.</summary>
    public void UnknownCall()
    {
        Update(static (guard, _) => guard.WithUnknownCall(), Guard.Nothing);
        SinceEntry = SinceEntry.WithUnknownCall();
    }

    public void Start(ImmutableArray<IMethodSymbol> bodies) => Started = _startedSets.Add(Started, bodies);

    public void Start(ImmutableHashSet<IMethodSymbol> bodies) => Started = _startedSets.Union(Started, bodies);

    public void Join(ImmutableArray<IMethodSymbol> bodies) => Joined = Joined.Union(bodies);

    /// <summary>Goes through a stretch (a callee) that guarantees <paramref name="guard"/> from its start to its end.</summary>
    public void Through(Guard guard)
    {
        if (guard.Protection == Protection.None && guard.Locks.IsEmpty && !guard.Deliberate && !guard.Uncertain)
        {
            return; // a stretch that guarantees nothing leaves every guard as it is (GuardExtensions.Then)
        }

        Update(static (pending, stretch) => pending.Then(stretch), guard);
        SinceEntry = SinceEntry.Then(guard);
    }

    /// <summary>
    /// Joins the path <paramref name="other"/> into this state (<see cref="Join(FlowState?, FlowState)"/>, kept in place):
    /// whether anything changed. A state at a block's entry is joined into again each time a predecessor is revisited,
    /// and at a loop's fixed point nothing changes: nothing is copied then (docs/design.md §8, "Cost").
    /// </summary>
    public bool JoinFrom(FlowState other)
    {
        var changed = false;
        foreach (var entry in other.Pending)
        {
            if (!Pending.TryGetValue(entry.Key, out var existing))
            {
                Changed.Add(entry);
            }
            else if (existing.Meet(entry.Value) is var met && !met.Equals(existing))
            {
                Changed.Add(new KeyValuePair<PendingKey, Guard>(entry.Key, met));
            }
        }

        changed |= ApplyChanged();
        var held = Sets.Intersect(Held, other.Held);
        var sinceEntry = SinceEntry.Meet(other.SinceEntry);
        var started = _startedSets.Union(Started, other.Started);
        var joined = Sets.Intersect(Joined, other.Joined);
        var facts = Sets.Intersect(Facts, other.Facts);
        changed |= !Sets.Same(held, Held) || !sinceEntry.Equals(SinceEntry) || !Sets.Same(started, Started) || !Sets.Same(joined, Joined) || !Sets.Same(facts, Facts);
        Facts = facts;
        Held = held;
        SinceEntry = sinceEntry;
        Started = started;
        Joined = joined;
        return changed;
    }

    /// <summary>The changes to <see cref="Pending"/> being gathered while it is enumerated; one list per thread, emptied by <see cref="ApplyChanged"/>.</summary>
    [System.ThreadStatic]
    private static List<KeyValuePair<PendingKey, Guard>>? _changed;

    private static List<KeyValuePair<PendingKey, Guard>> Changed => _changed ??= new List<KeyValuePair<PendingKey, Guard>>();

    /// <summary>Writes the gathered changes into <see cref="Pending"/>; whether there were any.</summary>
    private bool ApplyChanged()
    {
        var changed = Changed;
        if (changed.Count == 0)
        {
            return false;
        }

        foreach (var entry in changed)
        {
            Pending[entry.Key] = entry.Value;
        }

        changed.Clear();
        return true;
    }

    /// <summary>Applies <paramref name="update"/> to every pending store's guard, writing only the guards it changes.</summary>
    private void Update<T>(System.Func<Guard, T, Guard> update, T argument)
    {
        foreach (var entry in Pending)
        {
            var updated = update(entry.Value, argument);
            if (!updated.Equals(entry.Value))
            {
                Changed.Add(new KeyValuePair<PendingKey, Guard>(entry.Key, updated));
            }
        }

        ApplyChanged();
    }

    /// <summary>The join of two paths: a store pending on either is pending, with what holds on both.</summary>
    public static FlowState Join(FlowState? a, FlowState b)
    {
        var joined = (a ?? b).Clone();
        if (a is not null)
        {
            joined.JoinFrom(b);
        }

        return joined;
    }
}

internal static class GuardExtensions
{
    /// <summary>
    /// What holds across two consecutive stretches: the stronger protection, the locks of both. A stretch through a
    /// callee that ends back in the caller (its exit) leaves the caller on its normal path, so only the earlier
    /// stretch says whether it went through an exception handler (<see cref="Into"/> for a stretch that ends inside the callee).
    /// </summary>
    public static Guard Then(this Guard earlier, Guard later)
    {
        var stronger = later.Protection > earlier.Protection ? later : earlier;
        return new Guard(stronger.Protection, stronger.Fence, Sets.Union(earlier.Locks, later.Locks), earlier.Deliberate || later.Deliberate, earlier.Started, earlier.Uncertain || later.Uncertain, earlier.Exceptional, earlier.StoredSince, earlier.Facts);
    }

    /// <summary>
    /// <see cref="Then"/> for a stretch that ends at an access inside a callee: when the callee reaches that access only
    /// through one of its exception handlers, so does the whole stretch (docs/design.md §6, "normal path").
    /// </summary>
    public static Guard Into(this Guard earlier, Guard inCallee)
    {
        var stretch = earlier.Then(inCallee);
        return inCallee.Exceptional ? stretch.ThroughHandler() : stretch;
    }
}

/// <summary>
/// Set operations on the small immutable sets of the dataflow, without building a new set when one side already is
/// the answer (the common case: the same locks and starts on both paths, or none).
/// </summary>
/// <summary>
/// The sets of started bodies of one dataflow run, each made once: the same start on the same set, and the union of the
/// same two sets, give back the instance made the first time. A member that starts many bodies (one callback after
/// another) otherwise pays a subset test over all of them at every join of every pass (docs/design.md §8, "Cost").
/// </summary>
internal sealed class StartedSets
{
    private readonly Dictionary<(ImmutableHashSet<IMethodSymbol>, ImmutableArray<IMethodSymbol>), ImmutableHashSet<IMethodSymbol>> _added = new();
    private readonly Dictionary<(ImmutableHashSet<IMethodSymbol>, ImmutableHashSet<IMethodSymbol>), ImmutableHashSet<IMethodSymbol>> _unions = new();

    /// <summary><paramref name="set"/> with <paramref name="bodies"/>; keyed by the identity of both (a step's array is its own).</summary>
    public ImmutableHashSet<IMethodSymbol> Add(ImmutableHashSet<IMethodSymbol> set, ImmutableArray<IMethodSymbol> bodies)
    {
        if (bodies.IsDefaultOrEmpty)
        {
            return set;
        }

        if (!_added.TryGetValue((set, bodies), out var made))
        {
            made = set.Union(bodies);
            _added[(set, bodies)] = made;
        }

        return made;
    }

    public ImmutableHashSet<IMethodSymbol> Union(ImmutableHashSet<IMethodSymbol> a, ImmutableHashSet<IMethodSymbol> b)
    {
        if (ReferenceEquals(a, b) || b.IsEmpty)
        {
            return a;
        }

        if (a.IsEmpty)
        {
            return b;
        }

        if (!_unions.TryGetValue((a, b), out var made))
        {
            made = Sets.Union(a, b);
            _unions[(a, b)] = made;
        }

        return made;
    }
}

internal static class Sets
{
    public static ImmutableHashSet<T> Union<T>(ImmutableHashSet<T> a, ImmutableHashSet<T> b)
    {
        if (ReferenceEquals(a, b) || b.IsEmpty)
        {
            return a;
        }

        if (a.IsEmpty)
        {
            return b;
        }

        // Equal or nested sets on the two paths are the common case: look them up rather than build a new set.
        return b.Count <= a.Count && Contains(a, b) ? a : a.Count < b.Count && Contains(b, a) ? b : a.Union(b);
    }

    private static bool Contains<T>(ImmutableHashSet<T> set, ImmutableHashSet<T> subset)
    {
        foreach (var item in subset)
        {
            if (!set.Contains(item))
            {
                return false;
            }
        }

        return true;
    }

    public static ImmutableHashSet<T> Intersect<T>(ImmutableHashSet<T> a, ImmutableHashSet<T> b) =>
        ReferenceEquals(a, b) || a.IsEmpty ? a : b.IsEmpty ? b : a.Intersect(b);

    public static bool Same<T>(ImmutableHashSet<T> a, ImmutableHashSet<T> b) =>
        ReferenceEquals(a, b) || (a.Count == b.Count && (a.Count == 0 || a.SetEquals(b)));
}
