using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Fencer.Analyzer.Model;

namespace Fencer.Analyzer.Extraction;

/// <summary>
/// The cheap pass before any control-flow graph is built (docs/design.md §8, "Cost"): one walk of each member's
/// operation tree, by field symbol, over-approximating what it writes (assignment targets, <c>ref</c> arguments,
/// receivers of calls) and what it touches, with the members of the type it calls or references. A field pair
/// (f, g) can take part in a cycle only if some member (with its callees) writes f and touches g and some member
/// writes g and touches f. Only the members that write such a field (or start a body), their callers and their
/// callees get a control-flow graph; a type with no such pair gets none.
/// </summary>
internal static partial class CandidateScan
{
    public static IReadOnlyList<(IMethodSymbol Method, IOperation Root)> Relevant(IReadOnlyList<(IMethodSymbol Method, IOperation Root)> roots, TypeScope scope)
    {
        // Every pair starts with a store its end announces, and across a class and its bases one of its two sides (the end
        // or the closer) is a member of the class itself (IsEnd, Closers): with no member of the class that may announce a
        // store, there is no pair, and the bases' members need not even be walked (docs/design.md §8, "Cost").
        var across = scope.Family.Count > 1;
        var walkedAt = new Walked?[roots.Count];
        var mayAnnounce = false;
        for (var i = 0; i < roots.Count; i++)
        {
            if (!across || InType(roots[i].Method, scope))
            {
                var walked = walkedAt[i] = WalkOf(roots[i].Method, roots[i].Root, scope);
                mayAnnounce |= MayAnnounce(roots[i].Method, walked, scope.Audit);
            }
        }

        if (!mayAnnounce)
        {
            return new List<(IMethodSymbol, IOperation)>();
        }

        var walks = new List<(IMethodSymbol Method, IOperation Root, Walked Walked)>(roots.Count);
        for (var i = 0; i < roots.Count; i++)
        {
            var (method, root) = roots[i];
            walks.Add((method, root, walkedAt[i] ?? WalkOf(method, root, scope)));
        }

        scope.Facts.IsFixed = FixedFields(walks, scope);

        // Across a class and its bases (docs/design.md §8), at the default level, a class whose text shows no sign of
        // sharing takes part in a reported handshake only through a field of its bases that may be shared or that a
        // member with an explicit barrier accesses, accessed in its own members: without one, no cycle with a side in it
        // has the evidence the default level asks for (§6), as the per-type gate says of a class on its own. Asked of
        // the walks, before their calls are resolved for this class: most such classes stop here.
        if (scope.SharesWalks && !scope.Audit && !scope.TypeShowsSharing && !OwnSideMayHaveEvidence(walks, scope))
        {
            return new List<(IMethodSymbol, IOperation)>();
        }

        var members = new List<Member>();
        var bySymbol = new Dictionary<IMethodSymbol, Member>(SymbolEqualityComparer.Default);
        var shared = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var held = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var ordered = new OrderedWrites(scope.BackingField);
        scope.Facts.IsReleased = ordered.IsReleased; // which spin gates are locks, for the dataflow too (§7)
        foreach (var (method, root, walked) in walks)
        {
            var member = Resolve(new Member(method, root, walked), walked, scope, shared, held);
            if (MaySide(member))
            {
                ordered.Add(walked.Writes); // a constructor's stores start no half (docs/design.md §6, "Not sides")
            }

            members.Add(member);
            bySymbol[method.OriginalDefinition] = member;
        }

        // What a member does includes what the members it calls do: summed once per strongly connected component of the
        // call graph, callees first, so a long chain of helpers is not walked again from every caller. A callee's accesses
        // count as its caller's only on its normal path, and a call written in an exception handler only for a store made
        // in that handler (docs/design.md §8, "Cost": SetApart; a lambda's accesses are no caller's either). A call on another object brings its callers only
        // its static fields (the dataflow's receivers rule, §5): the static fields are summed over every call, only where
        // some member touches one, and then every field over the calls on this object alone — a cycle of calls closed
        // through another object (an operator's OnNext calling OnNext on the next observer, a class its own derives from,
        // whose OnNext calls the operator's override) is one component of all the calls, whose members would otherwise
        // share each other's fields.
        if (members.Any(m => m.HasStatics))
        {
            foreach (var component in StronglyConnected.Components(members, m => Callees(m, bySymbol)))
            {
                var (written, touched) = SumStatics(component, bySymbol, normal: false);
                var (normalWritten, normalTouched) = component.Any(m => m.CallersReachLess) ? SumStatics(component, bySymbol, normal: true) : (written, touched);
                var reachesStatic = written.Count > 0 || touched.Count > 0;
                foreach (var member in component)
                {
                    member.StaticWritten = written;
                    member.StaticTouched = touched;
                    member.StaticNormalWritten = normalWritten;
                    member.StaticNormalTouched = normalTouched;
                    member.ReachesStatic = reachesStatic;
                }
            }
        }

        foreach (var component in StronglyConnected.Components(members, m => CalleesOnThis(m, bySymbol)))
        {
            var (written, touched) = SumOnThis(component, bySymbol, normal: false);
            var (normalWritten, normalTouched) = component.Any(m => m.CallersReachLess) ? SumOnThis(component, bySymbol, normal: true) : (written, touched);
            foreach (var member in component)
            {
                member.EffectiveWritten = written;
                member.EffectiveTouched = touched;
                member.NormalWritten = normalWritten;
                member.NormalTouched = normalTouched;
            }
        }

        // At the default level both stores of a cycle are written in its two members (docs/design.md §6: a store made
        // inside a method a side calls, or by a property's getter, is the callee's business, weakness StoreInCallee; a
        // property's setter is written where the property is assigned): a pair starts only with such a store.
        // What a member checks itself is found only for the members a pair asks about (at the default level only).
        System.Func<Member, HashSet<ISymbol>> checkedOf = m => Checked(m, bySymbol);
        System.Func<Member, HashSet<ISymbol>> decidesOf = m => Decides(m, bySymbol);
        foreach (var member in members)
        {
            member.Announced = scope.Audit ? member.EffectiveWritten : Announced(member, bySymbol);
            member.AnnouncedInNested = member.MayStart && member.HasNestedFunction ? AnnouncedInNested(member, bySymbol) : NoFields;
            member.CheckedOf = checkedOf;
            member.DecidesOf = decidesOf;
            member.Ordered = !scope.Audit && member.InTextOrder; // at the audit level a store in a callee announces too: no order is kept
        }

        System.Func<Member, ISymbol, HashSet<ISymbol>> after = (m, f) => TouchedAfter(m, f, bySymbol);
        var noCycle = scope.Audit ? (_, _) => false : NoCycle(members, scope);
        if (!scope.Audit)
        {
            // Which writes a half can start from, for a pair none of whose halves can be left unordered (OrderedWrites.OrderBoth).
            var ownerOf = new Dictionary<OrderedWrites.MemberWrites, Member>(); // by identity: one walk per member
            foreach (var member in members)
            {
                ownerOf[member.Writes] = member;
            }

            ordered.Follows = (writes, reference, other) => MayFollow(ownerOf.TryGetValue(writes, out var owner) ? owner : null, reference, other, bySymbol);
            // The critical sections the scan reads: asked only when some member writes a `lock` statement or a drain (else
            // none holds anything, a helper's entry neither).
            var sections = new Sections(bySymbol, ordered, scope);
            if (members.Any(m => m.Writes.HasLockStatement || DrainOf(m, ordered) is not null))
            {
                ordered.Covering = (writes, reference, written, other) => sections.Covering(ownerOf.TryGetValue(writes, out var owner) ? owner : null, reference, written, other);
            }

            // The stores a full fence follows: asked only when some member fences (an `Interlocked` operation, a barrier).
            if (members.Any(m => m.HasBarrier || m.Writes.Writes.Any(w => w.Fence)))
            {
                var fences = new Fences(bySymbol, scope);
                ordered.FencedAfter = (writes, reference, other) => fences.After(ownerOf.TryGetValue(writes, out var owner) ? owner : null, reference, other);
            }
        }

        var writers = new Dictionary<ISymbol, List<Member>>(SymbolEqualityComparer.Default);
        foreach (var member in members)
        {
            foreach (var field in member.Announced)
            {
                if (!writers.TryGetValue(field, out var list))
                {
                    writers[field] = list = new List<Member>();
                }

                list.Add(member);
            }
        }

        // At the default level a cycle is reported only with evidence that its sides run concurrently (docs/design.md
        // §6): a started body, an explicit barrier call, both locations shared, or an atomic announcement (a
        // read-modify-write of one of them). With neither a start nor a barrier anywhere in the type, only pairs with
        // a field that may be shared can be reported: the rest need no dataflow. A pair with neither field shared needs
        // an explicit barrier in one side's member, or two sides each of which may start a body or be started (the
        // bodies a start runs are lambdas written in a member that starts them, or members referred to as delegates).
        var evidence = !scope.Audit && scope.Settings.Concurrency == Rules.AnalysisSettings.Default.Concurrency;
        var sharedOnly = evidence && !members.Any(m => m.MayStart || m.HasBarrier);
        var referenced = new HashSet<IMethodSymbol>(members.SelectMany(m => m.Referenced), SymbolEqualityComparer.Default);
        foreach (var member in members)
        {
            member.Started = referenced.Contains(member.Method.OriginalDefinition);
            member.MayRace = member.MayStart || member.Started;
        }

        // In the analysis across a class and its bases only cycles with one side in the class and the other in a base
        // are reported (docs/design.md §8): the writer of g that closes a pair must be on the other side of that line.
        // What the writers of each field that can be sides touch (per side of the line, across a class and its bases): a
        // pair (f, g) needs a writer of g that touches f.
        var sharing = new Sharing(shared, held);
        var ownClosers = new Closers(writers, m => MaySide(m) && (!across || InType(m, scope)), after, ordered);
        var baseClosers = across ? new Closers(writers, m => MaySide(m) && !InType(m, scope), after, ordered) : ownClosers;
        // The ends: members that write f and touch g for a pair (f, g) some other end (or the member itself) closes
        // with the evidence the default level asks for. (A class whose text shows no sharing, none of whose members
        // starts, fences or is referred to as a delegate, takes part only through a shared field or a base member's own
        // barrier.)
        // Across a class and its bases, a cycle both of whose sides are the class's own members belongs here too when one of
        // them reaches a location of the pair through a call to a base member (docs/design.md §8): the per-type analysis
        // follows no such call. Such a pair needs one of its two fields among those the end, or some own writer of g that
        // may close it, touches through its base callees.
        var viaBase = across ? ViaBase(members, bySymbol, scope) : null;
        var ends = new HashSet<Member>(members.Where(a => MaySide(a)
            && (IsEnd(a, across && InType(a, scope) ? baseClosers : ownClosers, sharing, ordered, sharedOnly, evidence, noCycle, after)
                || (viaBase is not null && InType(a, scope) && IsEnd(a, ownClosers, sharing, ordered, sharedOnly, evidence, noCycle, after, viaBase.Pair(a))))));

        if (ends.Count == 0)
        {
            return new List<(IMethodSymbol, IOperation)>();
        }

        // The ends, every caller of a helper among them (a private one, or across a class and its bases a protected one,
        // runs as part of its callers, under the locks they hold, and is set-up when they all are: docs/design.md §6, "Not sides"), and everything they call, whose fences,
        // locks and accesses matter to them. A member that is no end is no side. A member that starts a body is kept
        // too when it starts or calls one of those (with what it calls): what it starts runs concurrently with the rest of
        // the type, whether a side is started is evidence, and a side started elsewhere too is not ordered by one start
        // (docs/design.md §8, "Cost"). One that reaches none of them starts nothing a side runs.
        // A caller of a helper is no side: its graph says which locks it holds at the call and whether it is set-up, neither of
        // which depends on what else it calls, so its own callees are not added for it (docs/design.md §8, "Cost").
        var sides = members.Where(ends.Contains).ToList();
        var relevant = new HashSet<Member>(sides);
        AddCallees(relevant, bySymbol);
        AddStarters(relevant, sides, members, bySymbol);
        AddCallersOfHelpers(relevant, sides, members, bySymbol, scope);

        return members.Where(relevant.Contains).Select(m => (m.Method, m.Root)).ToList();
    }

    /// <summary>
    /// What the class's own members (across a class and its bases) touch through the base members they call on this object,
    /// with the base members' own callees (a virtual call there runs the class's override), and not in their own body;
    /// null when none does.
    /// </summary>
    private static ViaBaseCalls? ViaBase(List<Member> members, Dictionary<IMethodSymbol, Member> bySymbol, TypeScope scope)
    {
        Dictionary<Member, HashSet<ISymbol>>? touched = null;
        foreach (var member in members)
        {
            if (!InType(member, scope) || !MaySide(member))
            {
                continue;
            }

            HashSet<ISymbol>? through = null;
            foreach (var callee in CalleesOnThis(member, bySymbol))
            {
                if (!InType(callee, scope) && callee.NormalTouched.Count > 0)
                {
                    (through ??= new HashSet<ISymbol>(SymbolEqualityComparer.Default)).UnionWith(callee.NormalTouched);
                }
            }

            // A field the member also touches in its own body is seen by the per-type analysis there: only what it
            // reaches through a base member alone makes a cycle the per-type analysis cannot see.
            through?.ExceptWith(member.Touched);
            if (through is { Count: > 0 })
            {
                (touched ??= new Dictionary<Member, HashSet<ISymbol>>())[member] = through;
            }
        }

        return touched is null ? null : new ViaBaseCalls(touched);
    }

    /// <summary>What the class's own members touch through base members they call (<see cref="ViaBase"/>), and which pairs that lets an own end close with an own writer.</summary>
    private sealed class ViaBaseCalls
    {
        private readonly Dictionary<Member, HashSet<ISymbol>> _touched;
        private readonly Dictionary<ISymbol, HashSet<ISymbol>> _byWritersOf = new(SymbolEqualityComparer.Default);

        /// <param name="touched">Per own member that can be a side, what it touches through base members alone.</param>
        public ViaBaseCalls(Dictionary<Member, HashSet<ISymbol>> touched) => _touched = touched;

        /// <summary>
        /// The pairs (f, g) an own end may close with an own writer of g through a base member: one of the two fields is
        /// touched through a base callee by the end or by an own member that announces g.
        /// </summary>
        public System.Func<ISymbol, ISymbol, bool> Pair(Member end)
        {
            var mine = _touched.TryGetValue(end, out var touched) ? touched : NoFields;
            return (f, g) => mine.Contains(f) || mine.Contains(g) || ByWritersOf(g) is { Count: > 0 } theirs && (theirs.Contains(f) || theirs.Contains(g));
        }

        private HashSet<ISymbol> ByWritersOf(ISymbol g)
        {
            if (!_byWritersOf.TryGetValue(g, out var found))
            {
                found = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                foreach (var entry in _touched)
                {
                    if (entry.Key.Announced.Contains(g))
                    {
                        found.UnionWith(entry.Value);
                    }
                }

                _byWritersOf[g] = found;
            }

            return found;
        }
    }

    /// <summary>
    /// The static fields the members of one strongly connected component of the call graph (every call) write and touch,
    /// with those their callees write and touch, on this object or another: for the members themselves, or
    /// (<paramref name="normal"/>) for their callers, which reach only what they do outside their exception handlers
    /// (<see cref="SetApart"/>). A callee in the same component has not been summed yet (its sets are still empty):
    /// its own fields are added as a member of the component. The members of a summed component share one pair of sets:
    /// each is added once, however many calls lead to it.
    /// </summary>
    private static (HashSet<ISymbol> Written, HashSet<ISymbol> Touched) SumStatics(List<Member> component, Dictionary<IMethodSymbol, Member> bySymbol, bool normal)
    {
        var written = default(Union);
        var touched = default(Union);
        foreach (var member in component)
        {
            if (member.HasStatics)
            {
                written.Add(member.OwnStatics(written: true, normal));
                touched.Add(member.OwnStatics(written: false, normal));
            }

            foreach (var callee in Callees(member, bySymbol))
            {
                if (callee.ReachesStatic && (!member.OnThis(callee) || member.Reaches(callee, normal)))
                {
                    written.Add(callee.StaticNormalWritten); // nothing static below the others; or called on this object only in exception handlers
                    touched.Add(callee.StaticNormalTouched);
                }
            }
        }

        return (written.Result, touched.Result);
    }

