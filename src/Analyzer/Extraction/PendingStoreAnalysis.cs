using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Fencer.Analyzer.Model;

namespace Fencer.Analyzer.Extraction;

/// <summary>
/// The forward may-analysis of docs/design.md ("Extraction") over one body's control-flow graph: which stores are
/// still pending at each point, with the weakest protection since each store over all paths. Every later access
/// of another location that some other body uses the other way round yields a <see cref="Half"/>. Loops reach a
/// fixpoint, branches merge, finally regions run on the paths that leave their try, catch regions are entered from
/// anywhere in their try, and what a tested call does on success happens only on the edge where it succeeded.
/// </summary>
internal sealed class PendingStoreAnalysis
{
    /// <summary>
    /// Block visits allowed for one body. The lattice is finite, so the fixpoint comes far sooner; when a body
    /// exhausts it anyway, the body is unknown (no halves, no summary), never taken as fenced.
    /// </summary>
    internal const int VisitBudget = 20_000;

    /// <summary>
    /// How many calls down a body sees the accesses of its callees (their fences count at any depth). Real handshakes
    /// sit in the members and helpers a level or two down; deeper chains found only accidental pairs, and cost.
    /// </summary>
    private readonly int _maxCallDepth;

    private readonly Body _body;
    private readonly Relevance _relevance;
    private readonly Func<MemoryStep, bool, Summary?> _summaries;
    private readonly Dictionary<HalfKey, Half> _halves = new();
    private readonly Dictionary<Access, Guard> _reach = new();
    private readonly Dictionary<Access, int> _depths = new();
    private ImmutableHashSet<IMethodSymbol> _startedHere = ImmutableHashSet.Create<IMethodSymbol>(SymbolEqualityComparer.Default);
    private ImmutableHashSet<IMethodSymbol> _startedUnderLock = ImmutableHashSet.Create<IMethodSymbol>(SymbolEqualityComparer.Default);
    private readonly Dictionary<IMethodSymbol, ImmutableHashSet<LockId>> _callLocks = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<(Access, IFieldSymbol), Access> _seenThrough = new(SeenKeyComparer.Instance);
    private int _budget;

    // Locks an owner-checking release let go of where this body had not taken them, and the locks it takes (§7, "A
    // lock released and never taken").
    private readonly HashSet<LockId> _releasedUnheld = new();
    private readonly HashSet<LockId> _entered = new();

    private PendingStoreAnalysis(Body body, Relevance relevance, Func<MemoryStep, bool, Summary?> summaries, int budget, int maxCallDepth)
    {
        _maxCallDepth = maxCallDepth;
        _body = body;
        _relevance = relevance;
        _summaries = summaries;
        _budget = budget;
    }

    /// <summary>
    /// The halves of <paramref name="body"/> and its summary for callers, or null when the body is unknown (its visit
    /// budget ran out). <paramref name="entryLocks"/> are held at entry: the locks every caller holds.
    /// </summary>
    /// <param name="summaries">The summary of a call's callee, or null when unknown; the flag says whether stores are pending at the call (a callee in another type matters only then, or when the call runs on a field's object).</param>
    /// <param name="maxCallDepth">How many calls deep accesses are followed (<c>fencer.max_call_depth</c>).</param>
    public static BodyResult? Run(Body body, Relevance relevance, Func<MemoryStep, bool, Summary?> summaries, ImmutableHashSet<LockId> entryLocks, int budget = VisitBudget, int maxCallDepth = Rules.AnalysisSettings.DefaultMaxCallDepth)
    {
        var analysis = new PendingStoreAnalysis(body, relevance, summaries, budget, maxCallDepth);
        var exit = analysis.RunRange(0, FlowState.Entry(entryLocks), region: null);
        if (analysis._budget < 0)
        {
            return null;
        }

        // A body whose exit is unreachable (it always throws, or never returns) orders nothing for its callers: the
        // summary says so (no protection), rather than that it always fences.
        var summary = new Summary(
            analysis._reach,
            exit?.SinceEntry ?? Guard.Nothing,
            exit?.Pending ?? new Dictionary<PendingKey, Guard>(),
            analysis._depths,
            analysis._startedHere,
            analysis._startedUnderLock,
            exit is null ? null : Minus(exit.Held, entryLocks),
            exit is null ? null : Minus(entryLocks, exit.Held));
        analysis._releasedUnheld.ExceptWith(analysis._entered);
        return new BodyResult(analysis._halves.Values, summary, analysis._callLocks, analysis._releasedUnheld.Count == 0 ? NoLocks : analysis._releasedUnheld.ToImmutableHashSet());
    }

