using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Fencer.Analyzer.Extraction;
using Fencer.Analyzer.Model;

namespace Fencer.Analyzer.Graph;

/// <summary>
/// The cross-thread graph of one type (docs/design.md, "Graph"): its bodies and the calls between them, which
/// bodies can be sides at all, the halves of each (computed once per body, bottom-up over the call graph), which
/// bodies may run concurrently, and the store-buffer (SB) and R cycles among them with their verdicts.
/// </summary>
internal sealed class TypeAnalysis
{
    private static readonly ImmutableHashSet<LockId> NoLocks = ImmutableHashSet<LockId>.Empty;

    private readonly TypeScope _scope;
    private readonly Func<IMethodSymbol, bool, ImmutableArray<RefArgument>, Summary?> _external;
    private readonly List<Body> _bodies = new();
    private readonly Dictionary<IMethodSymbol, Body> _bySymbol = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<Body, List<Body>> _callees = new();
    private readonly Dictionary<Body, List<Body>> _callers = new();
    private readonly Dictionary<Body, BodyResult?> _results = new();

    // The locks a body is entered holding because it lets go of them and never takes them (§7).
    private readonly Dictionary<Body, ImmutableHashSet<LockId>> _assumedHeld = new();
    private readonly Dictionary<Body, int> _component = new();
    private readonly HashSet<MemoryLocation> _marked = new();
    private readonly HashSet<IMethodSymbol> _started = new(SymbolEqualityComparer.Default);
    private readonly HashSet<Body> _initOnly = new();
    private readonly Dictionary<Body, HashSet<Body>> _entries = new();
    private readonly Dictionary<Body, ImmutableHashSet<IMethodSymbol>> _startsOf = new();
    private readonly Dictionary<Body, List<Body>> _sharedEntries = new();
    private readonly Dictionary<Body, HashSet<Body>> _reachable = new();
    private readonly Dictionary<IMethodSymbol, List<Body>> _startersOf = new(SymbolEqualityComparer.Default);
    private Relevance _relevance = new(new Dictionary<MemoryLocation, HashSet<MemoryLocation>>());

    private TypeAnalysis(IEnumerable<Body> roots, TypeScope scope, Func<IMethodSymbol, bool, ImmutableArray<RefArgument>, Summary?> external)
    {
        _scope = scope;
        _external = external;
        foreach (var root in roots)
        {
            Add(root);
        }
    }

    /// <summary>Finds the sides that need a change among <paramref name="roots"/>, the bodies of one type.</summary>
    /// <param name="external">What a call to a method of another type does (its fences; with its accesses when the flag asks), or null when unknown.</param>
    public static IReadOnlyList<HandshakeFinding> Find(IEnumerable<Body> roots, TypeScope scope, Func<IMethodSymbol, bool, ImmutableArray<RefArgument>, Summary?> external, CancellationToken cancellationToken)
    {
        var analysis = new TypeAnalysis(roots, scope, external);
        analysis.LinkCalls();
        analysis._relevance = analysis.Index();
        if (analysis._relevance.PendsNothing)
        {
            return Array.Empty<HandshakeFinding>(); // no location pair is used both ways round: no cycle to find
        }

        analysis.FindInitOnly();
        analysis.FindEntries();
        analysis.Analyze(cancellationToken);
        return analysis.Search(cancellationToken);
    }

    private void Add(Body body)
    {
        _bodies.Add(body);
        _bySymbol[body.Symbol.OriginalDefinition] = body;
        _started.UnionWith(body.Starts);
        foreach (var started in body.RunsAfter)
        {
            if (!_startersOf.TryGetValue(started, out var starters))
            {
                _startersOf[started] = starters = new List<Body>();
            }

            starters.Add(body);
        }
        foreach (var nested in body.Nested)
        {
            Add(nested);
        }
    }

    private void LinkCalls()
    {
        foreach (var body in _bodies)
        {
            _callees[body] = new List<Body>();
            _callers[body] = new List<Body>();
        }

        foreach (var body in _bodies)
        {
            foreach (var step in body.AllSteps())
            {
                if (step.Kind == StepKind.Call && _bySymbol.TryGetValue(step.Callee!.OriginalDefinition, out var callee) && !_callees[body].Contains(callee))
                {
                    _callees[body].Add(callee);
                    _callers[callee].Add(body);
                }
            }
        }
    }