    /// <summary>
    /// What the members of one strongly connected component of the call graph of calls on this object write and touch,
    /// with what the callees they reach on this object do, summed already (callees first), and the static fields
    /// <see cref="SumStatics"/> found for them (a call on another object brings those): for the members themselves, or
    /// (<paramref name="normal"/>) for their callers.
    /// </summary>
    private static (HashSet<ISymbol> Written, HashSet<ISymbol> Touched) SumOnThis(List<Member> component, Dictionary<IMethodSymbol, Member> bySymbol, bool normal)
    {
        var written = default(Union);
        var touched = default(Union);
        HashSet<Member>? own = component.Count > 1 ? new HashSet<Member>(component) : null;
        foreach (var member in component)
        {
            written.Add(normal ? member.OwnNormalWritten : member.Written);
            touched.Add(normal ? member.OwnNormalTouched : member.Touched);
            written.Add(normal ? member.StaticNormalWritten : member.StaticWritten);
            touched.Add(normal ? member.StaticNormalTouched : member.StaticTouched);
        }

        foreach (var member in component)
        {
            foreach (var callee in CalleesOnThis(member, bySymbol))
            {
                if ((own is null ? ReferenceEquals(callee, component[0]) : own.Contains(callee)) || !member.Reaches(callee, normal))
                {
                    continue; // one of the component's own, added above; or called only in exception handlers
                }

                written.Add(callee.NormalWritten);
                touched.Add(callee.NormalTouched);
            }
        }

        return (written.Result, touched.Result);
    }

    /// <summary>
    /// The union of sets of fields, made without a copy while at most one of them is not empty (a member that calls
    /// nothing, or only members that touch nothing, keeps its own set): the sets summed are never changed afterwards.
    /// </summary>
    private struct Union
    {
        private HashSet<ISymbol>? _first;
        private HashSet<ISymbol>? _built;
        private HashSet<HashSet<ISymbol>>? _added; // a set's own identity: HashSet does not override Equals

        public readonly HashSet<ISymbol> Result => _built ?? _first ?? NoFields;

        public void Add(HashSet<ISymbol> set)
        {
            if (set.Count == 0 || ReferenceEquals(set, _first))
            {
                return;
            }

            if (_first is null)
            {
                _first = set;
                return;
            }

            if (_built is null)
            {
                _built = new HashSet<ISymbol>(_first, SymbolEqualityComparer.Default);
                _added = new HashSet<HashSet<ISymbol>> { _first };
            }

            if (_added!.Add(set))
            {
                _built.UnionWith(set);
            }
        }
    }

    /// <summary>The members a member calls on this object (<see cref="Member.OnThis"/>).</summary>
    private static IEnumerable<Member> CalleesOnThis(Member member, Dictionary<IMethodSymbol, Member> bySymbol)
    {
        foreach (var symbol in member.Calls)
        {
            if (bySymbol.TryGetValue(symbol, out var callee))
            {
                yield return callee;
            }
        }
    }

    /// <summary>
    /// Whether a member's walk may make it announce a store (<see cref="Member.Announced"/>), over-approximated before its
    /// calls are resolved: it may be a side, and it stores a field itself or assigns a property (whose setter's stores it
    /// announces); at the audit level, where what its callees write is announced too, it writes or calls into source.
    /// </summary>
    private static bool MayAnnounce(IMethodSymbol method, Walked walked, bool audit) =>
        MaySide(method, walked.HasNestedFunction)
        && (audit
            ? walked.Written.Count > 0 || walked.ScopeCalls.Count > 0 || walked.DelegateFields.Count > 0
            : walked.Stored.Count > 0 || walked.ScopeCalls.Any(call => call is IPropertyReferenceOperation));

    /// <summary>Whether a member of the class analysed starts, fences, or accesses a field that may be shared or that a member with an explicit barrier accesses.</summary>
    /// <remarks>
    /// Asked of the walks: what a member's calls into source may add once resolved (a start, a barrier, an ordered
    /// argument) is counted for every call into source, whatever it resolves to, so the answer is never "no" where the
    /// resolved members would say "yes".
    /// </remarks>
    private static bool OwnSideMayHaveEvidence(List<(IMethodSymbol Method, IOperation Root, Walked Walked)> walks, TypeScope scope)
    {
        var ordered = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var (method, _, walked) in walks)
        {
            walked.NoteSourceCalls(method, scope);
            ordered.UnionWith(walked.Shared);
            ordered.UnionWith(walked.HeldShared);
            ordered.UnionWith(walked.SourceShared);
            if (walked.HasBarrier || walked.SourceMayBarrier)
            {
                ordered.UnionWith(walked.Touched);
            }
        }