    private static readonly ImmutableHashSet<LockId> NoLocks = ImmutableHashSet<LockId>.Empty;

    /// <summary>The locks of <paramref name="a"/> not in <paramref name="b"/>, with no new set in the common cases (none held, the same set).</summary>
    private static ImmutableHashSet<LockId> Minus(ImmutableHashSet<LockId> a, ImmutableHashSet<LockId> b) =>
        a.IsEmpty || ReferenceEquals(a, b) ? NoLocks : b.IsEmpty ? a : a.Except(b);

    /// <summary>Runs the worklist over the whole graph (region null) or over one finally region; returns the state at its exit.</summary>
    private FlowState? RunRange(int start, FlowState input, ControlFlowRegion? region)
    {
        var blocks = _body.Graph.Blocks;
        var low = region?.FirstBlockOrdinal ?? 0;
        var high = region?.LastBlockOrdinal ?? blocks.Length - 1;
        var states = new FlowState?[high - low + 1];
        var queued = new bool[states.Length];
        var work = new Queue<int>();
        FlowState? exit = null;

        void JoinInto(int ordinal, FlowState state)
        {
            if (ordinal < low || ordinal > high)
            {
                return;
            }

            // The states in the array are this run's own (a block's copy is taken before it is changed): a join changes
            // them in place.
            if (states[ordinal - low] is { } previous)
            {
                if (!previous.JoinFrom(state))
                {
                    return;
                }
            }
            else
            {
                states[ordinal - low] = state.Clone();
            }

            if (!queued[ordinal - low])
            {
                queued[ordinal - low] = true;
                work.Enqueue(ordinal);
            }
        }

        JoinInto(start, input);
        while (work.Count > 0)
        {
            if (--_budget < 0)
            {
                return null;
            }

            var ordinal = work.Dequeue();
            queued[ordinal - low] = false;
            var block = blocks[ordinal];
            var before = states[ordinal - low]!;
            var state = before.Clone();
            if (InTryWithHandlers(block))
            {
                // A handler may start at any point of the block (every call and access may throw), not only at its
                // entry or exit: a throw between a store and its fence reaches the handler unfenced. A plain or
                // release access only makes the state weaker (a new pending store), so the points right before every
                // other step (a fence, a lock, a call, an acquire or read-modify-write), and the block's end, are all
                // the handler needs.
                var anyPoint = before.Clone();
                foreach (var step in _body.BlockSteps[ordinal])
                {
                    if (step.Kind != StepKind.Access || step.Access!.Ordering is not (AccessOrdering.Plain or AccessOrdering.Release))
                    {
                        anyPoint.JoinFrom(state);
                    }

                    Transfer(state, step);
                }

                anyPoint.JoinFrom(state);

                SeedHandlers(block, () => anyPoint.ThroughHandler(), JoinInto);
            }
            else
            {
                Transfer(state, _body.BlockSteps[ordinal]);
            }

            if (block.Kind == BasicBlockKind.Exit)
            {
                exit = before;
                continue;
            }

            foreach (var (branch, onEdge) in new[] { (block.FallThroughSuccessor, _body.WhenFallingThrough[ordinal]), (block.ConditionalSuccessor, _body.WhenBranchTaken[ordinal]) })
            {
                if (branch is null)
                {
                    continue;
                }

                var edgeState = state;
                if (onEdge is not null)
                {
                    edgeState = state.Clone();
                    Transfer(edgeState, onEdge);
                }

                if (branch.Semantics == ControlFlowBranchSemantics.StructuredExceptionHandling)
                {
                    if (region is not null)
                    {
                        exit = FlowState.Join(exit, edgeState);
                    }

                    continue;
                }

                if (branch.Destination is not { } destination)
                {
                    continue;
                }

                FlowState? flowed = edgeState;
                foreach (var finallyRegion in branch.FinallyRegions)
                {
                    flowed = flowed is null ? null : RunRange(finallyRegion.FirstBlockOrdinal, flowed, finallyRegion);
                }

                if (flowed is not null)
                {
                    JoinInto(destination.Ordinal, flowed);
                }
            }
        }

        return exit;
    }