    /// <summary>
    /// The candidate pairs (x, y): some body stores x and then may access y, some body stores y and accesses x
    /// (counting what their callees in the type access). Also which locations carry evidence of sharing. At the default
    /// level a pair starts only with a store written in a side — its own, or made by a property's accessor where the
    /// property is assigned or incremented (<see cref="Half.StoreInCallee"/>): a store made inside a method it calls is the callee's business (docs/design.md §6, weakness
    /// <c>StoreInCallee</c>), and a cycle with such a half is reported at the audit level only, so such a pair needs no
    /// dataflow at the default level (§8, "Cost").
    /// </summary>
    private Relevance Index()
    {
        var writtenOnly = !_scope.Audit;
        var pairs = new CandidatePairs();
        foreach (var body in _bodies)
        {
            foreach (var step in body.AllSteps())
            {
                if (step.Access is { } access)
                {
                    Own(body, access.Kind == AccessKind.Store, access.Ordering, access.Location);
                }
                else if (step is { Kind: StepKind.Call } && (step.Holder is not null || ByReference(step)) && _external(step.Callee!, true, step.RefArguments) is { } summary)
                {
                    // A call into another type on a field's object: the callee's own fields are that object's; a
                    // location passed by reference is this body's own (§5). What it stores is written here only
                    // where a property is assigned.
                    var stores = !writtenOnly || Half.AnchorsSetterStore(step.Syntax);
                    foreach (var inCallee in summary.Accesses.Keys)
                    {
                        if (PendingStoreAnalysis.PassedByReference(inCallee.Location, step))
                        {
                            Own(body, stores && inCallee.Kind == AccessKind.Store, inCallee.Ordering, inCallee.Location);
                        }
                        else if (step.Holder is { } holder && PendingStoreAnalysis.Seen(inCallee.Location, holder) is { } location)
                        {
                            Own(body, stores && inCallee.Kind == AccessKind.Store, inCallee.Ordering, location);
                        }
                    }
                }
                else if (writtenOnly && step is { Kind: StepKind.Call } && Half.AnchorsSetterStore(step.Syntax)
                    && _bySymbol.TryGetValue(step.Callee!.OriginalDefinition, out var accessor))
                {
                    pairs.Assigns(body, accessor); // `Flag = true`, `Count++`: the accessors' own stores are written here (Half.StoreInCallee)
                }
            }
        }

        void Own(Body body, bool stored, AccessOrdering ordering, MemoryLocation location)
        {
            pairs.Own(body, location, stored);
            if (ordering != AccessOrdering.Plain || location.Kind is MemoryLocationKind.Contents or MemoryLocationKind.State or MemoryLocationKind.Entries)
            {
                _marked.Add(location);
            }
        }

        return new Relevance(pairs.Find(_bodies, body => _callees[body], calleeStores: !writtenOnly));
    }