        return walks.Any(w => InType(w.Method, scope) && (w.Walked.MayStart || w.Walked.SourceMayStart || w.Walked.HasBarrier || w.Walked.SourceMayBarrier || w.Walked.Touched.Overlaps(ordered)));
    }

    /// <summary>
    /// Whether <paramref name="member"/> writes f and touches g for a pair (f, g) that a writer of g touching f closes: with
    /// a field that may be shared (<paramref name="sharing"/>) when <paramref name="sharedOnly"/>; with <paramref name="evidence"/>,
    /// only as the default level reports (one side checks itself; a pair with no shared field needs a barrier or two sides that may race).
    /// </summary>
    /// <param name="pair">Which pairs (f, g) to ask about, when not all.</param>
    private static bool IsEnd(Member member, Closers closers, Sharing sharing, OrderedWrites ordered, bool sharedOnly, bool evidence, System.Func<ISymbol, ISymbol, bool> noCycle, System.Func<Member, ISymbol, HashSet<ISymbol>> after, System.Func<ISymbol, ISymbol, bool>? pair = null)
    {
        if (member.Announced.Count == 0)
        {
            return false;
        }

        // The fields g both touched by the member and written by a closer, found from the smaller of the two sets: across
        // a class and its bases, a base member touches many fields and the class's own members write few.
        var touched = member.EffectiveTouched;
        var candidates = closers.Written.Count < touched.Count ? closers.Written.Where(touched.Contains) : touched.Where(closers.Written.Contains);
        foreach (var g in candidates)
        {
            // A side whose check is made inside a callee whose value it does not use is reported at the audit level only
            // (CheckInCallee, docs/design.md §6): a pair that is no check of either side's own makes no end below it.
            var checking = evidence && !member.Checked.Contains(g);
            HashSet<ISymbol>?[]? closedBy = null; // per kind of closer and of its store, looked up once per g, when first needed
            foreach (var f in member.Announced)
            {
                if (SymbolEqualityComparer.Default.Equals(f, g) || (pair is not null && !pair(f, g)) || !after(member, f).Contains(g) || noCycle(f, g))
                {
                    continue; // a half is a store, then an access of another location on a path from it
                }

                // Which location each field is in the pair, where that decides whether it is shared (Sharing): the field's own,
                // or the state of the object it holds; this member's stores say which for f, the closer's stores for g.
                var fHeld = evidence && sharing.IsHeld(f);
                var fAs = fHeld ? sharing.As(f, member) : StoredAs.Any;
                var gHeld = evidence && sharing.IsHeld(g);
                foreach (var fShared in !fHeld ? (sharing.Shared.Contains(f) ? YesShared : NotShared) : fAs == StoredAs.State ? YesShared : fAs == StoredAs.Field ? NotShared : EitherShared)
                {
                    foreach (var (gShared, kind) in !gHeld ? (sharing.Shared.Contains(g) ? AnyShared : AnyNotShared) : HeldVariants)
                    {
                        if (Closes(member, f, g, fShared, gShared, !fHeld ? StoredAs.Any : fShared ? StoredAs.State : StoredAs.Field, kind, checking, closers, ordered, sharedOnly, evidence, ref closedBy))
                        {
                            return true;
                        }
                    }
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a writer of g closes the pair (f, g) with <paramref name="member"/>, with the pair's locations shared or not
    /// as given, among the writers whose stores of g are of the location <paramref name="kind"/> names, when this member's
    /// stores of f are of the location <paramref name="fKind"/> names (<see cref="IsEnd"/>).
    /// </summary>
    private static bool Closes(Member member, ISymbol f, ISymbol g, bool fShared, bool gShared, StoredAs fKind, StoredAs kind, bool checking, Closers closers, OrderedWrites ordered, bool sharedOnly, bool evidence, ref HashSet<ISymbol>?[]? closedBy)
    {
        var anyShared = fShared || gShared;
        if (sharedOnly && !anyShared)
        {
            return false;
        }

        // As the default level decides whether two members race (docs/design.md §6, "Concurrency"): with both fields
        // shared, or a barrier in the member, any closer; with one shared, any closer when this side may be a started
        // body or may announce atomically (a read-modify-write of f outside a lock statement, and its own check of g),
        // else a closer that may race, calls a barrier or announces atomically; with neither shared, two sides that may
        // race, or a barrier.
        // An atomic announcement is evidence only with a check of its own on each side: a load of the other's location
        // written in the member, or returned by a callee whose value decides there (Member.Decides): a store made
        // below a side, which lets a store-store side count as checking, is none.
        var closing = !evidence || (fShared && gShared) || member.HasBarrier ? Closing.Any
            : anyShared ? (member.Started || member.AnnouncedInNested.Contains(f) ? Closing.Any
                : !member.Decides.Contains(g) ? Closing.Started
                : member.FencesOutsideLock(f, ordered) ? Closing.Checking : Closing.Announcing)
            : member.MayRace ? Closing.Racing : Closing.Barrier;
        var closed = (closedBy ??= new HashSet<ISymbol>?[Closers.Kinds])[((int)closing * 3) + (int)kind] ??= closers.ByWritersOf(g, checking, closing, kind);

        // A pair whose every half starts with a full fence, or inside a critical section of one lock, closes no cycle: of the
        // halves that start with a store of the locations the variant names.
        return closed.Contains(f) && !ordered.OrderBoth(f, g, fKind, kind);
    }

    private static readonly bool[] YesShared = { true }, NotShared = { false }, EitherShared = { true, false };
    private static readonly (bool, StoredAs)[] AnyShared = { (true, StoredAs.Any) }, AnyNotShared = { (false, StoredAs.Any) };

    /// <summary>A field shared only as the state of its object is the pair's location as that state when the closer stores into it, as the field's own when it assigns the field.</summary>
    private static readonly (bool, StoredAs)[] HeldVariants = { (true, StoredAs.State), (false, StoredAs.Field) };

    /// <summary>
    /// Which fields a pair counts as shared at the default level, as the dataflow marks locations (docs/design.md §6,
    /// "Concurrency"; §8, "Cost"): a field accessed with <c>volatile</c>, <c>Volatile</c> or <c>Interlocked</c> (or an
    /// ordered argument, or the holder of an object whose accessors order theirs) is shared as a location; a field holding
    /// an object whose state the analysis follows (a concurrent collection, an event, a task, a source) only as that
    /// state — a store into the object, not an assignment of the field, which is a plain location of its own.
    /// </summary>
    private sealed class Sharing
    {
        private readonly HashSet<ISymbol> _held;

        /// <param name="shared">Fields shared as locations.</param>
        /// <param name="held">Fields holding an object whose state the analysis follows (changed here: those shared as locations are taken out).</param>
        public Sharing(HashSet<ISymbol> shared, HashSet<ISymbol> held)
        {
            Shared = shared;
            held.ExceptWith(shared);
            _held = held;
        }

        /// <summary>Fields shared as locations.</summary>
        public HashSet<ISymbol> Shared { get; }

        /// <summary>Whether a field is shared only as the state of the object it holds.</summary>
        public bool IsHeld(ISymbol field) => _held.Count > 0 && _held.Contains(field);

        /// <summary>Which location of <paramref name="field"/> the member's own stores are (<see cref="StoredAs"/>).</summary>
        public StoredAs As(ISymbol field, Member member) => As(field, member.StoredState, member.StoredField);

        /// <summary>Which location of <paramref name="field"/> a writer's own stores are, from the fields it stores into the object of (<paramref name="state"/>) and those it assigns (<paramref name="own"/>).</summary>
        public static StoredAs As(ISymbol field, HashSet<ISymbol> state, HashSet<ISymbol> own) =>
            state.Contains(field) == own.Contains(field) ? StoredAs.Any : state.Contains(field) ? StoredAs.State : StoredAs.Field;
    }

    /// <summary>
    /// At the default level, whether a pair of fields closes no cycle whatever its halves: one is a member of the struct the
    /// other holds (<see cref="PartOf"/>: one location and a part of it), or every access of one, in a member that can be a
    /// side, is an <c>Interlocked</c> read-modify-write of it (<c>Interlocked.Increment(ref _pages)</c>, nothing else) — a half
    /// that stores it starts with a full fence, and a half that accesses it after a store ends with one (the ordering
    /// table, docs/design.md §2; §8, "Cost"). The fields only updated atomically are found when a pair first asks.
    /// </summary>
    private static System.Func<ISymbol, ISymbol, bool> NoCycle(List<Member> members, TypeScope scope)
    {
        Dictionary<ISymbol, bool>? atomic = null;
        return (f, g) => PartOf(f, g) || PartOf(g, f) || OnlyAtomic(f) || OnlyAtomic(g);

        bool OnlyAtomic(ISymbol field)
        {
            if (atomic is null)
            {
                atomic = new Dictionary<ISymbol, bool>(SymbolEqualityComparer.Default);
                foreach (var member in members.Where(MaySide))
                {
                    foreach (var (reference, touched) in member.TouchedAt)
                    {
                        atomic[touched] = (!atomic.TryGetValue(touched, out var before) || before) && UpdatedAtomically(reference, scope);
                    }
                }
            }

            return atomic.TryGetValue(field, out var only) && only;
        }
    }

    /// <summary>
    /// Whether <paramref name="member"/> is a field of the struct <paramref name="holder"/> holds: at the default level, where
    /// a struct's members are reached only where it lives (a field of this object or a static one, §5), such a member is a
    /// part of the holder's location (<c>systemState.Word</c>), and a pair of it with another field holding the same
    /// struct is found through the two holders (docs/design.md §8, "Cost").
    /// </summary>
    private static bool PartOf(ISymbol member, ISymbol holder) =>
        member is IFieldSymbol { IsStatic: false, ContainingType: { IsValueType: true } owner } && holder is IFieldSymbol { Type: { IsValueType: true } held }
        && SymbolEqualityComparer.Default.Equals(owner.OriginalDefinition, held.OriginalDefinition);

    /// <summary>Which writers of a field can close a pair with a member (<see cref="IsEnd"/>).</summary>
    private enum Closing
    {
        /// <summary>Any writer.</summary>
        Any,

        /// <summary>A writer that may race (start a body or be started) or calls an explicit barrier.</summary>
        Racing,

        /// <summary>A writer that calls an explicit barrier.</summary>
        Barrier,

        /// <summary>
        /// A writer that may race or calls an explicit barrier, or one that makes an atomic announcement: it stores the field
        /// with a read-modify-write outside every <c>lock</c> statement of its body and checks the pair's other field itself after it.
        /// </summary>
        Announcing,

        /// <summary>
        /// For a side that makes an atomic announcement itself: a writer that may race or calls an explicit barrier, or one
        /// that checks the announced field itself after its store (the other half of the announce-then-check idiom).
        /// </summary>
        Checking,

        /// <summary>With one location shared, for a side that does not load the other's location itself: a writer that is a started body, stores in a lambda it may start, or calls an explicit barrier.</summary>
        Started,
    }

    /// <summary>Per field: what its writers (those a filter accepts) touch or check, found for a field when it is first asked about.</summary>
    private sealed class Closers
    {
        private readonly Dictionary<ISymbol, List<Member>> _writers;
        private readonly System.Func<Member, bool> _include;
        /// <summary>How many kinds of closers there are: per <see cref="Closing"/>, per <see cref="StoredAs"/>.</summary>
        public const int Kinds = 6 * 3;

        /// <summary>Per kind of closing writer and of its store, and touched (even index) or checked (odd): what the writers of each field asked about do.</summary>
        private readonly Dictionary<ISymbol, HashSet<ISymbol>>?[] _found = new Dictionary<ISymbol, HashSet<ISymbol>>?[Kinds * 2];

        private readonly System.Func<Member, ISymbol, HashSet<ISymbol>> _after;
        private readonly OrderedWrites _ordered;

        public Closers(Dictionary<ISymbol, List<Member>> writers, System.Func<Member, bool> include, System.Func<Member, ISymbol, HashSet<ISymbol>> after, OrderedWrites ordered)
        {
            _writers = writers;
            _include = include;
            _after = after;
            _ordered = ordered;
            Written = new HashSet<ISymbol>(writers.Where(w => w.Value.Any(include)).Select(w => w.Key), SymbolEqualityComparer.Default);
        }

        /// <summary>The fields some accepted writer writes.</summary>
        public HashSet<ISymbol> Written { get; }

        /// <summary>What a writer of <paramref name="field"/> touches after storing it, or (<paramref name="checking"/>) checks itself there.</summary>
        private HashSet<ISymbol> AfterStoring(Member writer, ISymbol field, bool checking)
        {
            var after = _after(writer, field);
            if (!checking)
            {
                return after;
            }

            if (ReferenceEquals(after, writer.EffectiveTouched))
            {
                return writer.Checked; // no order kept: everything it checks
            }

            var both = new HashSet<ISymbol>(writer.Checked, SymbolEqualityComparer.Default);
            both.IntersectWith(after);
            return both;
        }

        /// <summary>
        /// Whether a writer of <paramref name="field"/> races, with one of the pair's locations shared, with a side that is
        /// not started, whatever its check (docs/design.md §6): it is a started body (named as a delegate), the store is
        /// written in a lambda of it that may be started, or it calls an explicit barrier. A member that starts a body is
        /// not itself started: its own stores race only with what it starts, which is started.
        /// </summary>
        private static bool RacesWithOneShared(Member writer, ISymbol field) =>
            writer.Started || writer.AnnouncedInNested.Contains(field) || writer.HasBarrier;

        /// <summary>What a writer of <paramref name="field"/> loads after storing it, to decide on (<see cref="Member.Decides"/>).</summary>
        private HashSet<ISymbol> DecidedAfter(Member writer, ISymbol field)
        {
            var after = _after(writer, field);
            if (ReferenceEquals(after, writer.EffectiveTouched))
            {
                return writer.Decides; // no order kept: everything it decides on
            }

            var both = new HashSet<ISymbol>(writer.Decides, SymbolEqualityComparer.Default);
            both.IntersectWith(after);
            return both;
        }

        /// <summary>
        /// What the accepted writers of <paramref name="field"/> of a kind touch, or (<paramref name="checking"/>) check
        /// themselves; with <paramref name="stored"/>, only those whose stores of it may be of that location (<see cref="StoredAs"/>).
        /// </summary>
        public HashSet<ISymbol> ByWritersOf(ISymbol field, bool checking, Closing closing, StoredAs stored)
        {
            var byField = _found[((((int)closing * 3) + (int)stored) * 2) + (checking ? 1 : 0)] ??= new Dictionary<ISymbol, HashSet<ISymbol>>(SymbolEqualityComparer.Default);
            if (!byField.TryGetValue(field, out var found))
            {
                found = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                var writers = _writers[field].Where(w => _include(w) && Stores(w, field, stored) && closing switch
                {
                    Closing.Racing => w.MayRace || w.HasBarrier,
                    Closing.Announcing or Closing.Checking or Closing.Started => RacesWithOneShared(w, field),
                    Closing.Barrier => w.HasBarrier,
                    _ => true,
                });
                foreach (var set in writers.Select(writer => AfterStoring(writer, field, checking)).Distinct())
                {
                    found.UnionWith(set);
                }

                if (closing is Closing.Announcing or Closing.Checking)
                {
                    foreach (var writer in _writers[field])
                    {
                        if (_include(writer) && Stores(writer, field, stored) && !RacesWithOneShared(writer, field) && (closing == Closing.Checking || writer.FencesOutsideLock(field, _ordered)))
                        {
                            found.UnionWith(DecidedAfter(writer, field)); // an announcement is followed by its own check, and checked by the other side
                        }
                    }
                }

                byField[field] = found;
            }

            return found;
        }

        /// <summary>Whether a writer's stores of a field may be of the location <paramref name="stored"/> names.</summary>
        private static bool Stores(Member writer, ISymbol field, StoredAs stored) =>
            stored == StoredAs.Any || Sharing.As(field, writer.StoredState, writer.StoredField) is var actual && (actual == StoredAs.Any || actual == stored);
    }

    /// <summary>
    /// Whether a member can be a side: a constructor runs before the object is shared and a finalizer after it is
    /// unreachable (docs/design.md §6), unless a lambda or local function written in it runs later.
    /// </summary>
    private static bool MaySide(Member member) => MaySide(member.Method, member.HasNestedFunction);

    private static bool MaySide(IMethodSymbol method, bool hasNestedFunction) =>
        hasNestedFunction || method.MethodKind is not (MethodKind.Constructor or MethodKind.StaticConstructor or MethodKind.Destructor);

    /// <summary>
    /// The fields fixed for an object's life (docs/design.md §6, "Paths a fixed field keeps apart"): readonly ones, and
    /// private ones that only constructors write — not through a lambda or local function a constructor declares, which
    /// may run later, and not in a type with nested types, whose members may write them too. A private field is known so
    /// only where every member of its type is analysed here: the type itself, or across a class and its bases a base.
    /// </summary>
    private static System.Func<IFieldSymbol, bool> FixedFields(List<(IMethodSymbol Method, IOperation Root, Walked Walked)> walks, TypeScope scope)
    {
        // What the members write is gathered only if a branch tests a private field: most types test none.
        HashSet<ISymbol>? written = null;
        return field => field.IsReadOnly
            || (field.DeclaredAccessibility == Accessibility.Private && scope.Declares(field.ContainingType) && field.ContainingType.GetTypeMembers().Length == 0
                && !(written ??= WrittenOutsideConstructors(walks)).Contains(field.OriginalDefinition));
    }

    private static HashSet<ISymbol> WrittenOutsideConstructors(List<(IMethodSymbol Method, IOperation Root, Walked Walked)> walks)
    {
        var written = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var (method, _, walked) in walks)
        {
            if (method.MethodKind != MethodKind.Constructor || walked.HasNestedFunction)
            {
                written.UnionWith(walked.Written);
            }
        }

        return written;
    }

    /// <summary>Whether a member is declared by the type analysed itself (not by a base class analysed with it).</summary>
    private static bool InType(Member member, TypeScope scope) => InType(member.Method, scope);

    private static bool InType(IMethodSymbol method, TypeScope scope) =>
        SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, scope.Type.OriginalDefinition);

    /// <summary>
    /// What one walk of a member's operation tree finds. It does not depend on which calls stay inside the scope: those
    /// are kept as operations and resolved per scope (<see cref="Resolve"/>), so in the analysis across a class and its
    /// bases (where a virtual call on <c>this</c> runs the override of the class analysed) the walk of a base class's
    /// member is made once for every class derived from it with the same options (<see cref="SharedBodies"/>: the report
    /// level and the concurrency assumption decide which calls on a field's object make it shared).
    /// </summary>
    internal sealed class Walked
    {
        private readonly IOperation _root;
        private LocalValues? _locals;

        public Walked(IOperation root) => _root = root;

        /// <summary>The values the dataflow gives the member's locals, found when first asked about (<see cref="LocalValues"/>).</summary>
        public LocalValues Locals => _locals ??= LocalValues.Of(_root);

        public HashSet<ISymbol> Written { get; } = new(SymbolEqualityComparer.Default);

        public HashSet<ISymbol> Touched { get; } = new(SymbolEqualityComparer.Default);

        /// <summary>The fields of <see cref="Written"/> the member stores itself (not through a method it calls on the field's object).</summary>
        public HashSet<ISymbol> Stored { get; } = new(SymbolEqualityComparer.Default);

        /// <summary>
        /// The fields of <see cref="Stored"/> whose own location the member stores (an assignment, an increment, a <c>ref</c>
        /// argument), as against the state or the elements of the object the field holds (<see cref="StoredState"/>).
        /// </summary>
        public HashSet<ISymbol> StoredField { get; } = new(SymbolEqualityComparer.Default);

        /// <summary>The fields of <see cref="Stored"/> into whose object the member stores: a call on it, an element of the array it holds.</summary>
        public HashSet<ISymbol> StoredState { get; } = new(SymbolEqualityComparer.Default);

        /// <summary>
        /// Fields holding an object whose state the analysis follows (a concurrent collection, an event, a task, a source:
        /// <see cref="Knowledge.CallKnowledge.HoldsSharedState"/>), not volatile: that state is a shared location, the field
        /// itself only if accessed with <c>Volatile</c> or <c>Interlocked</c> somewhere (<see cref="Shared"/>).
        /// </summary>
        public List<ISymbol> HeldShared { get; } = new();

        /// <summary>The member's writes that may be stores, for how each is ordered (<see cref="OrderedWrites"/>).</summary>
        public OrderedWrites.MemberWrites Writes { get; } = new();

        /// <summary>Fields that may be shared (<see cref="Relevant"/>'s <c>shared</c>).</summary>
        public List<ISymbol> Shared { get; } = new();

        /// <summary>Referenced fields that may hold a callback of the type (<c>static readonly Action&lt;object&gt; s_run = Run;</c>).</summary>
        public List<IFieldSymbol> DelegateFields { get; } = new();

        /// <summary>Calls, method references and property uses whose target the scope decides.</summary>
        public List<IOperation> ScopeCalls { get; } = new();

        public List<ITryOperation> TryFinallies { get; } = new();

        /// <summary>Locals a field's value was copied into, with the field and how many copies led there (<see cref="StoresThroughCopies"/>).</summary>
        public List<(ILocalSymbol Local, IFieldSymbol Field, int Depth)>? Copies { get; set; }

        /// <summary>The uses of locals that may store through them (<see cref="StoresThrough"/>), grouped by local only when a field was copied (<see cref="StoresThroughCopies"/>).</summary>
        public List<ILocalReferenceOperation>? ThroughLocals { get; set; }

        public bool MayStart { get; set; }

        public bool HasBarrier { get; set; }

        public bool HasNestedFunction { get; set; }

        /// <summary>Whether a lambda or anonymous method is written in the body: what it does is no caller's (<see cref="SetApart"/>).</summary>
        public bool HasLambda { get; set; }

        /// <summary>The static fields the member touches in its own body, as <see cref="StaticAccesses"/> finds them; null when none.</summary>
        public StaticFields? Statics { get; set; }

        /// <summary>Whether the member is a constructor or a finalizer: only what a lambda or local function written in it does can be a side's (<see cref="IsSetUp"/>).</summary>
        public bool SetUp { get; set; }

        /// <summary>Whether a <c>goto</c> is written in the member: its text order is not its execution order.</summary>
        public bool HasGoTo { get; set; }

        /// <summary>Whether the body touches a static field (found once: a base class's walk serves every class derived from it).</summary>
        public bool HasStatics => _hasStatics ??= Touched.Any(IsStatic);

        private bool? _hasStatics;

        /// <summary>Where each access or call of the body may happen at the latest (<see cref="TouchPosition"/>), found once per reference.</summary>
        private System.Collections.Concurrent.ConcurrentDictionary<IOperation, int>? _positions; // made when first asked: most walks are never asked

        /// <summary><see cref="TouchPosition"/> of a reference written in the body, found once for every family the walk serves.</summary>
        public int PositionOf(IOperation reference) =>
            System.Threading.LazyInitializer.EnsureInitialized(ref _positions, () => new())!.GetOrAdd(reference, TouchPosition);

        /// <summary>Per written and normal (<see cref="StaticPart"/>), the static fields among the body's own.</summary>
        private readonly HashSet<ISymbol>?[] _statics = new HashSet<ISymbol>?[4];

        /// <summary>
        /// The static fields the body writes (or touches), of all it does or (<paramref name="normal"/>) of what its
        /// callers reach (<see cref="SetApart"/>): found once, for every family the walk serves.
        /// </summary>
        public HashSet<ISymbol> StaticPart(bool written, bool normal)
        {
            var slot = (written ? 2 : 0) + (normal ? 1 : 0);
            return _statics[slot] ??= new HashSet<ISymbol>(
                (written ? (normal ? NormalWritten ?? Written : Written) : (normal ? NormalTouched ?? Touched : Touched)).Where(IsStatic),
                SymbolEqualityComparer.Default);
        }

        /// <summary>Each field touched, with where (<see cref="TouchPosition"/> finds the latest point its access may happen at, when asked).</summary>
        public List<(IOperation Reference, ISymbol Field)> TouchedAt { get; } = new();

        /// <summary>Each field stored itself (<see cref="Stored"/>), with where (<see cref="StorePosition"/> finds the earliest point its store may happen at).</summary>
        public List<(IOperation Reference, ISymbol Field)> StoredAt { get; } = new();

        /// <summary>At the default level, the body's catch clauses, each with whether a store is written in it (<see cref="SetApart"/>); null when it has none.</summary>
        public Dictionary<ICatchClauseOperation, bool>? Handlers { get; set; }

        /// <summary>What the body touches outside its catch clauses and its lambdas, for its callers (<see cref="SetApart"/>); null when that is <see cref="Touched"/>.</summary>
        public HashSet<ISymbol>? NormalTouched { get; set; }

        /// <summary>What the body writes outside its catch clauses and its lambdas, for its callers; null when that is <see cref="Written"/>.</summary>
        public HashSet<ISymbol>? NormalWritten { get; set; }

        private bool _sourceNoted;

        /// <summary>
        /// Notes what the member's calls into source may add once resolved (<see cref="NoteSourceCall"/>), once: asked only
        /// across a class and its bases, of a walk that may be another scope's (the answer depends on the member's body and
        /// on what the walk itself depends on, <see cref="SharedBodies"/>).
        /// </summary>
        public void NoteSourceCalls(IMethodSymbol method, TypeScope scope)
        {
            if (_sourceNoted)
            {
                return;
            }

            _sourceNoted = true;
            foreach (var call in ScopeCalls)
            {
                if (call is IInvocationOperation invocation)
                {
                    NoteSourceCall(this, method, invocation, scope);
                }
            }
        }

        /// <summary>Whether a call into source may start a body once resolved (<see cref="NoteSourceCall"/>).</summary>
        public bool SourceMayStart { get; set; }

        /// <summary>Whether a call into source may be an explicit barrier (the runtime's own barrier, built with the code).</summary>
        public bool SourceMayBarrier { get; set; }

        /// <summary>The fields of arguments a call into source may order.</summary>
        public List<ISymbol> SourceShared { get; } = new();

        /// <summary>
        /// Whether the walk used a property of a class derived from the member's own (<c>((Derived)this).Reading</c>): the
        /// scope's answer about it (a backing field or not) depends on the class analysed, so the walk is not shared
        /// with other classes derived from the member's (<see cref="SharedBodies"/>).
        /// </summary>
        public bool AsksBelow { get; set; }

        /// <summary>
        /// Whether the per-type walk asked its scope what a wider one could answer otherwise (a base class's property, a
        /// parameter's type a base class may be related to): such a walk is not reused across the class and its bases
        /// (<see cref="TypeWalks"/>).
        /// </summary>
        public bool AsksFamily { get; set; }
    }

    /// <param name="shared">
    /// Collects the fields that may be shared (an over-approximation of docs/design.md §6 "shared"): volatile, passed
    /// to <c>Volatile</c> or <c>Interlocked</c>, or holding a concurrent collection, an event, a task or a source.
    /// </param>
    private static Walked WalkOf(IMethodSymbol method, IOperation root, TypeScope scope)
    {
        if (scope.Shared is not { } shared)
        {
            var walk = Walk(method, root, scope);
            if (scope.Keeps is { } keeps && !walk.AsksFamily)
            {
                keeps.Add(root, scope, walk); // the per-type analysis's walk, for the analyses across this class and its bases
            }

            if (scope.StaticUses is { } uses && walk.Statics is { } statics && MaySide(method, walk.HasNestedFunction))
            {
                uses.Add(statics); // what StaticAccesses would find of this member, without a second walk
            }

            return walk;
        }

        if (shared.Walk(root, scope) is not { } walked)
        {
            shared.Add(root, scope, walked = Walk(method, root, scope));
        }

        return walked;
    }

    private static Walked Walk(IMethodSymbol method, IOperation root, TypeScope scope)
    {
        var walked = new Walked(root) { SetUp = !MaySide(method, hasNestedFunction: false) };
        var below = scope.MayShareWalks ? method.ContainingType?.OriginalDefinition : null;
        foreach (var node in root.DescendantsAndSelf())
        {
            if (below is not null && node is IPropertyReferenceOperation { Property.ContainingType: { } owner }
                && !SymbolEqualityComparer.Default.Equals(owner.OriginalDefinition, below) && DerivesFrom(owner.OriginalDefinition, below))
            {
                walked.AsksBelow = true; // whether a derived class's property has a backing field depends on the class analysed
            }
            else if (below is not null && !scope.SharesWalks && node is IPropertyReferenceOperation { Property.ContainingType: { DeclaringSyntaxReferences.IsEmpty: false } above }
                && !SymbolEqualityComparer.Default.Equals(above.OriginalDefinition, below) && DerivesFrom(below, above.OriginalDefinition))
            {
                walked.AsksFamily = true; // a base class's property has a backing field only when the base is analysed too
            }

            switch (node)
            {
                case IFieldReferenceOperation { Field.IsConst: false } field:
                    if (field.Field.IsStatic)
                    {
                        (walked.Statics ??= new StaticFields()).Note(field); // for the pairs of static fields across types (StaticAccesses), found by this walk
                    }

                    if (IsFixedLength(field) || (!scope.Audit && OfAnotherObject(field.Instance, scope, walked)))
                    {
                        break;
                    }

                    var written = TouchWrites(field);
                    Touch(walked, field.Field, written, field);
                    if (written)
                    {
                        Write(walked, field.Field, field, field.Field.Type, scope);
                    }

                    if (field.Field.IsVolatile)
                    {
                        walked.Shared.Add(field.Field.OriginalDefinition);
                    }
                    else if (scope.Knowledge.HoldsSharedState(field.Field.Type))
                    {
                        walked.HeldShared.Add(field.Field.OriginalDefinition);
                    }

                    if (field.Field is { IsStatic: true, IsReadOnly: true })
                    {
                        walked.DelegateFields.Add(field.Field);
                    }

                    break;
                case IPropertyReferenceOperation property when scope.BackingField(property.Property) is { } backing && (scope.Audit || !OfAnotherObject(property.Instance, scope, walked)):
                    var assigned = TouchWrites(property);
                    Touch(walked, backing, assigned, property);
                    if (assigned)
                    {
                        Write(walked, backing, property, backing.Type, scope);
                    }

                    if (scope.Knowledge.HoldsSharedState(backing.Type))
                    {
                        walked.HeldShared.Add(backing.OriginalDefinition);
                    }

                    break;
                case IPropertyReferenceOperation property when InSource(property.Property):
                    walked.ScopeCalls.Add(property);
                    if (!property.Property.IsIndexer)
                    {
                        AddHolder(property.Instance, property.Property.GetMethod ?? property.Property.SetMethod, scope, walked.Shared);
                    }

                    break;
                case IInvocationOperation invocation when InSource(invocation.TargetMethod):
                    walked.ScopeCalls.Add(invocation); // what it may add if it leaves the scope is noted when asked (NoteSourceCalls)
                    if (scope.Audit)
                    {
                        AddHolder(invocation.Instance, invocation.TargetMethod, scope, walked.Shared); // a method is an operation of its own type (§6)
                    }

                    break;
                case IInvocationOperation invocation:
                    var (mayStart, hasBarrier) = Library(invocation, scope, walked.Shared);
                    walked.MayStart |= mayStart;
                    walked.HasBarrier |= hasBarrier;
                    break;
                case IVariableDeclaratorOperation { Symbol.IsRef: true, Initializer.Value: { } bound }:
                    AddFields(bound, scope, walked.Shared); // `ref var slot = ref _slots[i]`: what is done through slot may be ordered
                    break;
                case IObjectCreationOperation creation when scope.Knowledge.RunsArgumentsElsewhere(creation.Type as INamedTypeSymbol):
                    walked.MayStart = true;
                    break;
                case IMethodReferenceOperation reference when InSource(reference.Method):
                    walked.ScopeCalls.Add(reference);
                    break;
                case IAnonymousFunctionOperation:
                    walked.HasNestedFunction = true;
                    walked.HasLambda = true;
                    break;
                case ILocalFunctionOperation:
                    walked.HasNestedFunction = true;
                    break;
                case IBranchOperation { BranchKind: BranchKind.GoTo }:
                    walked.HasGoTo = true; // text order is no longer execution order (TouchedAfter)
                    break;
                case ILockOperation:
                    walked.Writes.HasLockStatement = true; // where the locks around a write may be (OrderedWrites)
                    break;
                case ICatchClauseOperation clause when !scope.Audit:
                    (walked.Handlers ??= new Dictionary<ICatchClauseOperation, bool>())[clause] = false; // whether it stores: SetApart
                    break;
                case ITryOperation { Finally: not null } attempt:
                    walked.TryFinallies.Add(attempt); // where the lock idiom may be written (LockIdiom), found by this walk
                    break;
                case ILocalReferenceOperation use when StoresThrough(use):
                    (walked.ThroughLocals ??= new List<ILocalReferenceOperation>()).Add(use);
                    break;
            }
        }

        StoresThroughCopies(walked, scope);
        if (walked.Handlers is not null || walked.HasLambda)
        {
            SetApart(walked);
        }

        return walked;
    }

    /// <summary>
    /// Sets apart what a body does only in its exception handlers or in its lambdas (docs/design.md §8, "what
    /// callers reach").
    /// <para>
    /// At the default level, a catch clause (its filter and its block) is entered only from its try, so an access written
    /// there is reached from a store made before it only through the handler: error handling, which the default level does
    /// not report, on either side of a handshake (§6, weakness <c>ErrorPath</c>). A read written in a clause that stores
    /// nothing is no access of the body's; a clause that stores (or one nested in it stores) keeps its reads, which may
    /// follow its own store on the clause's path. A lambda or local function written in a clause runs when it is called,
    /// not in the handler.
    /// </para>
    /// <para>
    /// At every level, a lambda is a body of its own in the dataflow (§4): it runs when its delegate is invoked, which no
    /// path of the body that writes it, nor of that body's callers, follows. The body keeps what its lambdas do (it stands
    /// for their sides here), but its callers reach none of it.
    /// </para>
    /// What callers reach through the body (<see cref="Walked.NormalTouched"/>, <see cref="Walked.NormalWritten"/>)
    /// leaves out every clause and every lambda: a caller's store is made before the call.
    /// </summary>
    private static void SetApart(Walked walked)
    {
        var handlers = walked.Handlers;
        var touches = walked.TouchedAt.ToArray();
        var clauses = new ICatchClauseOperation?[touches.Length];
        var inHandler = false;
        if (handlers is not null)
        {
            for (var i = 0; i < touches.Length; i++)
            {
                if ((clauses[i] = HandlerOf(touches[i].Reference)) is not null)
                {
                    inHandler = true;
                    if (TouchWrites(touches[i].Reference))
                    {
                        MarkStoring(handlers, touches[i].Reference);
                    }
                }
            }

            foreach (var (reference, _) in walked.StoredAt)
            {
                MarkStoring(handlers, reference); // a store through a copy of a field
            }

            foreach (var call in walked.ScopeCalls)
            {
                if (call is IPropertyReferenceOperation property && IsAssigned(property))
                {
                    MarkStoring(handlers, property); // a setter's stores are announced where it is assigned
                }
            }
        }

        if (!inHandler && !walked.HasLambda)
        {
            return; // calls written in handlers are told apart per member (Member.NoteCallsApart)
        }

        if (inHandler)
        {
            walked.TouchedAt.Clear();
            walked.Touched.Clear();
        }

        var normalTouched = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var normalWritten = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        for (var i = 0; i < touches.Length; i++)
        {
            var (reference, field) = touches[i];
            if (clauses[i] is null && !InLambda(reference))
            {
                normalTouched.Add(field);
                if (TouchWrites(reference))
                {
                    normalWritten.Add(field);
                }
            }

            if (inHandler && (clauses[i] is not { } clause || handlers![clause]))
            {
                walked.TouchedAt.Add(touches[i]);
                walked.Touched.Add(field);
            }
        }

        walked.NormalTouched = normalTouched;
        walked.NormalWritten = normalWritten;
    }

    /// <summary>Whether an operation is written in a lambda or anonymous method (at any depth, through local functions too).</summary>
    private static bool InLambda(IOperation operation) => Inside(operation, around => around is IAnonymousFunctionOperation);

    /// <summary>Whether a touch writes its field: it is assigned, updated or passed by reference, or its value is copied into a local (what is stored through the copy is the field's).</summary>
    private static bool TouchWrites(IOperation reference) => IsWritten(reference) || CopiedInto(reference) is not null;

    /// <summary>Marks every catch clause around <paramref name="store"/> (up to a lambda or local function) as one that stores.</summary>
    private static void MarkStoring(Dictionary<ICatchClauseOperation, bool> handlers, IOperation store)
    {
        for (var clause = HandlerOf(store); clause is not null; clause = HandlerOf(clause))
        {
            handlers[clause] = true;
        }
    }

    /// <summary>The nearest catch clause an operation is written in, unless a lambda or local function lies between them.</summary>
    private static ICatchClauseOperation? HandlerOf(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case ICatchClauseOperation clause:
                    return clause;
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;
            }
        }

        return null;
    }

    /// <summary>How many locals given one value (<c>var t = this; var u = t;</c>) are followed to find whose object a receiver is.</summary>
    private const int MaxLocalDepth = 4;

    /// <summary>How many copies of a copy (<c>var a = _f; var b = a;</c>) are followed before a copy counts as a store.</summary>
    private const int MaxCopies = 4;

    /// <summary>
    /// Notes a write of <paramref name="field"/> the walk found at <paramref name="reference"/>: a copy of its value into a
    /// local, or the field (or one of the elements of the array it holds) bound to a <c>ref</c> local, stores what is
    /// stored through the local (<see cref="StoresThroughCopies"/>, docs/design.md §8, "Cost": a local holding a field's
    /// value is that field's value, a <c>ref</c> local bound to one location is that location, §5); any other write is
    /// classified where it is (<see cref="Stores"/>).
    /// </summary>
    private static void Write(Walked walked, IFieldSymbol field, IOperation reference, ITypeSymbol type, TypeScope scope)
    {
        var copy = CopiedInto(reference);
        if ((copy ?? RefBoundInto(reference)) is not { } local)
        {
            Store(walked, field, reference, Stores(reference, type, scope));
        }
        else if (copy is null || !IsImmutableValue(copy.Type)) // a copied number or string: nothing is stored through it
        {
            (walked.Copies ??= new List<(ILocalSymbol, IFieldSymbol, int)>()).Add((local, field, 0));
        }
    }

    /// <summary>
    /// The stores made through the locals a field's value was copied into: each use of such a local that
    /// <see cref="StoresThrough"/> is classified as a use of the field would be (<see cref="Stores"/>), where it is
    /// written (so the locks around it are those of the store, not of the copy). A copy only read stores nothing.
    /// </summary>
    private static void StoresThroughCopies(Walked walked, TypeScope scope)
    {
        if (walked.Copies is not { } copies || walked.ThroughLocals is not { } uses)
        {
            return;
        }

        var through = uses.ToLookup(u => u.Local, SymbolEqualityComparer.Default);
        for (var i = 0; i < copies.Count; i++)
        {
            var (local, field, depth) = copies[i];
            foreach (var use in through[local])
            {
                if ((CopiedInto(use) ?? RefBoundInto(use)) is { } next)
                {
                    if (depth < MaxCopies)
                    {
                        copies.Add((next, field, depth + 1));
                    }
                    else
                    {
                        Store(walked, field, use, WriteKind.Here);
                    }
                }
                else if (!IsRebound(use))
                {
                    Store(walked, field, use, Stores(use, local.Type, scope)); // the local's type: a pattern's names what the object is
                }
            }
        }
    }

    /// <summary>
    /// The local a value is copied into, as the analysis follows locals (<see cref="Knowledge.IOperationContext.LocalValue"/>):
    /// a non-<c>ref</c> local's initializer or a simple assignment to one (through a conversion), or the input of an
    /// <c>is</c> pattern that declares one (<c>if (_work is Queue q)</c>).
    /// </summary>
    private static ILocalSymbol? CopiedInto(IOperation reference)
    {
        var value = reference.Parent is IConversionOperation conversion ? conversion : reference;
        return value.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: { IsRef: false } declared } } => declared,
            ISimpleAssignmentOperation { IsRef: false, Target: ILocalReferenceOperation { Local: { IsRef: false } target } } assignment
                when ReferenceEquals(assignment.Value, value) => target,
            IIsPatternOperation { Pattern: IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol declared } } pattern
                when ReferenceEquals(pattern.Value, reference) => declared,
            _ => null,
        };
    }

    /// <summary>
    /// The <c>ref</c> local a location is bound to (<c>ref var slot = ref _slot;</c>, <c>ref var e = ref _entries[i];</c>,
    /// or a <c>ref</c> assignment), as the analysis follows them (<see cref="Knowledge.IOperationContext.RefLocal"/>).
    /// </summary>
    private static ILocalSymbol? RefBoundInto(IOperation reference)
    {
        var bound = (IOperation?)ElementOf(reference) ?? reference;
        return bound.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: { IsRef: true } declared } } => declared,
            ISimpleAssignmentOperation { IsRef: true, Target: ILocalReferenceOperation { Local: { IsRef: true } target } } assignment
                when ReferenceEquals(assignment.Value, bound) => target,
            _ => null,
        };
    }

    /// <summary>Whether a use of a <c>ref</c> local binds it to another location (<c>slot = ref other;</c>): no store.</summary>
    private static bool IsRebound(ILocalReferenceOperation use) =>
        use.Parent is ISimpleAssignmentOperation { IsRef: true } assignment && ReferenceEquals(assignment.Target, use);

    /// <summary>
    /// Whether a use of a local may store into what it holds: for a copy, as the receiver of a call or a member, as the array
    /// of an element, or copied on (assigning the copy, or passing it by reference, changes the local only); for a
    /// <c>ref</c> local, which is the location it is bound to, any write (<see cref="IsWritten"/>) but binding it anew.
    /// </summary>
    private static bool StoresThrough(ILocalReferenceOperation use) => use.Local.IsRef
        ? !IsRebound(use) && IsWritten(use)
        : !IsImmutableValue(use.Local.Type) && (IsReceiver(use) || ElementOf(use) is not null || CopiedInto(use) is not null); // nothing is stored through a copied number or string

    /// <summary>
    /// What a call into source may add to a member once resolved for a scope (<see cref="Resolve"/>): a start (a delegate
    /// handed on, or a known starter), a barrier, fields of an ordered argument. Over-approximated, whatever the call
    /// resolves to: a method of a class related to the member's own (itself, a base, a derived class) may be in the
    /// family of the class analysed, where a delegate handed to it counts as a start; any other is a call out of the
    /// scope, a start only when the callee hands the delegate on to one.
    /// </summary>
    private static void NoteSourceCall(Walked walked, IMethodSymbol method, IInvocationOperation invocation, TypeScope scope)
    {
        var (starts, fences) = Library(invocation, scope, walked.SourceShared); // what the call does if it leaves the scope
        walked.SourceMayStart |= starts || (HasDelegateArgument(invocation.Arguments) && Related(invocation.TargetMethod.ContainingType, method.ContainingType));
        walked.SourceMayBarrier |= fences;
    }

    /// <summary>Whether one of two classes is the other or derives from it.</summary>
    internal static bool Related(INamedTypeSymbol? a, INamedTypeSymbol? b) =>
        a is not null && b is not null && (DerivesFrom(a, b) || DerivesFrom(b, a));

    private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol ancestor)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, ancestor.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The member as the scope sees it: which of its calls stay inside the scope, and what the others do.</summary>
    private static Member Resolve(Member member, Walked walked, TypeScope scope, HashSet<ISymbol> shared, HashSet<ISymbol> held)
    {
        shared.UnionWith(walked.Shared);
        held.UnionWith(walked.HeldShared);
        scope.Facts.TryFinallies.AddRange(walked.TryFinallies);
        member.MayStart = walked.MayStart;
        member.HasBarrier = walked.HasBarrier;
        foreach (var field in walked.DelegateFields)
        {
            if (scope.Facts.DelegateFieldMethod(field) is { } callback)
            {
                member.Calls.Add(callback); // `static readonly Action<object> s_run = Run;` passed on: a reference to Run
                member.Referenced.Add(callback);
                member.CallsAt.Add((null, callback)); // named, not called (NoteCallsApart)
            }
        }

        foreach (var operation in walked.ScopeCalls)
        {
            switch (operation)
            {
                case IPropertyReferenceOperation property:
                    var (gets, sets) = Accessors(property);
                    if (gets)
                    {
                        AddAccessor(member, property.Property.GetMethod, property, scope, walked, announces: false);
                    }

                    if (sets)
                    {
                        AddAccessor(member, property.Property.SetMethod, property, scope, walked, announces: true);
                    }

                    break;
                case IInvocationOperation invocation when scope.Target(invocation.TargetMethod, invocation.Instance) is { } runs:
                    var onThis = member.Call(invocation, invocation.Instance, runs, scope, walked);
                    if (!invocation.TargetMethod.ReturnsVoid && invocation.Parent is not IExpressionStatementOperation)
                    {
                        member.Checks(runs, onThis); // its value may decide here (`if (IsIdle())`)
                    }

                    member.MayStart |= HasDelegateArgument(invocation.Arguments); // a wrapper of a starter in this type
                    break;
                case IInvocationOperation invocation:
                    var (starts, fences) = Library(invocation, scope, null, shared);
                    member.MayStart |= starts;
                    member.HasBarrier |= fences;
                    break;
                case IMethodReferenceOperation reference when scope.Target(reference.Method, reference.Instance) is { } referenced:
                    member.Calls.Add(referenced.OriginalDefinition);
                    member.Referenced.Add(referenced.OriginalDefinition);
                    member.CallsAt.Add((null, referenced.OriginalDefinition)); // named, not called (NoteCallsApart)
                    break;
            }
        }

        member.NoteCallsApart();
        return member;
    }

    /// <summary>
    /// The static fields each member that can be a side (<see cref="MaySide(IMethodSymbol, bool)"/>) writes and touches
    /// in its own body, for the pairs it makes (<see cref="StaticPairs"/>): a static field is one location for the whole
    /// process, so two types that make a pair each way round may close a cycle (docs/design.md §8, "Across types through
    /// static fields"). Members that touch no static field are left out.
    /// </summary>
    public static List<StaticFields> StaticAccesses(IEnumerable<(IMethodSymbol Method, IOperation Root)> roots)
    {
        var found = new List<StaticFields>();
        foreach (var (method, root) in roots)
        {
            StaticFields? statics = null;
            var hasNestedFunction = false;
            foreach (var node in root.DescendantsAndSelf())
            {
                if (node is IFieldReferenceOperation { Field: { IsStatic: true, IsConst: false } } reference)
                {
                    (statics ??= new StaticFields()).Note(reference);
                }

                hasNestedFunction |= node is IAnonymousFunctionOperation or ILocalFunctionOperation;
            }

            if (statics is not null && MaySide(method, hasNestedFunction)) // a constructor or finalizer: no side (its pairs close no cycle the analysis reports)
            {
                found.Add(statics);
            }
        }

        return found;
    }

    /// <summary>The static fields a member touches in its own body, and those of them it writes (<see cref="IsWritten(IOperation)"/>).</summary>
    internal sealed class StaticFields
    {
        private HashSet<ISymbol>? _written; // made at the first write: most members only read static fields

        public HashSet<ISymbol> Touched { get; } = new(SymbolEqualityComparer.Default);

        public HashSet<ISymbol> Written => _written ?? NoFields;

        /// <summary>Notes a static field the member touches, and whether it writes it.</summary>
        public void Note(IFieldReferenceOperation reference)
        {
            var field = reference.Field.OriginalDefinition;
            Touched.Add(field);
            if (IsWritten(reference))
            {
                (_written ??= new HashSet<ISymbol>(SymbolEqualityComparer.Default)).Add(field);
            }
        }
    }

    /// <summary>
    /// The (stored, then accessed) pairs of static fields that <paramref name="accesses"/> (<see cref="StaticAccesses"/>) make,
    /// of the fields <paramref name="keep"/> accepts.
    /// </summary>
    public static HashSet<(ISymbol Stored, ISymbol Accessed)> StaticPairs(List<StaticFields> accesses, System.Func<ISymbol, bool> keep)
    {
        var pairs = new HashSet<(ISymbol, ISymbol)>(StaticPairComparer.Instance);
        foreach (var statics in accesses)
        {
            foreach (var f in statics.Written)
            {
                if (!keep(f))
                {
                    continue;
                }

                foreach (var g in statics.Touched)
                {
                    if (keep(g) && !SymbolEqualityComparer.Default.Equals(f, g))
                    {
                        pairs.Add((f, g));
                    }
                }
            }
        }

        return pairs;
    }

    /// <summary>Pairs of symbols compared as symbols.</summary>
    internal sealed class StaticPairComparer : IEqualityComparer<(ISymbol, ISymbol)>
    {
        public static readonly StaticPairComparer Instance = new();

        public bool Equals((ISymbol, ISymbol) x, (ISymbol, ISymbol) y) =>
            SymbolEqualityComparer.Default.Equals(x.Item1, y.Item1) && SymbolEqualityComparer.Default.Equals(x.Item2, y.Item2);

        public int GetHashCode((ISymbol, ISymbol) obj) =>
            (SymbolEqualityComparer.Default.GetHashCode(obj.Item1) * 397) ^ SymbolEqualityComparer.Default.GetHashCode(obj.Item2);
    }

    /// <summary>Whether a method or property is declared in source: only then can the scope summarize it.</summary>
    private static bool InSource(ISymbol symbol) => !symbol.OriginalDefinition.DeclaringSyntaxReferences.IsEmpty;

    /// <summary>A call out of the type: a barrier, a start (a known starter or registration, or a method in source handed a delegate, which may start it), or an ordered access of its arguments.</summary>
    /// <param name="shared">Where the fields of an ordered argument go: a walk's list, or (<paramref name="sharedSet"/>) the scope's set.</param>
    private static (bool MayStart, bool HasBarrier) Library(IInvocationOperation invocation, TypeScope scope, List<ISymbol>? shared, HashSet<ISymbol>? sharedSet = null)
    {
        var target = invocation.TargetMethod;
        var hasBarrier = scope.Knowledge.IsExplicitBarrier(target);
        // A start: a known starter or registration, a `Start()` of a thread or task, or a method of another type in source
        // that hands a delegate argument on to one (summarized once per compilation, as the extraction does).
        var mayStart = scope.Knowledge.RunsArgumentsElsewhere(target)
            || (target.Name is "Start" or "UnsafeStart" && scope.Knowledge.RunsArgumentsElsewhere(target.ContainingType))
            || (!target.OriginalDefinition.DeclaringSyntaxReferences.IsEmpty && HasDelegateArgument(invocation.Arguments)
                && !scope.Callees.StartedParameters(target, default).IsEmpty);
        if (scope.Knowledge.OrdersArgument(target))
        {
            var fields = shared ?? new List<ISymbol>();
            foreach (var argument in invocation.Arguments)
            {
                AddFields(argument.Value, scope, fields);
            }

            sharedSet?.UnionWith(fields);
        }

        return (mayStart, hasBarrier);
    }

    private static void AddFields(IOperation operation, TypeScope scope, List<ISymbol> shared)
    {
        foreach (var inner in operation.DescendantsAndSelf())
        {
            if (inner is IFieldReferenceOperation field)
            {
                shared.Add(field.Field.OriginalDefinition);
            }
            else if (inner is IPropertyReferenceOperation property && scope.BackingField(property.Property) is { } backing)
            {
                shared.Add(backing.OriginalDefinition);
            }
        }
    }

    /// <summary>
    /// A field holding an object of another type whose text shows sharing, used as the receiver of a property whose
    /// accessor orders its accesses (at the audit level, of any such call): the callee's fields are that object's
    /// (docs/design.md §5, "Calls on a field's object"), and a property is a field to its user, so the field may stand
    /// for shared state, as a volatile field or one holding a concurrent collection does.
    /// </summary>
    private static void AddHolder(IOperation? instance, IMethodSymbol? target, TypeScope scope, List<ISymbol> shared)
    {
        while (instance is IConversionOperation conversion)
        {
            instance = conversion.Operand;
        }

        var holder = instance switch
        {
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation property => scope.BackingField(property.Property),
            _ => null,
        };
        if (holder is not null && target is { IsStatic: false }
            && !SymbolEqualityComparer.Default.Equals(target.ContainingType?.OriginalDefinition, holder.ContainingType?.OriginalDefinition)
            && scope.Callees.MapsAccesses(target, scope.Settings))
        {
            shared.Add(holder.OriginalDefinition);
        }
    }

    private static bool HasDelegateArgument(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments) =>
        arguments.Any(a => a.Value.Type?.TypeKind == TypeKind.Delegate || a.Value is IAnonymousFunctionOperation or IDelegateCreationOperation or IMethodReferenceOperation);

    /// <summary>
    /// Which accessors a use of a property runs, as the dataflow visits it: an assignment's target (also in a
    /// deconstruction) runs the setter, a compound assignment or an increment both, any other use the getter. A property
    /// returning by reference has no setter: its getter runs even where it is assigned.
    /// </summary>
    private static (bool Gets, bool Sets) Accessors(IPropertyReferenceOperation property)
    {
        if (!IsAssigned(property))
        {
            return (true, false);
        }

        var onlySet = property.Parent is ISimpleAssignmentOperation or ITupleOperation && property.Property.SetMethod is not null;
        return (!onlySet, true);
    }

    private static void AddAccessor(Member member, IMethodSymbol? accessor, IPropertyReferenceOperation property, TypeScope scope, Walked walked, bool announces)
    {
        if (accessor is not null && scope.Target(accessor, property.Instance) is { } runs)
        {
            var onThis = member.Call(property, property.Instance, runs, scope, walked);
            if (!announces || (member.SetUp && !InNestedFunction(property)))
            {
                member.Checks(runs, onThis); // a getter's value is read here
            }
            else if (onThis)
            {
                member.AccessorCalls.Add(runs.OriginalDefinition);
                member.SettersAt.Add((property, runs.OriginalDefinition));
            }
            else
            {
                (member.OtherSetters ??= new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default)).Add(runs.OriginalDefinition);
            }
        }
    }

    /// <summary>
    /// What a member may touch after it stores <paramref name="field"/>, as a half needs (a store, then an access of another
    /// location on a path from it; docs/design.md §8, "Cost"): at the default level, for a member whose text order bounds its
    /// execution order (<see cref="Member.InTextOrder"/>), the fields touched at or after the earliest point the store may
    /// happen at, directly or by a callee called there; otherwise every field it touches.
    /// </summary>
    private static HashSet<ISymbol> TouchedAfter(Member member, ISymbol field, Dictionary<IMethodSymbol, Member> bySymbol)
    {
        if (!member.Ordered)
        {
            return member.EffectiveTouched;
        }

        member.After ??= new Dictionary<ISymbol, HashSet<ISymbol>>(SymbolEqualityComparer.Default);
        if (member.After.TryGetValue(field, out var found))
        {
            return found;
        }

        var from = int.MaxValue;
        foreach (var (reference, stored) in member.StoredAt)
        {
            if (SymbolEqualityComparer.Default.Equals(stored, field))
            {
                from = System.Math.Min(from, StoreSpan(reference).From);
            }
        }

        foreach (var (reference, setter) in member.SettersAt)
        {
            if (bySymbol.TryGetValue(setter, out var callee) && callee.Stored.Contains(field))
            {
                from = System.Math.Min(from, StoreSpan(reference).From);
            }
        }

        if (field.IsStatic && member.OtherSetters is { } otherSetters && member.OtherCallsAt is { } otherCalls)
        {
            foreach (var (reference, setter) in otherCalls)
            {
                if (otherSetters.Contains(setter) && bySymbol.TryGetValue(setter, out var callee) && callee.Stored.Contains(field))
                {
                    from = System.Math.Min(from, StoreSpan(reference).From); // another object's setter storing a static field
                }
            }
        }

        if (from == int.MaxValue)
        {
            from = 0; // no store of its own found where it was looked for: everything may follow
        }

        found = TouchedFrom(member, from, bySymbol);
        member.After[field] = found;
        return found;
    }

    /// <summary>
    /// <see cref="TouchedBetween"/>, found once per stretch of the member's text: every write of a field asks it again for each
    /// pair the field is in (<see cref="MayFollow"/>), and the writes of one statement share their stretch.
    /// </summary>
    private static HashSet<ISymbol> TouchedFrom(Member member, int from, Dictionary<IMethodSymbol, Member> bySymbol, int until = int.MaxValue)
    {
        member.Spans ??= new Dictionary<(int, int), HashSet<ISymbol>>();
        if (!member.Spans.TryGetValue((from, until), out var found))
        {
            member.Spans[(from, until)] = found = TouchedBetween(member, from, bySymbol, until);
        }

        return found;
    }

    /// <summary>The fields a member whose text order bounds its execution order touches at or after a point of its text, directly or by a callee called there.</summary>
    /// <remarks>With <paramref name="until"/>, only what is touched up to that point, or used at a block's end (<see cref="TouchPosition"/>).</remarks>
    private static HashSet<ISymbol> TouchedBetween(Member member, int from, Dictionary<IMethodSymbol, Member> bySymbol, int until)
    {
        bool Between(int position) => position >= from && (position <= until || position == int.MaxValue);

        var found = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var (reference, touched) in member.TouchedAt)
        {
            if (!found.Contains(touched) && Between(member.PositionOf(reference)))
            {
                found.Add(touched);
            }
        }

        foreach (var (reference, called) in member.CallsAt)
        {
            // A delegate named (no reference) is no call: its target runs where the delegate is invoked (NoteCallsApart).
            if (reference is not null && Between(member.PositionOf(reference)) && !member.InQuietHandler(reference) && bySymbol.TryGetValue(called, out var callee))
            {
                found.UnionWith(callee.NormalTouched);
            }
        }

        if (member.OtherCallsAt is { } others)
        {
            foreach (var (reference, called) in others)
            {
                if (Between(member.PositionOf(reference)) && bySymbol.TryGetValue(called, out var callee) && callee.ReachesStatic)
                {
                    found.UnionWith(callee.NormalTouched.Where(IsStatic)); // on another object: only its static fields are this member's
                }
            }
        }

        return found;
    }

    /// <summary>
    /// Whether a half may start with the store of a side's write at <paramref name="reference"/> and go on to
    /// <paramref name="other"/>: at the default level, where a half starts with a store written in its member (a
    /// property's setter's, where the property is assigned: docs/design.md §6), unless the member's text bounds its
    /// execution order and <paramref name="other"/> is touched nowhere at or after the store's earliest point.
    /// </summary>
    private static bool MayFollow(Member? member, IOperation reference, ISymbol other, Dictionary<IMethodSymbol, Member> bySymbol)
    {
        if (member is not { Ordered: true, Method.MethodKind: MethodKind.Ordinary or MethodKind.PropertyGet or MethodKind.ExplicitInterfaceImplementation })
        {
            return true;
        }

        var (from, until) = StoreSpan(reference);
        return TouchedFrom(member, from, bySymbol, until).Contains(other);
    }

    /// <summary>
    /// Whether a store is made by a constructor or a finalizer itself, not by a lambda or local function written in it: a
    /// constructor's own work runs before the object is shared and a finalizer's after it is unreachable, so only a nested
    /// function's store can be a side's (docs/design.md §6, "Not sides"; §8, "Cost").
    /// </summary>
    private static bool IsSetUp(Walked walked, IOperation reference) => walked.SetUp && !InNestedFunction(reference);

    private static bool InNestedFunction(IOperation operation) => Inside(operation, around => around is IAnonymousFunctionOperation or ILocalFunctionOperation);

    /// <summary>Whether an operation lies inside one that <paramref name="around"/> accepts.</summary>
    private static bool Inside(IOperation operation, System.Func<IOperation, bool> around)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (around(parent))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The latest point of a member's text at which an access written at <paramref name="reference"/> may happen: the end of the
    /// expression it is part of (a receiver's object is used by the call, a compound assignment stores at its end, an
    /// argument is read by the callee). Never for an access whose value is used later: a copy into a local or a <c>ref</c>
    /// local (used through it; a copied number, flag, enum or string is only a value, read where it is copied), a resource
    /// or a locked object (used again at the block's end), a pattern's input (whose declared locals hold it).
    /// </summary>
    private static int TouchPosition(IOperation reference)
    {
        if ((CopiedInto(reference) is { } copy && !IsImmutableValue(copy.Type)) || RefBoundInto(reference) is not null)
        {
            return int.MaxValue;
        }

        var node = reference;
        while (node.Parent is { } parent)
        {
            if (parent is IUsingOperation or IUsingDeclarationOperation or ILockOperation or ISwitchOperation or ISwitchExpressionOperation
                or IIsPatternOperation or IDeconstructionAssignmentOperation)
            {
                return int.MaxValue;
            }

            if (parent.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.StatementSyntax)
            {
                break;
            }

            node = parent;
        }

        return node.Syntax.Span.End;
    }

    /// <summary>
    /// The stretch of a member's text that can follow a store written at <paramref name="reference"/>, as far as a later
    /// access is concerned: from its own start, or the start of the outermost loop around it (whose next round runs the
    /// text before the store again), to the member's end — unless the store only leaves the member, when it runs nothing
    /// but what lies up to its <c>return</c> or <c>throw</c> (<see cref="LeavingEnd"/>).
    /// </summary>
    private static (int From, int Until) StoreSpan(IOperation reference)
    {
        var position = reference.Syntax.SpanStart;
        if (LeavingEnd(reference) is var end and >= 0)
        {
            return (position, end);
        }

        for (var parent = reference.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is ILoopOperation)
            {
                position = parent.Syntax.SpanStart;
            }
        }

        return (position, int.MaxValue);
    }

    /// <summary>
    /// Where the text that can follow a store ends when the store only leaves the member: its statement is an expression
    /// statement followed in its block only by expression statements and then a <c>return</c> (not a <c>yield return</c>)
    /// or a <c>throw</c>, and no <c>try</c> statement lies around it (whose <c>finally</c> would run later text, whose
    /// <c>catch</c> could resume a loop). Once such a store runs, the body runs nothing but those statements (and what is
    /// used at a block's end, <see cref="TouchPosition"/>) before it leaves: the end of the <c>return</c> or <c>throw</c>;
    /// -1 for any other store, and for one in a lambda or local function (docs/design.md §8, "Cost").
    /// </summary>
    private static int LeavingEnd(IOperation reference)
    {
        var statement = reference;
        while (statement.Parent is { } parent and not IBlockOperation)
        {
            statement = parent;
        }

        if (statement is not IExpressionStatementOperation || statement.Parent is not IBlockOperation block
            || Inside(reference, around => around is ITryOperation or IAnonymousFunctionOperation or ILocalFunctionOperation))
        {
            return -1;
        }

        var following = false;
        foreach (var sibling in block.Operations)
        {
            if (ReferenceEquals(sibling, statement))
            {
                following = true;
            }
            else if (following)
            {
                switch (sibling)
                {
                    case IReturnOperation { Kind: OperationKind.Return or OperationKind.YieldBreak }:
                    case IExpressionStatementOperation { Operation: IThrowOperation }:
                    case IThrowOperation:
                        return sibling.Syntax.Span.End;
                    case IExpressionStatementOperation:
                        continue;
                    default:
                        return -1;
                }
            }
        }

        return -1;
    }

    private static void Touch(Walked member, IFieldSymbol field, bool written, IOperation reference)
    {
        member.Touched.Add(field.OriginalDefinition);
        member.TouchedAt.Add((reference, field.OriginalDefinition));
        if (written)
        {
            member.Written.Add(field.OriginalDefinition);
        }
    }

    /// <summary>
    /// Over-approximated: an assignment target (also inside a deconstruction's tuple), a <c>ref</c>/<c>out</c> argument,
    /// the receiver of a call or of a member (a collection, an event, a struct; also through <c>?.</c>), an increment, or
    /// a value copied into a local (which may then be mutated through: <c>var q = _queue; q.Enqueue(x)</c>). A value stored
    /// into another location (<c>e.Value = (object)Sentinel</c>) is only read.
    /// </summary>
    private static bool IsWritten(IOperation reference) =>
        IsAssigned(reference) || IsReceiver(reference) || ElementOf(reference) is not null
        || reference.Parent is IVariableInitializerOperation or IAssignmentOperation { Target: ILocalReferenceOperation }
            or IConversionOperation { Parent: IVariableInitializerOperation or IAssignmentOperation { Target: ILocalReferenceOperation } };

    /// <summary>
    /// Whether a reference only reads the length of the array a readonly field holds (<c>_entries.Length</c>): the field never
    /// changes after construction and an array's length never does, so no location is touched (§5: a readonly field is no
    /// location itself, only what it holds may be).
    /// </summary>
    private static bool IsFixedLength(IFieldReferenceOperation reference) =>
        reference.Field.IsReadOnly && reference.Type is IArrayTypeSymbol
        && reference.Parent is IPropertyReferenceOperation { Property.Name: "Length" or "LongLength" or "Rank" } property && ReferenceEquals(property.Instance, reference);

    /// <summary>The element <paramref name="reference"/> is the array of (<c>_cells[i]</c>), or null.</summary>
    private static IArrayElementReferenceOperation? ElementOf(IOperation reference) =>
        reference.Parent is IArrayElementReferenceOperation element && ReferenceEquals(element.ArrayReference, reference) ? element : null;

    /// <summary>Whether code other than this type's own members may call a method (not a private one, a lambda or a local function): its parameters may hold any object.</summary>
    private static bool OthersMayCall(IMethodSymbol method) =>
        method.DeclaredAccessibility != Accessibility.Private && method.MethodKind is not (MethodKind.AnonymousFunction or MethodKind.LocalFunction);

    /// <summary>
    /// Whether a field reached through <paramref name="instance"/> is surely no location of this object at the default
    /// level (docs/design.md §5, "Receivers"): an object just created; an object rooted at a parameter of a method other
    /// code calls (a private method's parameter may be <c>this</c> passed on; a lambda's or a local function's is left
    /// alone too); a struct — whose fields live where it lives — held in a parameter or a local (not shared at all); a local
    /// given more than one value in its body, or a <c>ref</c> local bound to what is none of these (<see cref="ThroughLocal"/>,
    /// <see cref="BoundElsewhere"/>); or
    /// an object reached any other way than through a field (or an auto-property) of this object or a static one: what
    /// a method or a computed property returns, an element, what a field of another object holds (a location's receiver
    /// is this object, a static field, or the object one of these fields holds, one level deep).
    /// </summary>
    private static bool OfAnotherObject(IOperation? instance, TypeScope scope, Walked walked, int depth = 0)
    {
        var inStruct = instance?.Type is { IsValueType: true };
        for (var i = 0; i < 8 && instance is not null; i++)
        {
            switch (instance)
            {
                case IConversionOperation conversion:
                    instance = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    instance = parenthesized.Operand;
                    continue;
                case IParameterReferenceOperation { Parameter: { ContainingSymbol: IMethodSymbol method } parameter }:
                    return inStruct || OthersMayCall(method) || !MayHoldThis(parameter.Type, scope, walked);
                case ILocalReferenceOperation { Local.IsRef: false } local:
                    return inStruct || ThroughLocal(local, scope, walked, depth, OfAnotherObject); // a struct in a local is not shared
                case ILocalReferenceOperation { Local.IsRef: true } local:
                    return BoundElsewhere(local, scope, walked, depth);
                case IObjectCreationOperation or IAnonymousObjectCreationOperation or ITypeParameterObjectCreationOperation:
                    return true;
                case IInstanceReferenceOperation reference:
                    return reference.ReferenceKind != InstanceReferenceKind.ContainingTypeInstance; // the object an initializer sets up
                case IFieldReferenceOperation { Field.IsStatic: false, Type.IsValueType: true } outer:
                    instance = outer.Instance; // a struct's field: where the struct lives decides
                    inStruct = true;
                    continue;
                case IFieldReferenceOperation holder when !inStruct:
                    return !holder.Field.IsStatic && IsAnotherObject(holder.Instance, scope, walked, depth); // the object a field holds: this object's field, or a static one
                case IPropertyReferenceOperation property when !inStruct:
                    return scope.BackingField(property.Property) is not { } backing || (!backing.IsStatic && IsAnotherObject(property.Instance, scope, walked, depth));
                case IInvocationOperation or IArrayElementReferenceOperation when !inStruct:
                    return true; // a result, an element: no field of this object holds it here
                default:
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the variable a <c>ref</c> local is bound to is surely no location of this object at the default level: a field
    /// reached through another object (<see cref="OfAnotherObject"/>), or an element of an array that is not held in such a
    /// field (an array a method returns, one reached through a local given more than one value).
    /// </summary>
    private static bool NoLocation(IOperation bound, TypeScope scope, Walked walked, int depth) => TypeFacts.Unwrap(bound) switch
    {
        IFieldReferenceOperation field => !field.Field.IsStatic && OfAnotherObject(field.Instance, scope, walked, depth),
        IArrayElementReferenceOperation element => ArrayElsewhere(element.ArrayReference, scope, walked, depth),
        ILocalReferenceOperation { Local.IsRef: true } local => BoundElsewhere(local, scope, walked, depth),
        _ => false,
    };

    /// <summary>
    /// Whether a <c>ref</c> local is surely no location of this object: it is the location it is bound to, and no one
    /// location if one of its bindings in its body is none (<see cref="LocalValues.Bindings"/>).
    /// </summary>
    private static bool BoundElsewhere(ILocalReferenceOperation local, TypeScope scope, Walked walked, int depth)
    {
        if (depth >= MaxLocalDepth)
        {
            return false;
        }

        foreach (var bound in walked.Locals.Bindings(local))
        {
            if (NoLocation(bound, scope, walked, depth + 1))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a non-<c>ref</c> local surely leads to another object (<see cref="LocalValues"/>): given more than one value in
    /// its body it holds no one object (another object's, to the dataflow); given one, it is that value, asked of
    /// <paramref name="elsewhere"/>; not assigned in its body, it is not followed.
    /// </summary>
    private static bool ThroughLocal(ILocalReferenceOperation local, TypeScope scope, Walked walked, int depth, System.Func<IOperation, TypeScope, Walked, int, bool> elsewhere) =>
        walked.Locals.Value(local, out var value) switch
        {
            LocalValues.Kind.Many => true,
            LocalValues.Kind.One => depth < MaxLocalDepth && elsewhere(value!, scope, walked, depth + 1),
            _ => false,
        };

    /// <summary>Whether an array's elements are surely no location of this object: the array is not held in a field of it (or a static one).</summary>
    private static bool ArrayElsewhere(IOperation array, TypeScope scope, Walked walked, int depth) => TypeFacts.Unwrap(array) switch
    {
        IFieldReferenceOperation holder => !holder.Field.IsStatic && OfAnotherObject(holder.Instance, scope, walked, depth),
        ILocalReferenceOperation { Local.IsRef: false } local => ThroughLocal(local, scope, walked, depth, ArrayElsewhere),
        IInvocationOperation => true,
        _ => false,
    };

    /// <summary>
    /// Whether the object whose field holds a receiver is surely not this object (so what that field holds is no location):
    /// anything but <c>this</c>, a local that is not surely another object (<see cref="ThroughLocal"/>) or a private method's
    /// parameter of a type that can hold <c>this</c> (which may receive it).
    /// </summary>
    private static bool IsAnotherObject(IOperation? instance, TypeScope scope, Walked walked, int depth = 0)
    {
        return (instance is null ? null : TypeFacts.Unwrap(instance)) switch
        {
            null => false,
            IInstanceReferenceOperation reference => reference.ReferenceKind != InstanceReferenceKind.ContainingTypeInstance,
            ILocalReferenceOperation local => ThroughLocal(local, scope, walked, depth, IsAnotherObject),
            IParameterReferenceOperation { Parameter: { ContainingSymbol: IMethodSymbol method } parameter } => OthersMayCall(method) || !MayHoldThis(parameter.Type, scope, walked),
            _ => true,
        };
    }

    /// <summary>
    /// Whether a parameter of type <paramref name="type"/> can receive <c>this</c> — an object of one of the scope's types
    /// or of a class derived from one: its type is related to one of them (either derives from the other, or is an
    /// interface, a type parameter, <c>object</c> or unresolved). At the default level a parameter's field is a location
    /// only when the parameter always receives <c>this</c> (docs/design.md §5, "Receivers"). The answer does not depend on
    /// which class derived from a base member's class the member is walked with (its walk is shared, <see cref="SharedBodies"/>):
    /// a type related to a class below the member's class is related to that class, which every such family holds.
    /// </summary>
    private static bool MayHoldThis(ITypeSymbol? type, TypeScope scope, Walked walked)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class } named || named.SpecialType == SpecialType.System_Object)
        {
            return type is not { IsValueType: true } && type?.TypeKind is not TypeKind.Array and not TypeKind.Delegate and not TypeKind.Pointer;
        }

        foreach (var scoped in scope.Family)
        {
            if (Related(scoped, named))
            {
                return true;
            }
        }

        walked.AsksFamily = true; // a wider family may hold a class related to the parameter's
        return false;
    }

    /// <summary>Whether a reference is the location an <c>Interlocked</c> read-modify-write updates (<c>Interlocked.Increment(ref _f)</c>).</summary>
    private static bool UpdatedAtomically(IOperation reference, TypeScope scope) =>
        (reference.Parent is IConversionOperation conversion ? conversion.Parent : reference.Parent) is IArgumentOperation { Parameter.RefKind: RefKind.Ref, Parent: IInvocationOperation call }
        && scope.Knowledge.IsReadModifyWrite(call.TargetMethod);

    /// <summary>Notes a write the walk found: in the member's own stores when it is one, and with how it is ordered.</summary>
    private static void Store(Walked walked, IFieldSymbol field, IOperation reference, WriteKind kind)
    {
        if (kind == WriteKind.Nothing)
        {
            return;
        }

        var intoObject = IsReceiver(reference) || ElementOf(reference) is not null; // the object's state or elements, not the field (StoredAs)
        if (kind != WriteKind.InCallee && !IsSetUp(walked, reference))
        {
            walked.Stored.Add(field.OriginalDefinition);
            walked.StoredAt.Add((reference, field.OriginalDefinition));
            (intoObject ? walked.StoredState : walked.StoredField).Add(field.OriginalDefinition);
        }

        walked.Writes.Add(field.OriginalDefinition, reference, fence: kind == WriteKind.Fence, state: intoObject);
    }

    /// <summary>What a reference <see cref="IsWritten"/> counts as written stores, as the analysis sees it.</summary>
    private enum WriteKind
    {
        /// <summary>
        /// No store: a location passed by reference to a volatile read, or to any method but a volatile write or an
        /// <c>Interlocked</c> operation (the dataflow follows no <c>ref</c> parameter: docs/design.md §5); a number, flag, enum or string copied into a local
        /// (nothing can be stored through the copy); the receiver of a library member on an object whose state Fencer does not
        /// follow, or of one on an object whose state it follows that stores nothing there (a load, a wait, a call the
        /// dataflow does not know), or of a call or member the compilation cannot resolve; a value read into a sum; an array element read or
        /// copied; a field of the object a class-typed field holds (that object's location); a member of a struct only read.
        /// </summary>
        Nothing,

        /// <summary>What a method in source (or a property's getter) called on the field's object stores: the callee's (docs/design.md §6, <c>StoreInCallee</c>).</summary>
        InCallee,

        /// <summary>A store written in the member (an assignment, an increment, a <c>ref</c> argument, a store through a copy or into an element, a setter).</summary>
        Here,

        /// <summary>A store written in the member that is a full fence: the location an <c>Interlocked</c> operation updates, the state a signal, an enqueue or a push updates.</summary>
        Fence,
    }

    /// <summary>
    /// Whether a reference <see cref="IsWritten"/> counts as written stores, and whose store it is (<see cref="WriteKind"/>).
    /// Library calls change only the objects whose state or contents Fencer follows
    /// (<see cref="Knowledge.CallKnowledge.HoldsSharedState"/>, docs/design.md §5), and only as the dataflow's table of them
    /// says (<see cref="Knowledge.CallKnowledge.WritesHeldState"/>); a method called on the field's object
    /// that is in source may store into what the field holds, as the callee's store.
    /// </summary>
    private static WriteKind Stores(IOperation reference, ITypeSymbol type, TypeScope scope)
    {
        var parent = reference.Parent is IConversionOperation conversion ? conversion.Parent : reference.Parent;
        if (parent is IArgumentOperation { Parent: IInvocationOperation call } argument)
        {
            return scope.Knowledge.OnlyLoads(call.TargetMethod) ? WriteKind.Nothing // `Volatile.Read(ref _f)`
                : UpdatedAtomically(reference, scope) ? WriteKind.Fence // `Interlocked.Increment(ref _f)`
                : argument.Parameter?.RefKind is RefKind.Out && !scope.Knowledge.OrdersArgument(call.TargetMethod) ? WriteKind.Nothing // an `out` parameter is no location to the dataflow
                : argument.Parameter?.RefKind is not RefKind.Ref || scope.Knowledge.OrdersArgument(call.TargetMethod) ? WriteKind.Here
                : !InSource(call.TargetMethod) || !CalleeSummaries.IsKnownTarget(call.TargetMethod.OriginalDefinition) || ElementOf(reference) is not null
                    ? WriteKind.Nothing // `CopySlot(ref _entries[i])`: a library's `ref` parameter, an unknown target's, or an element, is no location to the dataflow
                : scope.Audit ? WriteKind.InCallee : WriteKind.Nothing; // what a method in source stores through a field passed by reference is its own (§5, "By-reference parameters"; §6): audit level only
        }

        if (parent is IInvalidOperation || (parent is IConditionalAccessOperation { WhenNotNull: IInvalidOperation } unresolved && ReferenceEquals(unresolved.Operation, reference)))
        {
            return WriteKind.Nothing; // the receiver of a call or member the compilation cannot resolve (a missing reference): no known store
        }

        if (parent is IAssignmentOperation assignment && !ReferenceEquals(assignment.Target, reference))
        {
            return assignment is ICompoundAssignmentOperation ? WriteKind.Nothing // `sum += _f`: a read
                : assignment is ISimpleAssignmentOperation { IsRef: true } || !IsImmutableValue(type) ? WriteKind.Here // `r = ref _f`; a copy into something other than a local (CopiedInto)
                : WriteKind.Nothing;
        }

        if (ElementOf(reference) is { } element)
        {
            // An array's elements are stored only where an element is written: reading one, copying its value, or using the
            // object a reference-typed element holds (another object's, §5) stores nothing into the array.
            return !IsWritten(element) || CopiedInto(element) is not null || (element.Type is { IsValueType: false } && IsReceiver(element))
                ? WriteKind.Nothing
                : Stores(element, element.Type ?? type, scope);
        }

        if (parent is IFieldReferenceOperation { Instance: { } instance } outer && ReferenceEquals(instance, reference))
        {
            // A field of the object a class-typed field holds is that object's location, not this field's (§5); a field of a
            // struct is part of where the struct lives, stored only where that field is written (`_head.Value = x`).
            return reference.Type is not { IsValueType: true } ? WriteKind.Nothing
                : CopiedInto(outer) is not null ? (IsImmutableValue(outer.Field.Type) ? WriteKind.Nothing : WriteKind.Here)
                : IsWritten(outer) ? Stores(outer, outer.Field.Type, scope)
                : WriteKind.Nothing;
        }

        ISymbol? member = parent switch
        {
            IInvocationOperation invocation when ReferenceEquals(invocation.Instance, reference) => invocation.TargetMethod,
            IMethodReferenceOperation group when ReferenceEquals(group.Instance, reference) => group.Method, // `_log.Flush` as a delegate: what the call would do, when it runs
            IPropertyReferenceOperation property when ReferenceEquals(property.Instance, reference) && !IsAssigned(property) => property.Property,
            IConditionalAccessOperation access when ReferenceEquals(access.Operation, reference) => access.WhenNotNull switch
            {
                IInvocationOperation invocation => invocation.TargetMethod,
                IPropertyReferenceOperation property => (ISymbol)property.Property,
                _ => null,
            },
            _ => null,
        };
        if (member is null)
        {
            return WriteKind.Here;
        }

        var held = scope.Knowledge.HoldsSharedState(type);
        return InSource(member) ? (held ? WriteKind.Here : WriteKind.InCallee)
            : !held || member is not IMethodSymbol method ? WriteKind.Nothing // a library property only reads the state (CallKnowledge.Describe)
            : scope.Knowledge.WritesHeldState(method, scope.Audit) switch
            {
                Knowledge.HeldStateWrite.ReadModifyWrite => WriteKind.Fence, // `_cts.Cancel()`, `_queue.Enqueue(x)`: a full fence
                Knowledge.HeldStateWrite.Store => WriteKind.Here,
                _ => WriteKind.Nothing, // `_cts.Token`, `_queue.TryDequeue(out x)`, `_tcs.Task`: nothing stored into the state
            };
    }

    /// <summary>Whether an operation is the receiver of a call or of a member (also through <c>?.</c>).</summary>
    private static bool IsReceiver(IOperation operation) => operation.Parent switch
    {
        IInvocationOperation invocation => ReferenceEquals(invocation.Instance, operation),
        IMemberReferenceOperation member => ReferenceEquals(member.Instance, operation),
        IConditionalAccessOperation access => ReferenceEquals(access.Operation, operation),
        _ => false,
    };

    /// <summary>A value no store can be made through: a number, a flag, a character, an enum or a string.</summary>
    private static bool IsImmutableValue(ITypeSymbol type) =>
        type.TypeKind == TypeKind.Enum || type.SpecialType is >= SpecialType.System_Boolean and <= SpecialType.System_String;

    /// <summary>Whether an operation is itself written: an assignment's target (also in a deconstruction), an increment's, or a <c>ref</c>/<c>out</c> argument.</summary>
    private static bool IsAssigned(IOperation operation) => operation.Parent switch
    {
        IAssignmentOperation assignment => ReferenceEquals(assignment.Target, operation),
        ITupleOperation tuple => IsDeconstructed(tuple),
        IIncrementOrDecrementOperation => true,
        IArgumentOperation { Parameter.RefKind: not RefKind.None } => true,
        _ => false,
    };

    /// <summary>Whether a tuple is (part of) the target of a deconstruction: <c>(_head, _tail) = (a, b)</c>.</summary>
    private static bool IsDeconstructed(ITupleOperation tuple)
    {
        IOperation current = tuple;
        while (current.Parent is ITupleOperation outer)
        {
            current = outer;
        }

        return current.Parent is IDeconstructionAssignmentOperation deconstruction && ReferenceEquals(deconstruction.Target, current);
    }

    /// <summary>The members a member calls, on this object or on another (<see cref="Member.OnThis"/>).</summary>
    private static IEnumerable<Member> Callees(Member member, Dictionary<IMethodSymbol, Member> bySymbol)
    {
        foreach (var callee in CalleesOnThis(member, bySymbol))
        {
            yield return callee;
        }

        if (member.OtherCalls is { } others)
        {
            foreach (var symbol in others)
            {
                if (!member.Calls.Contains(symbol) && bySymbol.TryGetValue(symbol, out var callee))
                {
                    yield return callee;
                }
            }
        }
    }

    private static bool IsStatic(ISymbol field) => field.IsStatic;

    /// <summary>The members of <paramref name="calls"/> (a member's calls of one kind on other objects: <see cref="Member.OnThis"/>) that reach a static field.</summary>
    private static IEnumerable<Member> ReachingStatic(HashSet<IMethodSymbol>? calls, Dictionary<IMethodSymbol, Member> bySymbol)
    {
        if (calls is null)
        {
            yield break;
        }

        foreach (var symbol in calls)
        {
            if (bySymbol.TryGetValue(symbol, out var callee) && callee.ReachesStatic)
            {
                yield return callee;
            }
        }
    }

    /// <summary>
    /// Whether a call's receiver may be this object, as the dataflow decides (docs/design.md §5, "Receivers"): anything
    /// but an object surely another (<see cref="IsAnotherObject"/>: what a field holds or a method returns, an element, a new
    /// object, a parameter that cannot receive <c>this</c>). A static call is made on no object: its accesses are the caller's.
    /// </summary>
    private static bool MayBeThis(IOperation? instance, TypeScope scope, Walked walked)
    {
        if (instance is IConditionalAccessInstanceOperation)
        {
            for (var parent = instance.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is IConditionalAccessOperation access)
                {
                    instance = access.Operation; // `x?.M()`: the call runs on x
                    break;
                }
            }
        }

        return !IsAnotherObject(instance, scope, walked);
    }

    /// <summary>What a member stores itself: its own stores, and those the property setters it uses make in their own bodies (written there; a getter's stores, and those of the methods a setter calls, are theirs).</summary>
    private static HashSet<ISymbol> Announced(Member member, Dictionary<IMethodSymbol, Member> bySymbol)
    {
        if (member.AccessorCalls.Count == 0 && member.OtherSetters is null)
        {
            return member.Stored;
        }

        var announced = new HashSet<ISymbol>(member.Stored, SymbolEqualityComparer.Default);
        foreach (var accessor in member.AccessorCalls)
        {
            if (bySymbol.TryGetValue(accessor, out var callee))
            {
                announced.UnionWith(callee.Stored); // the setter's own stores: what the methods it calls store is theirs
            }
        }

        foreach (var callee in ReachingStatic(member.OtherSetters, bySymbol))
        {
            announced.UnionWith(callee.Stored.Where(IsStatic)); // a setter of another object: its stores of static fields
        }

        return announced;
    }

    /// <summary>An empty set of fields, shared: never added to.</summary>
    private static readonly HashSet<ISymbol> NoFields = new(SymbolEqualityComparer.Default);

    /// <summary>What a member announces (<see cref="Announced"/>) in a lambda or local function written in it: a store a body it starts may make.</summary>
    private static HashSet<ISymbol> AnnouncedInNested(Member member, Dictionary<IMethodSymbol, Member> bySymbol)
    {
        var found = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var (reference, field) in member.StoredAt)
        {
            if (InNestedFunction(reference))
            {
                found.Add(field);
            }
        }

        foreach (var (reference, setter) in member.SettersAt)
        {
            if (InNestedFunction(reference) && bySymbol.TryGetValue(setter, out var callee))
            {
                found.UnionWith(callee.Stored);
            }
        }

        return found;
    }

    /// <summary>
    /// What a member may check itself (<see cref="Member.Checked"/>): its own touched fields, what the callees whose value it
    /// uses touch, and what it writes through any callee (the later access of a store-store half needs no check).
    /// </summary>
    private static HashSet<ISymbol> Checked(Member member, Dictionary<IMethodSymbol, Member> bySymbol)
    {
        var found = new HashSet<ISymbol>(member.Touched, SymbolEqualityComparer.Default);
        found.UnionWith(member.EffectiveWritten);
        AddCheckedByCallees(member, found, bySymbol);
        return found;
    }

    /// <summary>Adds what the callees whose value <paramref name="member"/> uses touch on their normal path (of a call on another object, its static fields).</summary>
    private static void AddCheckedByCallees(Member member, HashSet<ISymbol> found, Dictionary<IMethodSymbol, Member> bySymbol)
    {
        foreach (var call in member.CheckingCalls)
        {
            if (bySymbol.TryGetValue(call, out var callee) && member.Reaches(callee, normal: false))
            {
                found.UnionWith(callee.NormalTouched);
            }
        }

        foreach (var callee in ReachingStatic(member.OtherChecking, bySymbol))
        {
            found.UnionWith(callee.NormalTouched.Where(IsStatic)); // a call on another object checks only static fields here
        }
    }

    /// <summary>What a member may load to decide on (<see cref="Member.Decides"/>).</summary>
    private static HashSet<ISymbol> Decides(Member member, Dictionary<IMethodSymbol, Member> bySymbol)
    {
        var found = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var (reference, field) in member.TouchedAt)
        {
            if (!(reference.Parent is ISimpleAssignmentOperation { IsRef: false } assignment && ReferenceEquals(assignment.Target, reference)))
            {
                found.Add(field); // a plain assignment only stores; any other use may read
            }
        }

        AddCheckedByCallees(member, found, bySymbol);
        return found;
    }

    /// <summary>Adds to <paramref name="relevant"/> every caller of a member of <paramref name="sides"/> that only the scope calls (private; across a class and its bases also protected), transitively.</summary>
    private static void AddCallersOfHelpers(HashSet<Member> relevant, List<Member> sides, List<Member> members, Dictionary<IMethodSymbol, Member> bySymbol, TypeScope scope)
    {
        if (!sides.Any(m => scope.CalledOnlyHere(m.Method)))
        {
            return;
        }

        var callers = new Dictionary<Member, List<Member>>();
        foreach (var caller in members)
        {
            foreach (var callee in Callees(caller, bySymbol))
            {
                if (!callers.TryGetValue(callee, out var list))
                {
                    callers[callee] = list = new List<Member>();
                }

                list.Add(caller);
            }
        }

        var pending = new Stack<Member>(sides.Where(m => scope.CalledOnlyHere(m.Method)));
        while (pending.Count > 0)
        {
            if (!callers.TryGetValue(pending.Pop(), out var list))
            {
                continue;
            }

            foreach (var caller in list)
            {
                if (relevant.Add(caller) && scope.CalledOnlyHere(caller.Method))
                {
                    pending.Push(caller);
                }
            }
        }
    }

    /// <summary>
    /// Adds to <paramref name="sides"/> every member that may start a body and is relevant, or starts or calls a relevant
    /// member (then it is added to <paramref name="relevant"/>, with everything it calls), until none is left: a starter
    /// that reaches none of them starts nothing whose order or evidence the sides depend on.
    /// </summary>
    private static void AddStarters(HashSet<Member> relevant, List<Member> sides, List<Member> members, Dictionary<IMethodSymbol, Member> bySymbol)
    {
        var starters = members.Where(m => m.MayStart && !sides.Contains(m)).ToList();
        var added = true;
        while (added && starters.Count > 0)
        {
            added = false;
            for (var i = starters.Count - 1; i >= 0; i--)
            {
                var starter = starters[i];
                if (relevant.Contains(starter) || Callees(starter, bySymbol).Any(relevant.Contains))
                {
                    starters.RemoveAt(i);
                    sides.Add(starter);
                    if (relevant.Add(starter))
                    {
                        AddCallees(relevant, bySymbol, starter);
                    }

                    added = true;
                }
            }
        }
    }

    /// <summary>Adds to <paramref name="members"/> every member they call, transitively (one walk for all of them).</summary>
    /// <param name="from">The one member to start from, when the others' callees are in already.</param>
    private static void AddCallees(HashSet<Member> members, Dictionary<IMethodSymbol, Member> bySymbol, Member? from = null)
    {
        var pending = from is null ? new Stack<Member>(members) : new Stack<Member>(new[] { from });
        while (pending.Count > 0)
        {
            foreach (var callee in Callees(pending.Pop(), bySymbol))
            {
                if (members.Add(callee))
                {
                    pending.Push(callee);
                }
            }
        }
    }

    private sealed class Member
    {
        private readonly Walked _walked;

        public Member(IMethodSymbol method, IOperation root, Walked walked)
        {
            _walked = walked;
            Method = method;
            Root = root;
            Written = walked.Written;
            Stored = walked.Stored;
            StoredField = walked.StoredField;
            StoredState = walked.StoredState;
            Touched = walked.Touched;
            HasNestedFunction = walked.HasNestedFunction;
            HasLambda = walked.HasLambda;
            InTextOrder = !walked.HasNestedFunction && !walked.HasGoTo;
            SetUp = walked.SetUp;
            TouchedAt = walked.TouchedAt;
            StoredAt = walked.StoredAt;
            Writes = walked.Writes;
            Handlers = walked.Handlers;
            OwnNormalTouched = walked.NormalTouched ?? Touched;
            OwnNormalWritten = walked.NormalWritten ?? Written;
        }

        /// <summary>The body's catch clauses, with whether each stores (<see cref="SetApart"/>); null when it has none or at the audit level.</summary>
        public Dictionary<ICatchClauseOperation, bool>? Handlers { get; }

        /// <summary>What the body touches and writes outside its catch clauses and its lambdas: what its callers reach of its own accesses.</summary>
        public HashSet<ISymbol> OwnNormalTouched { get; }

        public HashSet<ISymbol> OwnNormalWritten { get; }

        /// <summary>What callers reach through the member: <see cref="EffectiveTouched"/> and <see cref="EffectiveWritten"/> on the paths that enter no exception handler of its own or of its callees, outside lambdas and delegates named.</summary>
        public HashSet<ISymbol> NormalTouched { get; set; } = NoFields;

        public HashSet<ISymbol> NormalWritten { get; set; } = NoFields;

        /// <summary>The static fields among what the member and its callees (on any object) write and touch, and what callers reach of them (<see cref="SumStatics"/>).</summary>
        public HashSet<ISymbol> StaticWritten { get; set; } = NoFields;

        public HashSet<ISymbol> StaticTouched { get; set; } = NoFields;

        public HashSet<ISymbol> StaticNormalWritten { get; set; } = NoFields;

        public HashSet<ISymbol> StaticNormalTouched { get; set; } = NoFields;

        /// <summary>Whether the member's own body touches a static field.</summary>
        public bool HasStatics => _walked.HasStatics;

        /// <summary><see cref="TouchPosition"/> of a reference written in the member's body.</summary>
        public int PositionOf(IOperation reference) => _walked.PositionOf(reference);

        /// <summary>The static fields the member's own body writes (or touches), of all it does or of what its callers reach.</summary>
        public HashSet<ISymbol> OwnStatics(bool written, bool normal) => _walked.StaticPart(written, normal);

        /// <summary>
        /// The members only named as delegates, or called on this object only in exception handlers or lambdas, each with
        /// whether the member itself reaches none of them (<see cref="NoteCallsApart"/>).
        /// </summary>
        private Dictionary<IMethodSymbol, bool>? _apart;

        /// <summary>
        /// Whether what its callers reach of the member differs from what it does: it accesses a field or calls a member in a
        /// catch clause or a lambda (a delegate named, or a call in a handler that stores nothing, is reached by neither).
        /// </summary>
        public bool CallersReachLess => _reachedByItselfOnly || !ReferenceEquals(OwnNormalTouched, Touched) || !ReferenceEquals(OwnNormalWritten, Written);

        /// <summary>
        /// Notes which members of the scope the member names as delegates, or calls on this object only in catch clauses
        /// or in lambdas (once its calls are resolved): what such a callee does is not the member's callers', and a
        /// delegate's target not the member's either (<see cref="SetApart"/>; docs/design.md §8, "what callers reach").
        /// </summary>
        public void NoteCallsApart()
        {
            Dictionary<IMethodSymbol, bool>? found = null;
            HashSet<IMethodSymbol>? outside = null;
            foreach (var (reference, callee) in CallsAt)
            {
                // Quiet: reached by neither the member nor its callers — a delegate named (the dataflow runs a delegate
                // where it is invoked, a point no path follows, and the method it names is a body of its own), or a call
                // in a handler that stores nothing. A call in a lambda is the member's (it stands for the lambda's sides
                // in the scan), never its callers'.
                bool? quietHere = reference is null ? true
                    : HasLambda && InLambda(reference) ? false
                    : Handlers is not null && HandlerOf(reference) is { } clause ? !Handlers[clause]
                    : null;
                if (quietHere is not { } quietThere)
                {
                    (outside ??= new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default)).Add(callee);
                    continue;
                }

                found ??= new Dictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
                found[callee] = (!found.TryGetValue(callee, out var quiet) || quiet) && quietThere;
            }

            if (found is not null && outside is not null)
            {
                foreach (var callee in outside)
                {
                    found.Remove(callee);
                }
            }

            _apart = found is { Count: > 0 } ? found : null;
            _reachedByItselfOnly = found is not null && found.ContainsValue(false);
        }

        /// <summary>Whether the member itself reaches a callee its callers do not (one called only in a lambda or in a handler that stores).</summary>
        private bool _reachedByItselfOnly;

        /// <summary>
        /// Whether what <paramref name="callee"/> does counts as this member's: for the member itself unless it is only
        /// named as a delegate or called in handlers that store nothing; for its callers (<paramref name="normal"/>) unless
        /// it is only named, or called in handlers or lambdas.
        /// </summary>
        public bool Reaches(Member callee, bool normal) =>
            _apart is null || !_apart.TryGetValue(callee.Method.OriginalDefinition, out var quiet) || (!normal && !quiet);

        /// <summary>Whether a call written at <paramref name="reference"/> lies in a catch clause that stores nothing.</summary>
        public bool InQuietHandler(IOperation reference) => Handlers is not null && HandlerOf(reference) is { } clause && !Handlers[clause];

        /// <summary>The values the member's locals are given (<see cref="LocalValues"/>), found once per walk.</summary>
        public LocalValues Locals => _walked.Locals;

        /// <summary>The member's own writes, with how each is ordered (shared with the walk).</summary>
        public OrderedWrites.MemberWrites Writes { get; }

        private HashSet<ISymbol>? _fencedOutsideLocks;

        /// <summary>Whether the member's own body writes <paramref name="field"/> with a read-modify-write outside every <c>lock</c> statement (<see cref="OrderedWrites.FencedOutsideLocks"/>, found once).</summary>
        public bool FencesOutsideLock(ISymbol field, OrderedWrites ordered) => (_fencedOutsideLocks ??= ordered.FencedOutsideLocks(Writes)).Contains(field);

        /// <summary>Whether a member of the scope refers to the member as a delegate: a body that may be started (docs/design.md §6, "Concurrency").</summary>
        public bool Started { get; set; }

        /// <summary>The fields the member announces in a lambda or local function written in it, when it may start one (<see cref="AnnouncedInNested"/>).</summary>
        public HashSet<ISymbol> AnnouncedInNested { get; set; } = NoFields;

        public IMethodSymbol Method { get; }

        public IOperation Root { get; }

        /// <summary>What the member's own walk writes (shared with the walk: never changed).</summary>
        public HashSet<ISymbol> Written { get; }

        /// <summary>What the member stores itself, of <see cref="Written"/> (shared with the walk).</summary>
        public HashSet<ISymbol> Stored { get; }

        /// <summary>The fields of <see cref="Stored"/> whose own location the member stores (<see cref="Walked.StoredField"/>).</summary>
        public HashSet<ISymbol> StoredField { get; }

        /// <summary>The fields of <see cref="Stored"/> into whose object the member stores (<see cref="Walked.StoredState"/>).</summary>
        public HashSet<ISymbol> StoredState { get; }

        public HashSet<ISymbol> Touched { get; }

        /// <summary>What the member and every member it calls (transitively) write, not what a delegate it names does (<see cref="Reaches"/>): shared by one call-graph component.</summary>
        public HashSet<ISymbol> EffectiveWritten { get; set; } = NoFields;

        public HashSet<ISymbol> EffectiveTouched { get; set; } = NoFields;

        /// <summary>The members the member calls on this object (or statically), or refers to as delegates.</summary>
        public HashSet<IMethodSymbol> Calls { get; } = new(SymbolEqualityComparer.Default);

        /// <summary>
        /// The members of the scope the member calls on another object (<see cref="MayBeThis"/>): what they do to that
        /// object's fields is not this object's, as the dataflow sees it (docs/design.md §5, "Receivers": only their static
        /// fields, and their fences, are the caller's); null when there are none.
        /// </summary>
        public HashSet<IMethodSymbol>? OtherCalls { get; private set; }

        /// <summary>The calls of <see cref="OtherCalls"/> with where each is made.</summary>
        public List<(IOperation Reference, IMethodSymbol Callee)>? OtherCallsAt { get; private set; }

        /// <summary>The setters among <see cref="OtherCalls"/>: what they store of static fields is stored where the property is assigned.</summary>
        public HashSet<IMethodSymbol>? OtherSetters { get; set; }

        /// <summary>The members among <see cref="OtherCalls"/> whose value the member may use.</summary>
        public HashSet<IMethodSymbol>? OtherChecking { get; private set; }

        /// <summary>Notes that the member may use the value <paramref name="runs"/> returns, called on this object or (<paramref name="onThis"/> false) on another.</summary>
        public void Checks(IMethodSymbol runs, bool onThis)
        {
            if (onThis)
            {
                CheckingCalls.Add(runs.OriginalDefinition);
            }
            else
            {
                (OtherChecking ??= new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default)).Add(runs.OriginalDefinition);
            }
        }

        /// <summary>Whether the member or a member it calls on this object (transitively) writes or touches a static field.</summary>
        public bool ReachesStatic { get; set; }

        /// <summary>Whether the member calls <paramref name="callee"/> on this object somewhere (or refers to it as a delegate).</summary>
        public bool OnThis(Member callee) => Calls.Contains(callee.Method.OriginalDefinition);

        /// <summary>Notes a call into the scope at <paramref name="reference"/>; returns whether it may run on this object.</summary>
        public bool Call(IOperation reference, IOperation? instance, IMethodSymbol runs, TypeScope scope, Walked walked)
        {
            if (MayBeThis(instance, scope, walked))
            {
                Calls.Add(runs.OriginalDefinition);
                CallsAt.Add((reference, runs.OriginalDefinition));
                return true;
            }

            (OtherCalls ??= new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default)).Add(runs.OriginalDefinition);
            (OtherCallsAt ??= new List<(IOperation, IMethodSymbol)>()).Add((reference, runs.OriginalDefinition));
            return false;
        }

        /// <summary>The members among <see cref="Calls"/> the member refers to as delegates: bodies it may start or hand on to be run.</summary>
        public HashSet<IMethodSymbol> Referenced { get; } = new(SymbolEqualityComparer.Default);

        /// <summary>The property setters among <see cref="Calls"/>: what they store is stored where the property is assigned.</summary>
        public HashSet<IMethodSymbol> AccessorCalls { get; } = new(SymbolEqualityComparer.Default);

        /// <summary>The members among <see cref="Calls"/> whose value the member may use: property getters, and calls whose value is not discarded.</summary>
        public HashSet<IMethodSymbol> CheckingCalls { get; } = new(SymbolEqualityComparer.Default);

        /// <summary>
        /// The fields the member may check itself (docs/design.md §6, "The check is written with the announcement"): touched in its
        /// own body or by a callee whose value it uses, or written anywhere below it (a later store is no check).
        /// </summary>
        public HashSet<ISymbol> Checked => _checked ??= CheckedOf!(this);

        /// <summary>How <see cref="Checked"/> is found, when first asked for (after the effective sets are summed).</summary>
        public System.Func<Member, HashSet<ISymbol>>? CheckedOf { private get; set; }

        /// <summary>
        /// The fields the member may load to decide on, as both sides of an atomic announcement must (docs/design.md §6): read
        /// in its own body (any use but the target of a plain assignment), or touched by a callee whose value it uses.
        /// </summary>
        public HashSet<ISymbol> Decides => _decides ??= DecidesOf!(this);

        /// <summary>How <see cref="Decides"/> is found, when first asked for.</summary>
        public System.Func<Member, HashSet<ISymbol>>? DecidesOf { private get; set; }

        private HashSet<ISymbol>? _decides;

        private HashSet<ISymbol>? _checked;

        /// <summary>The fields a pair can start with in this member (<see cref="Announced"/>; everything it writes at the audit level).</summary>
        public HashSet<ISymbol> Announced { get; set; } = new(SymbolEqualityComparer.Default);

        /// <summary>Whether the member may start a body (a thread, a task, a callback): then the bodies of the type may run concurrently without shared locations.</summary>
        public bool MayStart { get; set; }

        /// <summary>Whether the member may start a body or be started (referred to as a delegate by a member of the scope).</summary>
        public bool MayRace { get; set; }

        /// <summary>Whether the member calls an explicit barrier: evidence on any pair of locations.</summary>
        public bool HasBarrier { get; set; }

        /// <summary>Whether a lambda or local function is written in the member: a body that may run after it.</summary>
        public bool HasNestedFunction { get; }

        /// <summary>Whether a lambda is written in the member: what it does there is no caller's (<see cref="NoteCallsApart"/>).</summary>
        public bool HasLambda { get; }

        /// <summary>Whether the member is a constructor or a finalizer (<see cref="IsSetUp"/>).</summary>
        public bool SetUp { get; }

        /// <summary>
        /// Whether the member's text order bounds its execution order (<see cref="TouchedAfter"/>): no nested function (whose body
        /// runs when it is called) and no <c>goto</c>.
        /// </summary>
        public bool InTextOrder { get; }

        /// <summary>The walk's touches with where each is made (shared with the walk).</summary>
        public List<(IOperation Reference, ISymbol Field)> TouchedAt { get; }

        /// <summary>The walk's own stores with where each is made (shared with the walk).</summary>
        public List<(IOperation Reference, ISymbol Field)> StoredAt { get; }

        /// <summary>The members of <see cref="Calls"/> with where each is called (none for a delegate named, which is no call: <see cref="NoteCallsApart"/>).</summary>
        public List<(IOperation? Reference, IMethodSymbol Callee)> CallsAt { get; } = new();

        /// <summary>The setters of <see cref="AccessorCalls"/> with where each property is assigned.</summary>
        public List<(IOperation Reference, IMethodSymbol Setter)> SettersAt { get; } = new();

        /// <summary>Whether <see cref="TouchedAfter"/> bounds what follows a store by the text (the default level, <see cref="InTextOrder"/>).</summary>
        public bool Ordered { get; set; }

        /// <summary><see cref="TouchedAfter"/>'s sets, per announced field, found when first asked for.</summary>
        public Dictionary<ISymbol, HashSet<ISymbol>>? After { get; set; }

        /// <summary><see cref="TouchedFrom"/>'s sets, per stretch of the text (from, until), found when first asked for.</summary>
        public Dictionary<(int From, int Until), HashSet<ISymbol>>? Spans { get; set; }

        /// <summary>Whether <see cref="Drain"/> has been looked for (<see cref="DrainOf"/>).</summary>
        public bool DrainFound { get; set; }

        /// <summary>The member's drain of a work-in-progress counter, when its text has one (<see cref="FindDrain"/>).</summary>
        public (LockId Lock, HashSet<IOperation> Region, bool ToEnd)? Drain { get; set; }

        /// <summary><see cref="Sections"/>' sets of a callee, per location, found when first asked for (null while being found).</summary>
        public Dictionary<ISymbol, HashSet<LockId>?>? Covers { get; set; }

        /// <summary>The locks the member is entered holding, as the scan finds them (<see cref="Sections"/>); null until asked.</summary>
        public HashSet<LockId>? EntryLocks { get; set; }

        /// <summary>The locks over every access of a field in a stretch of the text after a store (<see cref="Sections"/>), found when first asked for.</summary>
        public Dictionary<(int From, int Until, ISymbol Other), HashSet<LockId>>? LaterCovers { get; set; }

        /// <summary>The member's accesses by field, with where each may happen (<see cref="Sections"/>), listed when first asked for.</summary>
        public Dictionary<ISymbol, List<(IOperation Reference, int Position)>>? TouchesByField { get; set; }
    }
}