    /// <summary>
    /// Whether a read's value is thrown away — a statement of its own, or assigned to the discard <c>_</c> — so the JIT
    /// drops it (docs/runtime.md). A value that decides nothing but is used (copied, stored) keeps the read.
    /// </summary>
    private static bool Discarded(SyntaxNode read)
    {
        var node = read;
        if (node.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } } argument
            && argument.RefKindKeyword.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.RefKeyword))
        {
            node = invocation; // Volatile.Read(ref f): the invocation is the read
        }

        while (node.Parent is ParenthesizedExpressionSyntax or CastExpressionSyntax)
        {
            node = node.Parent;
        }

        return node.Parent is ExpressionStatementSyntax
            || (node.Parent is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } discard
                && discard.Right == node && discard.Parent is ExpressionStatementSyntax);
    }

    private static bool InTryWithHandlers(BasicBlock block)
    {
        for (var region = block.EnclosingRegion; region is not null; region = region.EnclosingRegion)
        {
            if (region.Kind == ControlFlowRegionKind.Try && region.EnclosingRegion is { Kind: ControlFlowRegionKind.TryAndCatch or ControlFlowRegionKind.FilterAndHandler })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A catch or filter handler may start at any point of any block of its try.</summary>
    private static void SeedHandlers(BasicBlock block, Func<FlowState> seeded, Action<int, FlowState> joinInto)
    {
        FlowState? state = null;
        for (var region = block.EnclosingRegion; region is not null; region = region.EnclosingRegion)
        {
            if (region.Kind != ControlFlowRegionKind.Try || region.EnclosingRegion is not { } parent
                || parent.Kind is not (ControlFlowRegionKind.TryAndCatch or ControlFlowRegionKind.FilterAndHandler))
            {
                continue;
            }

            foreach (var handler in parent.NestedRegions)
            {
                if (handler.Kind is ControlFlowRegionKind.Catch or ControlFlowRegionKind.Filter or ControlFlowRegionKind.FilterAndHandler)
                {
                    joinInto(handler.FirstBlockOrdinal, state ??= seeded()); // built only for blocks inside a try with handlers
                }
            }
        }
    }

    private void Transfer(FlowState state, IReadOnlyList<MemoryStep> steps)
    {
        foreach (var step in steps)
        {
            Transfer(state, step);
        }
    }

    private void Transfer(FlowState state, MemoryStep step)
    {
        switch (step.Kind)
        {
            case StepKind.Access:
                if (step.Access!.Kind == AccessKind.Load && step.Access.Ordering == AccessOrdering.Acquire && !Discarded(step.Syntax))
                {
                    state.VolatileRead();
                }

                OnAccess(state, step.Access, step.Syntax, state.SinceEntry);
                if (step.Access!.Kind == AccessKind.Store && _relevance.Partners(step.Access.Location) is { } storedPartners)
                {
                    state.Stored(step.Access.Location, storedPartners);
                }

                if (step.Access!.Kind == AccessKind.Store && _relevance.IsPendable(step.Access.Location))
                {
                    state.Pending[new PendingKey(step.Access, step.Syntax)] = new Guard(Protection.None, null, state.Held, started: state.Started, facts: state.Facts);
                }

                break;
            case StepKind.Fence:
                state.Fence(step.Fence, step.Syntax, step.IsDeliberate);
                break;
            case StepKind.LockEnter when step.Lock is { } entered:
                _entered.Add(entered); // taken here, or tried: a later release is not one of a lock held at entry
                if (!step.IsAttempt)
                {
                    state.Enter(entered);
                }

                break;
            case StepKind.LockExit when step.Lock is { } exited:
                if (step.ChecksOwner && !state.Held.Contains(exited))
                {
                    _releasedUnheld.Add(exited);
                }

                state.Exit(exited);
                break;
            case StepKind.Start:
                state.Start(step.Bodies);
                _startedHere = _startedHere.Union(step.Bodies);
                if (!state.Held.IsEmpty)
                {
                    _startedUnderLock = _startedUnderLock.Union(step.Bodies);
                }

                break;
            case StepKind.Join:
                state.Join(step.Bodies);
                break;
            case StepKind.Assume:
                state.Assume(step.Fact);
                break;
            case StepKind.Call:
                var callee = step.Callee!.OriginalDefinition;
                _callLocks[callee] = _callLocks.TryGetValue(callee, out var held) ? held.Intersect(state.Held) : state.Held;
                if (_summaries(step, state.Pending.Count > 0) is { } summary)
                {
                    ApplySummary(state, summary, step);
                }
                else
                {
                    state.UnknownCall();
                }

                break;
        }
    }

    /// <summary>Pairs an access with every pending store of another location, and records what protects it from entry.</summary>
    /// <param name="checkedHere">Whether the access is a check this body makes: written in it, or returned by a callee whose value decides here.</param>
    private void OnAccess(FlowState state, Access access, SyntaxNode anchor, Guard fromEntry, Guard? inCallee = null, int depth = 0, bool checkedHere = true)
    {
        if (_relevance.Partners(access.Location) is { } partners)
        {
            foreach (var pending in state.Pending)
            {
                var store = pending.Key.Store;
                if (!partners.Contains(store.Location) || (access.Kind != AccessKind.Store && pending.Value.StoredSince.Contains(access.Location)))
                {
                    // A load of a location this body has stored since the pending store reads that store or a later
                    // one: no store-buffer half (§4).
                    continue;
                }

                var guard = inCallee is { } callee ? pending.Value.Into(callee) : pending.Value;
                var intrinsic = OrderingTable.IntrinsicProtection(store.Kind, store.Ordering, access.Kind, access.Ordering);
                var protection = guard.Protection.Strongest(intrinsic);

                // When a read-modify-write on either end is what orders the pair, it is the pair's fence.
                var fence = intrinsic == Protection.Full && intrinsic > guard.Protection
                    ? (store.Ordering == AccessOrdering.ReadModifyWrite ? pending.Key.Anchor : anchor)
                    : guard.Fence;
                RecordHalf(new HalfKey(pending.Key, access, anchor), protection, fence, Sets.Union(guard.Locks, state.Held), guard.Deliberate, guard.Started, state.Joined, guard.Uncertain, guard.Exceptional, checkedHere, Sets.Union(pending.Value.Facts, state.Facts));
            }
        }

        if (depth >= _maxCallDepth)
        {
            return; // this body's callers would see it deeper than they look
        }

        var reach = inCallee is { } c ? fromEntry.Into(c) : fromEntry;
        reach = new Guard(reach.Protection, reach.Fence, Sets.Union(reach.Locks, state.Held), reach.Deliberate, uncertain: reach.Uncertain, exceptional: reach.Exceptional);
        _reach[access] = _reach.TryGetValue(access, out var existing) ? existing.Meet(reach) : reach;
        _depths[access] = _depths.TryGetValue(access, out var known) ? System.Math.Min(known, depth) : depth;
    }

    private void ApplySummary(FlowState state, Summary summary, MemoryStep call)
    {
        foreach (var access in summary.Accesses)
        {
            var depth = summary.Depth(access.Key) + 1;
            if (depth <= _maxCallDepth && AsSeen(access.Key, call) is { } seen)
            {
                OnAccess(state, seen, call.AnchorOf(depth - 1), state.SinceEntry, access.Value, depth, call.ValueDecides);
            }
        }

        // A barrier inside a callee orders the caller's accesses but was written for the callee's own purpose: it is no
        // evidence that the caller's accesses are a handshake (docs/design.md §6, "Evidence").
        state.Through(summary.AtExit.NotDeliberate());
        if (call.OnThis && !call.Foreign)
        {
            // A lock is the thread's: what the callee takes and keeps, or lets go of, this body holds or no longer
            // holds after the call (a lock on another object's field would only share the field's name).
            foreach (var released in summary.Released)
            {
                if (!state.Held.Contains(released))
                {
                    _releasedUnheld.Add(released);
                }

                state.Exit(released);
            }

            foreach (var acquired in summary.Acquired)
            {
                _entered.Add(acquired);
                state.Hold(acquired);
            }

            // What the callee stores on every path, this body has stored after the call (§4, "A load of a location the
            // side has just stored").
            foreach (var stored in summary.AtExit.StoredSince)
            {
                if (_relevance.Partners(stored) is { } partners)
                {
                    state.Stored(stored, partners);
                }
            }
        }

        if (!summary.Started.IsEmpty)
        {
            // A callee that starts a body starts it during the call: what this body stored before is seen by it.
            state.Start(summary.Started);
            _startedHere = Sets.Union(_startedHere, summary.Started);
            _startedUnderLock = Sets.Union(_startedUnderLock, state.Held.IsEmpty ? summary.StartedUnderLock : summary.Started);
        }

        foreach (var pending in summary.PendingAtExit)
        {
            var depth = summary.Depth(pending.Key.Store) + 1;
            if (depth > _maxCallDepth || AsSeen(pending.Key.Store, call) is not { } store || !_relevance.IsPendable(store.Location))
            {
                continue;
            }

            _depths[store] = depth;
            var guard = new Guard(pending.Value.Protection, pending.Value.Fence, Sets.Union(pending.Value.Locks, state.Held), pending.Value.Deliberate, state.Started, pending.Value.Uncertain, pending.Value.Exceptional);
            state.Pending[new PendingKey(store, call.AnchorOf(depth - 1))] = guard;
        }
    }

    /// <summary>
    /// A callee's access as this body sees it (docs/design.md §5), or null when it is not this body's to pair: on this
    /// object, all of them; on another object of the type, its static ones; into another type, those of the callee's own
    /// fields on the object held in <see cref="MemoryStep.Holder"/>, and nothing else.
    /// </summary>
    private Access? AsSeen(Access access, MemoryStep call)
    {
        if (PassedByReference(access.Location, call))
        {
            return access; // the callee read with its by-reference parameters bound: already this body's location (§5)
        }

        if (!call.Foreign)
        {
            return call.OnThis || IsStatic(access.Location) ? access : null;
        }

        if (call.Holder is not { } holder || Seen(access.Location, holder) is not { } location)
        {
            return null;
        }

        var key = (access, holder);
        if (!_seenThrough.TryGetValue(key, out var seen))
        {
            // One instance per callee access and holder: halves and the summary are keyed by the access.
            _seenThrough[key] = seen = new Access(location, access.Kind, access.Ordering, access.Syntax, access.Use);
        }

        return seen;
    }

    /// <summary>Whether the call passes <paramref name="inCallee"/> by reference to its callee (docs/design.md §5, "By-reference parameters").</summary>
    internal static bool PassedByReference(MemoryLocation inCallee, MemoryStep call)
    {
        foreach (var argument in call.RefArguments)
        {
            if (argument.Location.Equals(inCallee))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Where a field of the callee's own object is when that object is the one held in <paramref name="holder"/>
    /// (docs/design.md §5, "Calls on a field's object"): <c>holder.f</c>, a member of the struct that lives in
    /// <paramref name="holder"/>; null for anything the callee reaches through its own fields (two objects down) or
    /// statics (the analysis of static fields across types has those).
    /// </summary>
    internal static MemoryLocation? Seen(MemoryLocation inCallee, IFieldSymbol holder)
    {
        if (inCallee.Receiver != ReceiverKind.This)
        {
            return null;
        }

        if (holder.Type.IsValueType && inCallee.Kind == MemoryLocationKind.Field)
        {
            return inCallee.Member is null ? new MemoryLocation(MemoryLocationKind.Field, holder, ReceiverKind.This, member: inCallee.Field) : null;
        }

        return new MemoryLocation(inCallee.Kind, inCallee.Field, ReceiverKind.FieldValue, holder, inCallee.Member);
    }

    private static bool IsStatic(MemoryLocation location) => location.Receiver == ReceiverKind.Static;

    private void RecordHalf(HalfKey key, Protection protection, SyntaxNode? fence, ImmutableHashSet<LockId> locks, bool explicitBarrier, ImmutableHashSet<IMethodSymbol> started, ImmutableHashSet<IMethodSymbol> joined, bool uncertain, bool exceptional, bool checkedHere, ImmutableHashSet<FieldFact> facts)
    {
        if (_halves.TryGetValue(key, out var half))
        {
            half.ExplicitBarrier |= explicitBarrier;
            if (protection < half.Protection)
            {
                half.Protection = protection;
                half.Fence = fence;
                half.Uncertain = uncertain; // uncertain and exceptional follow the weakest path (Guard.Meet)
                half.Exceptional = exceptional;
            }
            else if (protection == half.Protection)
            {
                half.Uncertain &= uncertain;
                half.Exceptional &= exceptional;
            }

            half.Locks = Sets.Intersect(half.Locks, locks);
            half.StartedBeforeStore = Sets.Union(half.StartedBeforeStore, started);
            half.JoinedBeforeAccess = Sets.Intersect(half.JoinedBeforeAccess, joined);
            half.Facts = Sets.Intersect(half.Facts, facts);
            return;
        }

        _halves[key] = new Half(key.First.Store, key.First.Anchor, key.Second, key.SecondAnchor, protection, fence, locks, explicitBarrier, started, joined) { Uncertain = uncertain, Exceptional = exceptional, CheckedHere = checkedHere, Facts = facts };
    }

    private sealed class SeenKeyComparer : IEqualityComparer<(Access Access, IFieldSymbol Holder)>
    {
        public static readonly SeenKeyComparer Instance = new();

        public bool Equals((Access Access, IFieldSymbol Holder) x, (Access Access, IFieldSymbol Holder) y) =>
            ReferenceEquals(x.Access, y.Access) && SymbolEqualityComparer.Default.Equals(x.Holder, y.Holder);

        public int GetHashCode((Access Access, IFieldSymbol Holder) obj) =>
            (System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Access) * 397) ^ SymbolEqualityComparer.Default.GetHashCode(obj.Holder);
    }

    private readonly struct HalfKey : IEquatable<HalfKey>
    {
        public HalfKey(PendingKey first, Access second, SyntaxNode secondAnchor)
        {
            First = first;
            Second = second;
            SecondAnchor = secondAnchor;
        }

        public PendingKey First { get; }

        public Access Second { get; }

        public SyntaxNode SecondAnchor { get; }

        public bool Equals(HalfKey other) =>
            First.Equals(other.First) && ReferenceEquals(Second, other.Second) && ReferenceEquals(SecondAnchor, other.SecondAnchor);

        public override bool Equals(object? obj) => obj is HalfKey other && Equals(other);

        public override int GetHashCode() => (First.GetHashCode() * 31) + System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Second);
    }
}

/// <summary>What the dataflow found in one body: its halves, its summary for callers, and the locks held at its calls.</summary>
internal sealed class BodyResult
{
    public BodyResult(IReadOnlyCollection<Half> halves, Summary summary, IReadOnlyDictionary<IMethodSymbol, ImmutableHashSet<LockId>> callLocks, ImmutableHashSet<LockId> releasedUnheld)
    {
        Halves = halves;
        Summary = summary;
        CallLocks = callLocks;
        ReleasedUnheld = releasedUnheld;
    }

    /// <summary>
    /// Locks the body releases with an owner-checking release where it had not taken them, and never takes itself: it
    /// is entered holding them (docs/design.md §7, "A lock released and never taken").
    /// </summary>
    public ImmutableHashSet<LockId> ReleasedUnheld { get; }

    public IReadOnlyCollection<Half> Halves { get; }

    public Summary Summary { get; }

    /// <summary>For each method this body calls: the locks held at every one of those calls.</summary>
    public IReadOnlyDictionary<IMethodSymbol, ImmutableHashSet<LockId>> CallLocks { get; }
}