    private IEnumerable<Body> Reachable(Body body)
    {
        var seen = new HashSet<Body> { body };
        var pending = new Stack<Body>();
        pending.Push(body);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            yield return current;
            foreach (var callee in _callees[current])
            {
                if (seen.Add(callee))
                {
                    pending.Push(callee);
                }
            }
        }
    }

    /// <summary>
    /// Constructors run before the object is shared, and so does a private method that never escapes as a delegate and
    /// that is only ever called from constructors (or such methods) on their own object, or on an object of the type a
    /// member has just created and not yet handed to anyone (a static factory's <c>var c = new T(); c.Init();</c>):
    /// none of them is a side (docs/design.md, "Not sides").
    /// </summary>
    private void FindInitOnly()
    {
        foreach (var body in _bodies)
        {
            if (body.Symbol.MethodKind is MethodKind.Constructor or MethodKind.StaticConstructor)
            {
                _initOnly.Add(body);
            }
        }

        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var body in _bodies)
            {
                if (!_initOnly.Contains(body) && IsInternalHelper(body) && _callers[body].Count > 0 && _callers[body].All(caller => SetsUp(caller, body)))
                {
                    _initOnly.Add(body);
                    changed = true;
                }
            }
        }
    }

    /// <summary>Whether every call <paramref name="caller"/> makes to <paramref name="callee"/> is object set-up.</summary>
    private bool SetsUp(Body caller, Body callee)
    {
        foreach (var step in caller.AllSteps())
        {
            if (step.Kind != StepKind.Call || !SymbolEqualityComparer.Default.Equals(step.Callee?.OriginalDefinition, callee.Symbol.OriginalDefinition))
            {
                continue;
            }

            if (!_initOnly.Contains(caller) && !FreshObject.IsFirstUse(step.Syntax, _scope.Type))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The members each body runs as part of: itself, or for a private helper the members that call it (transitively).
    /// A helper runs on the thread of whoever calls it.
    /// </summary>
    private void FindEntries()
    {
        foreach (var body in _bodies)
        {
            _entries[body] = IsInternalHelper(body) && _callers[body].Count > 0 ? new HashSet<Body>() : new HashSet<Body> { body };
        }

        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var body in _bodies)
            {
                if (!IsInternalHelper(body) || _callers[body].Count == 0)
                {
                    continue;
                }

                foreach (var caller in _callers[body])
                {
                    foreach (var entry in _entries[caller])
                    {
                        changed |= _entries[body].Add(entry);
                    }
                }
            }
        }
    }

    /// <summary>Whether two bodies only ever run as part of one and the same member: pairing them pairs that member with itself.</summary>
    private bool SameMember(Body a, Body b)
    {
        if (a == b)
        {
            return true;
        }

        // Runs from the constructor happen before the object is shared: they are no thread of their own. The two run
        // as one member when their entries outside construction together are exactly one.
        var first = SharedEntries(a);
        var second = SharedEntries(b);
        return first.Count + second.Count > 0 && first.Count <= 1 && second.Count <= 1
            && (first.Count == 0 || second.Count == 0 || first[0] == second[0]);
    }

    private List<Body> SharedEntries(Body body)
    {
        if (!_sharedEntries.TryGetValue(body, out var entries))
        {
            _sharedEntries[body] = entries = _entries[body].Where(e => !_initOnly.Contains(e)).Take(2).ToList();
        }

        return entries;
    }

    /// <summary>A body only this scope can call, and only directly: a private method (across a class and its bases also a protected one: TypeScope.CalledOnlyHere) or a local function that never escapes as a delegate.</summary>
    private bool IsInternalHelper(Body body) =>
        body.Symbol.MethodKind is MethodKind.Ordinary or MethodKind.LocalFunction or MethodKind.PropertyGet or MethodKind.PropertySet
        && (body.Symbol.MethodKind == MethodKind.LocalFunction || _scope.CalledOnlyHere(body.Symbol))
        && !_scope.Facts.Escapes(body.Symbol)
        && !_started.Contains(body.Symbol.OriginalDefinition);

    /// <summary>
    /// Runs the dataflow over every body once, callees before callers (strongly connected components of the call
    /// graph in reverse topological order); a call inside its own component is unknown. The result does not depend on
    /// the order members are declared in. Then a private helper whose every call holds a lock is analyzed again with
    /// that lock held from its entry.
    /// </summary>
    private void Analyze(CancellationToken cancellationToken)
    {
        foreach (var component in Components())
        {
            foreach (var body in component)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = Run(body, NoLocks);
                if (result is { ReleasedUnheld.Count: > 0 })
                {
                    // A body that lets go of a lock it never takes is entered holding it (§7): run again so.
                    _assumedHeld[body] = result.ReleasedUnheld;
                    result = Run(body, result.ReleasedUnheld);
                }

                _results[body] = result;
            }
        }

        var entryLocks = new Dictionary<Body, ImmutableHashSet<LockId>>();
        for (var round = 0; round < _bodies.Count; round++)
        {
            var changed = false;
            foreach (var body in _bodies)
            {
                if (!IsInternalHelper(body) || _callers[body].Count == 0)
                {
                    continue;
                }

                ImmutableHashSet<LockId>? held = null;
                foreach (var caller in _callers[body])
                {
                    var atCalls = _results[caller]?.CallLocks.TryGetValue(body.Symbol.OriginalDefinition, out var locks) == true ? locks : NoLocks;
                    var withEntry = atCalls.Union(entryLocks.TryGetValue(caller, out var callerEntry) ? callerEntry : NoLocks);
                    held = held is null ? withEntry : held.Intersect(withEntry);
                }

                if (held is { Count: > 0 } && !(entryLocks.TryGetValue(body, out var previous) && previous.SetEquals(held)))
                {
                    entryLocks[body] = held;
                    _results[body] = Run(body, _assumedHeld.TryGetValue(body, out var assumed) ? held.Union(assumed) : held);
                    changed = true;
                }
            }

            if (!changed)
            {
                break;
            }
        }
    }

    private BodyResult? Run(Body body, ImmutableHashSet<LockId> entryLocks)
    {
        var component = _component[body];
        return PendingStoreAnalysis.Run(body, _relevance, (call, pending) =>
        {
            var callee = call.Callee!;
            if (ByReference(call))
            {
                // The callee read with its by-reference parameters bound to this body's locations (§5).
                return _external(callee, true, call.RefArguments);
            }

            if (!_bySymbol.TryGetValue(callee.OriginalDefinition, out var target))
            {
                // Into another type: its fences matter when a store is pending; on a field's object its accesses matter
                // even with nothing pending (its loads reach this body's summary, its stores may start a pair).
                return call.Holder is not null ? _external(callee, true, call.RefArguments) : pending ? _external(callee, false, call.RefArguments) : null;
            }

            return _component[target] == component ? null : _results.TryGetValue(target, out var result) ? result?.Summary : null;
        }, entryLocks, maxCallDepth: _scope.Settings.MaxCallDepth);
    }

    /// <summary>
    /// Whether a call's summary is its callee read with the locations it passes by reference (docs/design.md §5,
    /// "By-reference parameters"): a call into another type, or a static method of this one. An instance method of
    /// this type keeps the summary the type's analysis gives it, which knows no such binding.
    /// </summary>
    private static bool ByReference(MemoryStep call) => !call.RefArguments.IsEmpty && (call.Foreign || call.Callee!.IsStatic);

    /// <summary>The strongly connected components of the call graph, callees' components first; records each body's.</summary>
    private List<List<Body>> Components()
    {
        var components = StronglyConnected.Components(_bodies, body => _callees[body]);
        for (var i = 0; i < components.Count; i++)
        {
            foreach (var body in components[i])
            {
                _component[body] = i;
            }
        }

        return components;
    }

    /// <summary>
    /// Pairs of halves one type's search may ask whether they close a cycle (docs/design.md §8, "Cost"). Each half is
    /// paired with every half of the reverse location pair, so a type with thousands of halves on a few location pairs
    /// (a large reader or writer class: forks of the framework's XML classes hold 46,000) asks millions of questions;
    /// when the budget runs out, the halves not yet searched are unknown: nothing more is reported for the type, and
    /// nothing is taken as fenced.
    /// </summary>
    internal const int SearchBudget = 100_000;

    private IReadOnlyList<HandshakeFinding> Search(CancellationToken cancellationToken)
    {
        // Each half's weaknesses, as this side and as a partner, are asked once (docs/design.md §6, "Evidence").
        var sides = new List<(Body Body, Half Half, Weakness Own, Weakness AsPartner)>();
        foreach (var body in _bodies)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_results[body] is { } result && CanBeSide(body))
            {
                sides.AddRange(result.Halves.Select(h => (body, h, OwnWeakness(body, h), PartnerWeakness(body, h))));
            }
        }

        // At the default level a weak case is silent: a half weak on its own never reports, and a half that makes any
        // partner weak is no partner. Dropping them before pairing keeps large types (thousands of halves) cheap.
        var partnerSides = sides;
        if (!_scope.Audit)
        {
            partnerSides = sides.Where(s => s.AsPartner == Weakness.None).ToList();
            sides = sides.Where(s => s.Own == Weakness.None).ToList();
        }

        // Index by (first location, second location): a cycle pairs x -> y with y -> x. The search is linear in
        // the halves times the partners of each, and partners exist only for the candidate pairs.
        var byLocations = partnerSides.ToLookup(s => (s.Half.First.Location, s.Half.Second.Location));
        var findings = new Dictionary<(Body, MemoryLocation), List<HandshakePartner>>();
        var kept = new Dictionary<(Body, SyntaxNode, Body, SyntaxNode, MemoryLocation, MemoryLocation), int>();
        var budget = SearchBudget; // the halves are searched in the text's order, so what the budget leaves out does not depend on member order
        foreach (var (body, half, own, _) in sides.OrderBy(s => Position(s.Half.FirstAnchor)).ThenBy(s => Position(s.Half.SecondAnchor)))
        {
            if (budget < 0)
            {
                break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            foreach (var (otherBody, other, _, asPartner) in byLocations[(half.Second.Location, half.First.Location)])
            {
                // SB (load, load) and R (store, load in either order); two store-store halves are 2+2W, not these rules.
                if (!half.IsStoreLoad && !other.IsStoreLoad)
                {
                    continue;
                }

                // The cheap questions first: a pair whose verdict needs no change, or (at the default level) a weak one,
                // costs no concurrency question (large types pair thousands of halves).
                var verdict = OrderingTable.Judge(half.Protection, other.Protection);
                if (!OrderingTable.NeedsChange(verdict, half.Protection))
                {
                    continue;
                }

                if (--budget < 0)
                {
                    break;
                }

                if (Cycle(body, half, otherBody, other, own | asPartner) is not { } weakness || (weakness != Weakness.None && !_scope.Audit))
                {
                    continue;
                }

                var key = (body, half.First.Location);
                if (!findings.TryGetValue(key, out var partners))
                {
                    findings[key] = partners = new List<HandshakePartner>();
                }

                // One partner per other side's store and this side's store and later location, the worst of the cycles
                // it folds (as WorstFirst orders them): a certain cycle replaces a weak one found first through another
                // access of the same location (the R shape's store before the SB load), and an unfenced one a fenced one
                // (a call that leaves one store of a location fenced on one path and another unfenced on another
                // anchors both at the call). Which is found first depends on the order the halves were recorded in, not
                // on the code: the worst is kept whatever the order (docs/design.md §9).
                // One call can store several locations: the stored location is part of the identity, as of the list's key.
                var identity = (otherBody, other.FirstAnchor, body, half.FirstAnchor, half.First.Location, half.Second.Location);
                if (kept.TryGetValue(identity, out var same))
                {
                    if (Worse(weakness, verdict, half, other, partners[same]))
                    {
                        partners[same] = new HandshakePartner(half, otherBody, other, verdict, weakness, EvidenceOf(body, otherBody, half, other));
                    }

                    continue;
                }

                kept[identity] = partners.Count;
                partners.Add(new HandshakePartner(half, otherBody, other, verdict, weakness, EvidenceOf(body, otherBody, half, other)));
            }
        }

        // One diagnostic per side of a handshake: a body's stores of one location, with every cycle they close (two
        // stores of a flag before one check are one announcement). The worst partner first: a certain case before a
        // weak one, then the verdict, then the store nearest the check (the last one written).
        return findings
            .Select(f => new HandshakeFinding(f.Key.Item1, WorstFirst(f.Value)))
            .ToList();
    }

    /// <summary>
    /// The partners of one side, the worst first: a certain case before a weak one, a weak one with evidence that its
    /// sides run concurrently before one without, then the verdict, then the store nearest the check.
    /// </summary>
    internal static List<HandshakePartner> WorstFirst(IEnumerable<HandshakePartner> partners) =>
        partners.OrderByDescending(p => Rank(p.Weakness, p.Verdict)).ThenByDescending(p => p.Half.FirstAnchor.SpanStart).ToList();

    /// <summary>
    /// How bad a cycle is, for <see cref="WorstFirst"/> and <see cref="Worse"/>: a certain case above a weak one, a weak
    /// one with evidence of concurrency above one with none (a cycle needs its sides to run at once before its fences
    /// matter: docs/design.md §9), then the verdict.
    /// </summary>
    private static int Rank(Weakness weakness, HandshakeVerdict verdict) =>
        (weakness == Weakness.None ? 8 : (weakness & Weakness.NoEvidence) == 0 ? 4 : 0) + Severity(verdict);

    /// <summary>
    /// Whether a cycle is worse than the partner it would fold into (the same anchors on both sides): by <see cref="Rank"/>
    /// (certain before weak, evidence of concurrency before none, then the verdict); on a tie, the one whose accesses come first in the text (inside a callee, the anchors being
    /// one call), so that the partner kept does not depend on the order the halves were found in.
    /// </summary>
    private static bool Worse(Weakness weakness, HandshakeVerdict verdict, Half half, Half other, HandshakePartner kept)
    {
        var rank = Rank(weakness, verdict) - Rank(kept.Weakness, kept.Verdict);
        if (rank != 0)
        {
            return rank > 0;
        }

        var order = TextOrder(other.First.Syntax, kept.Other.First.Syntax);
        if (order == 0)
        {
            order = TextOrder(other.Second.Syntax, kept.Other.Second.Syntax);
        }

        if (order == 0)
        {
            order = TextOrder(half.Second.Syntax, kept.Half.Second.Syntax);
        }

        return order < 0;
    }

    /// <summary>Text order across files: by path, then position.</summary>
    private static int TextOrder(SyntaxNode a, SyntaxNode b)
    {
        var byFile = string.CompareOrdinal(a.SyntaxTree.FilePath, b.SyntaxTree.FilePath);
        return byFile != 0 ? byFile : a.SpanStart.CompareTo(b.SpanStart);
    }

    /// <summary>Which verdict wins when one side has several partners: no fence anywhere, then one-sided, then the hot-side case.</summary>
    private static int Severity(HandshakeVerdict verdict) => verdict switch
    {
        HandshakeVerdict.Unfenced => 3,
        HandshakeVerdict.OneSided => 2,
        HandshakeVerdict.FastSideUnordered => 1,
        _ => 0,
    };

    /// <summary>
    /// Whether the two halves' paths know contradicting facts about a fixed field of one object (§6, "Paths a fixed field
    /// keeps apart"): they are about one object when a location of the cycle is a field of <c>this</c>, which both sides
    /// then share; on static locations alone the two sides may be two objects.
    /// </summary>
    private static bool KeptApart(Half half, Half other) =>
        (half.First.Location.Receiver == ReceiverKind.This || half.Second.Location.Receiver == ReceiverKind.This)
        && FieldFact.Contradict(half.Facts, other.Facts);

    /// <summary>
    /// Whether two halves close a cycle that can happen: null when it cannot (happens-before through a start or a
    /// join, a lock both hold, paths a fixed field keeps apart); otherwise why it is only a weak case (none when it is
    /// certain: docs/design.md, "Evidence"): the evidence of sharing is missing, a load decides nothing, a location is
    /// another object's.
    /// <paramref name="weakness"/> is what the two halves bring on their own (<see cref="OwnWeakness"/> of this side,
    /// <see cref="PartnerWeakness"/> of the other), asked once per half.
    /// </summary>
    private Weakness? Cycle(Body a, Half half, Body b, Half other, Weakness weakness)
    {
        if (LockId.Exclude(half.Locks, other.Locks) || KeptApart(half, other) || Ordered(a, half, b) || Ordered(b, other, a)
            || (Confined(a) && Confined(b)) || Confined(half.First.Location) || Confined(half.Second.Location))
        {
            return null;
        }

        if (half.IsStoreLoad && half.DirectAccess && Polling.WaitsFor(half.Second.Syntax, other.First.Syntax))
        {
            weakness |= Weakness.Polled;
        }

        if (weakness != Weakness.None && !_scope.Audit)
        {
            return weakness; // silent at this level: the concurrency question need not be asked
        }

        var signs = SignsOf(a, b, half, other);
        if (!MayRunConcurrently(a, b, half, other, signs))
        {
            if (!(half.IsStoreLoad && other.IsStoreLoad) && !signs.Any)
            {
                return null; // R with no sign at all that its sides race: not reported at any level (docs/design.md §6)
            }

            weakness |= Weakness.NoEvidence;
        }

        return weakness;
    }

    /// <summary>
    /// The facts the evidence rules weigh for two halves (docs/design.md §6): which body is started, whether one starts
    /// the other, which location is shared, which half has a barrier of its own or a read-modify-write. Asked once per
    /// pair, by <see cref="MayRunConcurrently"/> and <see cref="Evidence"/> alike.
    /// </summary>
    private readonly struct Signs
    {
        public Signs(bool aStarted, bool bStarted, bool oneStartsOther, bool firstShared, bool secondShared, bool barrierHere, bool barrierThere, bool rmwHere, bool rmwThere)
        {
            AStarted = aStarted;
            BStarted = bStarted;
            OneStartsOther = oneStartsOther;
            FirstShared = firstShared;
            SecondShared = secondShared;
            BarrierHere = barrierHere;
            BarrierThere = barrierThere;
            RmwHere = rmwHere;
            RmwThere = rmwThere;
        }

        public bool AStarted { get; }

        public bool BStarted { get; }

        public bool OneStartsOther { get; }

        public bool FirstShared { get; }

        public bool SecondShared { get; }

        public bool BarrierHere { get; }

        public bool BarrierThere { get; }

        public bool RmwHere { get; }

        public bool RmwThere { get; }

        /// <summary>Whether any fact says the two sides may race (else the evidence reads only "no location shared").</summary>
        public bool Any => AStarted || BStarted || OneStartsOther || FirstShared || SecondShared || BarrierHere || BarrierThere || RmwHere || RmwThere;
    }

    private Signs SignsOf(Body a, Body b, Half half, Half other) => new(
        _started.Contains(a.Symbol.OriginalDefinition),
        _started.Contains(b.Symbol.OriginalDefinition),
        a.Starts.Contains(b.Symbol.OriginalDefinition) || b.Starts.Contains(a.Symbol.OriginalDefinition),
        _marked.Contains(half.First.Location),
        _marked.Contains(half.Second.Location),
        BarrierEvidence(half),
        BarrierEvidence(other),
        half.ReadModifyWrite,
        other.ReadModifyWrite);

    /// <summary>
    /// A barrier is evidence that two members race only as part of the announce-then-check idiom written in the member:
    /// the store, the barrier and (for a store-then-load half) the check in the member's own code. A barrier between an
    /// announcement and a load inside a callee guards something else (docs/design.md §6, "Evidence").
    /// </summary>
    private static bool BarrierEvidence(Half half) =>
        half.ExplicitBarrier && half.DirectStore && (!half.IsStoreLoad || (half.DirectAccess && half.CheckedHere));

    /// <summary>
    /// Why a half is weak as this side of a handshake, from the half alone (docs/design.md, "Evidence"): a location
    /// of another object or a keyed entry; a load that decides nothing; a half spanning a call whose effect is unknown
    /// (it may be fenced after all); a check made inside a callee (the announce-then-check idiom writes the check
    /// beside the announcement; a load inside a callee was written for the callee's own purpose); a check reached only
    /// on an error path; a store made inside a callee (made for the callee's purpose).
    /// </summary>
    private Weakness OwnWeakness(Body body, Half half)
    {
        var weakness = Weak(half.First.Location) | Weak(half.Second.Location);
        if (!Decides(body, half))
        {
            weakness |= Weakness.NoDecision;
        }

        if (half.Uncertain)
        {
            weakness |= Weakness.Uncertain;
        }

        if (half.IsStoreLoad && !half.CheckedHere)
        {
            weakness |= Weakness.CheckInCallee;
        }

        if (half.Exceptional)
        {
            weakness |= Weakness.ErrorPath;
        }

        return weakness | PlainUpdate(half) | (half.StoreInCallee ? Weakness.StoreInCallee : Weakness.None);
    }

    /// <summary>
    /// A half whose check is the read of a plain read-modify-write (<c>x += k</c>, <c>x++</c>) of the location the other
    /// side stores (docs/design.md §6, "A plain update is no check"): when the two sides overlap, the update stores over
    /// the other side's store, or the other side's over it, whatever the fences. The race is one no fence fixes.
    /// </summary>
    private static Weakness PlainUpdate(Half half) =>
        half.IsStoreLoad && half.Second.Use == LoadUse.Updates ? Weakness.PlainUpdate : Weakness.None;

    /// <summary>
    /// Why a half makes a handshake weak as the other side: its load decides nothing, its store is made inside a callee,
    /// or its check is reached only through an exception handler (the cycle needs both halves: with that one, it is
    /// error handling on that side).
    /// </summary>
    private Weakness PartnerWeakness(Body body, Half half) =>
        (Decides(body, half) ? Weakness.None : Weakness.NoDecision) | (half.StoreInCallee ? Weakness.StoreInCallee : Weakness.None)
        | (half.Exceptional ? Weakness.ErrorPath : Weakness.None) | PlainUpdate(half);

    /// <summary>
    /// Happens-before that .NET guarantees: a body <paramref name="starter"/> starts (itself, or through a callee)
    /// sees nothing of the starter's store made before the start — it starts after it — and the starter's access after
    /// it waited for the body (<c>Join</c>, <c>Wait</c>, <c>await</c>) sees everything the body did. A helper that runs
    /// only as part of started bodies is ordered as they are. A body that something outside the starter's calls also
    /// starts may be running already, and so may a body started while a lock is held (the drain-lock idiom: whoever
    /// takes the gate schedules the work, and the previous holder's work may still be running): not ordered.
    /// </summary>
    private bool Ordered(Body starter, Half half, Body started)
    {
        var starts = StartsOf(starter);
        var entries = _entries[started];
        if (entries.Count == 0 || starts.IsEmpty)
        {
            return false;
        }

        HashSet<Body>? reachable = null;
        foreach (var entry in entries)
        {
            var symbol = entry.Symbol.OriginalDefinition;
            var joined = half.JoinedBeforeAccess.Contains(symbol);
            if (!starts.Contains(symbol) || (half.StartedBeforeStore.Contains(symbol) && !joined) || (StartedUnderLock(starter).Contains(symbol) && !joined))
            {
                return false;
            }

            // Started elsewhere too (`Restart()` also runs `Loop`): it may already be running, whatever this start says.
            reachable ??= ReachableSet(starter);
            if (_startersOf.TryGetValue(symbol, out var starters) && starters.Any(b => !reachable.Contains(b)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The bodies a body starts while holding a lock (a drain-lock's gate): an earlier start's body may still run.</summary>
    private ImmutableHashSet<IMethodSymbol> StartedUnderLock(Body body) =>
        _results.TryGetValue(body, out var result) && result is not null ? result.Summary.StartedUnderLock : ImmutableHashSet<IMethodSymbol>.Empty;

    /// <summary>The bodies a body starts, itself or through its callees in the type (computed once, after the dataflow).</summary>
    private ImmutableHashSet<IMethodSymbol> StartsOf(Body body)
    {
        if (!_startsOf.TryGetValue(body, out var starts))
        {
            starts = ImmutableHashSet.CreateRange<IMethodSymbol>(SymbolEqualityComparer.Default, body.RunsAfter);
            _startsOf[body] = starts = _results.TryGetValue(body, out var result) && result is not null ? starts.Union(result.Summary.Started) : starts;
        }

        return starts;
    }

    /// <summary>The bodies a body reaches through its calls in the type, itself included (computed once).</summary>
    private HashSet<Body> ReachableSet(Body body)
    {
        if (!_reachable.TryGetValue(body, out var set))
        {
            _reachable[body] = set = new HashSet<Body>(Reachable(body));
        }

        return set;
    }

    /// <summary>
    /// A half matters only when its later load decides something: it reaches a branch, a loop condition, a returned
    /// value or a dereference; a value copied into a field counts as deciding only in a body started as a thread
    /// (a litmus test's result register). The store-store side of R has no load.
    /// </summary>
    private bool Decides(Body body, Half half) =>
        !half.IsStoreLoad
        || half.Second.Use.Decides() || half.Second.Use == LoadUse.Updates
        || (half.Second.Use == LoadUse.Result && _started.Contains(body.Symbol.OriginalDefinition));

    private static Weakness Weak(MemoryLocation location) =>
        (location.Receiver == ReceiverKind.Other ? Weakness.OtherObject : Weakness.None)
        | (location.Kind == MemoryLocationKind.Entries ? Weakness.Keyed : Weakness.None);

    /// <summary>
    /// Whether two bodies may run concurrently on the locations of this handshake (docs/design.md, "Concurrency"):
    /// <list type="bullet">
    /// <item>two bodies started as threads, tasks or callbacks, or a starter and what it starts: yes;</item>
    /// <item>a started body and any other: when one of the two locations is shared (accessed with volatile,
    /// <c>Volatile</c>, <c>Interlocked</c> or a concurrent API somewhere in the type) or one half has an explicit
    /// barrier call between its accesses;</item>
    /// <item>two members neither of which is started: when both locations are shared, or one half has an explicit
    /// barrier call. An <c>Interlocked</c> operation on one location says that location is shared, not the other:
    /// on real code, plain state next to one such operation was a thread's own state, never a handshake;</item>
    /// <item>a body paired with itself (or with a private helper only it calls, which runs as part of it), and the R
    /// shape, need an explicit barrier call in one half (the R shape also both locations shared): on real code they
    /// were otherwise threads of their own or status fields whose lost update is harmless.</item>
    /// </list>
    /// </summary>
    private bool MayRunConcurrently(Body a, Body b, Half half, Half other, Signs signs)
    {
        switch (_scope.Settings.Concurrency)
        {
            case Rules.ConcurrencyAssumption.AllMembers:
                return true;
            case Rules.ConcurrencyAssumption.EntryPoints when IsEntryPoint(a) && IsEntryPoint(b):
                return true;
        }

        if (a != b && ((signs.AStarted && signs.BStarted) || signs.OneStartsOther))
        {
            return true;
        }

        var explicitBarrier = signs.BarrierHere || signs.BarrierThere;
        if (!(half.IsStoreLoad && other.IsStoreLoad))
        {
            return explicitBarrier && signs.FirstShared && signs.SecondShared; // R
        }

        if (SameMember(a, b))
        {
            return explicitBarrier;
        }

        return explicitBarrier || (signs.AStarted || signs.BStarted ? signs.FirstShared || signs.SecondShared : signs.FirstShared && signs.SecondShared)
            || AtomicAnnouncement(other, half) || AtomicAnnouncement(half, other);
    }

    /// <summary>The facts <see cref="MayRunConcurrently"/> decides on, in a few words (the diagnostic's Evidence property).</summary>
    private string EvidenceOf(Body a, Body b, Half half, Half other)
    {
        var evidence = Evidence(a, b, half, SignsOf(a, b, half, other));
        if (half.IsStoreLoad && other.IsStoreLoad && SameMember(a, b))
        {
            return evidence + "; one member";
        }

        return AtomicAnnouncement(other, half) ? evidence + "; atomic announcement: " + b.DisplayName
            : AtomicAnnouncement(half, other) ? evidence + "; atomic announcement: " + a.DisplayName
            : evidence;
    }

    /// <summary>
    /// The other side announces with a read-modify-write of the location this side checks, and checks this side's
    /// location right after it, in its own body (<c>Interlocked.Increment(ref _count); if (_disposed) ...</c>,
    /// <c>_queue.Enqueue(item); if (_needWakeup) ...</c>): an atomic update is made because other threads race on
    /// that location, and checking a flag right after it is the announce-then-check idiom (docs/design.md §6). An
    /// update and check with a critical section between them are coordinated through that lock (a buffer swap under
    /// the send lock): the update's atomicity is no evidence of a lock-free handshake. A load only stored through
    /// (<c>_items[i] = x</c>: <see cref="LoadUse.StoredInto"/>) tests nothing: it is no check.
    /// </summary>
    private static bool AtomicAnnouncement(Half announcer, Half checker) =>
        announcer.First.Ordering == AccessOrdering.ReadModifyWrite && announcer.DirectStore && announcer.CheckedHere
        && announcer.Second.Use != LoadUse.StoredInto
        && announcer.Locks.IsEmpty && announcer.IsStoreLoad && checker.IsStoreLoad && checker.CheckedHere;

    /// <summary>The facts <see cref="MayRunConcurrently"/> decides on, in a few words (the diagnostic's Evidence property).</summary>
    private static string Evidence(Body a, Body b, Half half, Signs signs)
    {
        var parts = new List<string>();
        if (signs.AStarted || signs.BStarted)
        {
            parts.Add("started: " + Names(signs.AStarted ? a : null, signs.BStarted ? b : null));
        }

        if (signs.OneStartsOther)
        {
            parts.Add("one starts the other");
        }

        var shared = new[] { signs.FirstShared ? half.First.Location.DisplayName : null, signs.SecondShared ? half.Second.Location.DisplayName : null }.Where(n => n is not null).ToList();
        parts.Add(shared.Count == 0 ? "no location shared" : "shared: " + string.Join(", ", shared));
        if (signs.BarrierHere || signs.BarrierThere)
        {
            parts.Add("barrier: " + Names(signs.BarrierHere ? a : null, signs.BarrierThere ? b : null));
        }

        if (signs.RmwHere || signs.RmwThere)
        {
            parts.Add("read-modify-write: " + Names(signs.RmwHere ? a : null, signs.RmwThere ? b : null));
        }

        return string.Join("; ", parts);
    }

    private static string Names(Body? first, Body? second) =>
        string.Join(", ", new[] { first, second }.Where(b => b is not null).Distinct().Select(b => b!.DisplayName));

    /// <summary>
    /// <c>fencer.concurrency = entry_points</c>: a body callable from outside the type, or started, or a private helper
    /// one of those calls.
    /// </summary>
    private bool IsEntryPoint(Body body) =>
        _started.Contains(body.Symbol.OriginalDefinition)
        || _entries[body].Any(e => !_scope.CalledOnlyHere(e.Symbol) && e.Symbol.MethodKind != MethodKind.LocalFunction
            && e.Symbol.MethodKind != MethodKind.AnonymousFunction || _started.Contains(e.Symbol.OriginalDefinition));

    /// <summary>
    /// A member declared to run only on its owner thread (<c>fencer.thread_confined_members</c>), or a private helper
    /// only such members call: two of them never run at once, and one never runs beside itself.
    /// </summary>
    private bool Confined(Body body) =>
        _scope.Settings.IsConfined(body.Symbol)
        || (_entries[body].Count > 0 && !_entries[body].Contains(body) && _entries[body].All(e => _scope.Settings.IsConfined(e.Symbol)));

    /// <summary>A field only its owner thread touches (<c>fencer.thread_confined_members</c>): no handshake goes through it.</summary>
    private bool Confined(MemoryLocation location) =>
        location.Kind == MemoryLocationKind.Field && _scope.Settings.IsConfined(location.Field);

    /// <summary>Constructors run before the object is shared, finalizers after it is unreachable, set-up helpers with the constructor: never a side.</summary>
    private bool CanBeSide(Body body) =>
        body.Symbol.MethodKind is not (MethodKind.Constructor or MethodKind.StaticConstructor or MethodKind.Destructor) && !_initOnly.Contains(body);

    private static (string, int) Position(SyntaxNode node) => (node.SyntaxTree.FilePath, node.SpanStart);
}
