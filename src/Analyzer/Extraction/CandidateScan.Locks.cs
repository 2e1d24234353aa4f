using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Fencer.Analyzer.Model;

namespace Fencer.Analyzer.Extraction;

/// <summary>
/// Which locks order a half in the candidate scan's reading of a member's text (docs/design.md §8, "Cost": "Critical
/// sections in the scan"): a half (a store, then an access of another location) is ordered by a lock when one critical
/// section of it lies between its two accesses — the store inside, or every later access of the other location inside.
/// The scan knows from the text alone the body of a <c>lock</c> statement, the drain of a work-in-progress counter
/// written in its usual shapes, and a helper every call of which is written in one of those. Each is a part of what the
/// dataflow holds the lock over (§7), so a pair the scan finds ordered is one the dataflow finds ordered too.
/// </summary>
internal static partial class CandidateScan
{
    private static readonly HashSet<LockId> NoLocks = new();
    private static readonly List<(IOperation, int)> NoTouches = new();

    /// <summary>The critical sections of one scan's members, found as pairs ask about them (docs/design.md §8, "Critical sections in the scan").</summary>
    private sealed class Sections
    {
        private readonly Dictionary<IMethodSymbol, Member> _bySymbol;
        private readonly OrderedWrites _ordered;
        private readonly TypeScope _scope;
        private Dictionary<Member, List<(Member Caller, IOperation Reference)>>? _callers;
        private HashSet<Member>? _calledElsewhere;

        public Sections(Dictionary<IMethodSymbol, Member> bySymbol, OrderedWrites ordered, TypeScope scope)
        {
            _bySymbol = bySymbol;
            _ordered = ordered;
            _scope = scope;
        }

        /// <summary>
        /// The locks that order every half starting with <paramref name="member"/>'s write of <paramref name="written"/> at
        /// <paramref name="write"/> and going on to <paramref name="other"/>: those whose critical section holds the write,
        /// and those whose critical sections hold every access of <paramref name="other"/> that may follow it (in the
        /// member's text, or in a callee called there). Null when the member's text does not bound its execution order,
        /// or a location is static (a counter is one object's lock; a static location may be two objects' pair).
        /// </summary>
        public HashSet<LockId>? Covering(Member? member, IOperation write, ISymbol written, ISymbol other)
        {
            if (member is not { Ordered: true, Method.MethodKind: MethodKind.Ordinary or MethodKind.PropertyGet or MethodKind.ExplicitInterfaceImplementation }
                || written.IsStatic || other.IsStatic)
            {
                return null;
            }

            var result = new HashSet<LockId>(CoverOf(member, write, usedLater: false));
            var (from, until) = StoreSpan(write);
            member.LaterCovers ??= new Dictionary<(int, int, ISymbol), HashSet<LockId>>(SpanComparer.Instance);
            if (!member.LaterCovers.TryGetValue((from, until, other), out var later))
            {
                member.LaterCovers[(from, until, other)] = later = LaterCover(member, from, until, other);
            }

            result.UnionWith(later);
            return result;
        }

        /// <summary>
        /// The locks whose critical sections hold every access of <paramref name="other"/> a member may make at or after
        /// <paramref name="from"/> (up to <paramref name="until"/>), as TouchedBetween finds them: each must lie in the
        /// lock's critical section, itself or through the call that makes it. Found once per stretch of text.
        /// </summary>
        private HashSet<LockId> LaterCover(Member member, int from, int until, ISymbol other)
        {
            bool Between(int position) => position >= from && (position <= until || position == int.MaxValue);

            HashSet<LockId>? common = null;
            foreach (var (reference, position) in TouchesOf(member, other))
            {
                if (Between(position) && !Narrow(ref common, CoverOf(member, reference, position == int.MaxValue)))
                {
                    return NoLocks;
                }
            }

            foreach (var (reference, called) in member.CallsAt)
            {
                // A delegate named (no reference) is no call: its target runs where the delegate is invoked (CandidateScan.Member.NoteCallsApart).
                if (reference is null || !_bySymbol.TryGetValue(called, out var callee) || !callee.NormalTouched.Contains(other)
                    || !Between(member.PositionOf(reference)) || member.InQuietHandler(reference))
                {
                    continue;
                }

                var around = new HashSet<LockId>(CoverOf(member, reference, usedLater: false));
                around.UnionWith(CalleeCover(callee, other));
                if (!Narrow(ref common, around))
                {
                    return NoLocks;
                }
            }

            return common ?? NoLocks;
        }

        /// <summary>A member's accesses of one field, with the latest point each may happen at (<see cref="TouchPosition"/>), listed once per member.</summary>
        private static List<(IOperation Reference, int Position)> TouchesOf(Member member, ISymbol field)
        {
            if (member.TouchesByField is null)
            {
                member.TouchesByField = new Dictionary<ISymbol, List<(IOperation, int)>>(SymbolEqualityComparer.Default);
                foreach (var (reference, touched) in member.TouchedAt)
                {
                    if (!member.TouchesByField.TryGetValue(touched, out var list))
                    {
                        member.TouchesByField[touched] = list = new List<(IOperation, int)>();
                    }

                    list.Add((reference, member.PositionOf(reference)));
                }
            }

            return member.TouchesByField.TryGetValue(field, out var found) ? found : NoTouches;
        }

        /// <summary>
        /// The locks whose critical sections hold every access of <paramref name="other"/> <paramref name="callee"/>
        /// makes, itself or through its own callees (found once per callee and location; a call cycle, a nested function —
        /// which runs later, under no lock of the body — and an access found in no list the scan keeps hold none).
        /// </summary>
        private HashSet<LockId> CalleeCover(Member callee, ISymbol other)
        {
            callee.Covers ??= new Dictionary<ISymbol, HashSet<LockId>?>(SymbolEqualityComparer.Default);
            if (callee.Covers.TryGetValue(other, out var known))
            {
                return known ?? NoLocks; // null: being found (a cycle of calls)
            }

            callee.Covers[other] = null;
            var found = callee.InTextOrder ? CoverOfEvery(callee, other) : NoLocks;
            callee.Covers[other] = found;
            return found;
        }

        private HashSet<LockId> CoverOfEvery(Member callee, ISymbol other)
        {
            HashSet<LockId>? common = null;
            foreach (var (reference, position) in TouchesOf(callee, other))
            {
                if (!Narrow(ref common, CoverOf(callee, reference, position == int.MaxValue)))
                {
                    return NoLocks;
                }
            }

            foreach (var (reference, called) in callee.CallsAt)
            {
                if (reference is null || !_bySymbol.TryGetValue(called, out var next) || !next.NormalTouched.Contains(other))
                {
                    continue; // a delegate named is no call (CandidateScan.Member.NoteCallsApart)
                }

                var around = new HashSet<LockId>(CoverOf(callee, reference, usedLater: false));
                around.UnionWith(CalleeCover(next, other));
                if (!Narrow(ref common, around))
                {
                    return NoLocks;
                }
            }

            return common ?? NoLocks;
        }

        /// <summary>
        /// The locks whose critical sections hold <paramref name="reference"/>, written in <paramref name="member"/>: the
        /// <c>lock</c> statements around it, the member's drain, and the locks held at its entry. An access whose value is
        /// used later (through a local copy) is held only by a section that lasts to the end of the body, which every later
        /// use lies in.
        /// </summary>
        private HashSet<LockId> CoverOf(Member member, IOperation reference, bool usedLater)
        {
            if (InNestedFunction(reference))
            {
                return usedLater || !member.Writes.HasLockStatement ? NoLocks : _ordered.LocksAround(reference); // a lambda or local function runs later, under none of the body's locks
            }

            var drain = DrainOf(member, _ordered);
            var inDrain = drain is { } held && (!usedLater || held.ToEnd) && Within(reference, held.Region);
            var statements = usedLater || !member.Writes.HasLockStatement ? NoLocks : _ordered.LocksAround(reference);
            var entry = HeldAtEntry(member);
            if (!inDrain && entry.Count == 0)
            {
                return statements;
            }

            var locks = new HashSet<LockId>(statements);
            locks.UnionWith(entry);
            if (inDrain)
            {
                locks.Add(drain!.Value.Lock);
            }

            return locks;
        }

        /// <summary>
        /// The locks a helper is entered holding, as the dataflow takes them (docs/design.md §7, "the locks every caller
        /// holds"): a method only the scope can call (a private one; across a class and its bases a protected one), never
        /// named as a delegate nor called on another object, called at least once, and every call of which is written in a
        /// critical section of the lock (or in a helper entered holding it). Found once per member; a cycle of calls holds
        /// none.
        /// </summary>
        private HashSet<LockId> HeldAtEntry(Member member)
        {
            if (member.EntryLocks is { } known)
            {
                return known;
            }

            member.EntryLocks = NoLocks; // while being found
            HashSet<LockId>? held = null;
            if (member.Method.MethodKind is MethodKind.Ordinary or MethodKind.PropertyGet or MethodKind.PropertySet
                && _scope.CalledOnlyHere(member.Method) && !member.Started && !CalledElsewhere(member)
                && Callers().TryGetValue(member, out var calls))
            {
                foreach (var (caller, reference) in calls)
                {
                    if (!Narrow(ref held, CoverOf(caller, reference, usedLater: false)))
                    {
                        break;
                    }
                }
            }

            member.EntryLocks = held is { Count: > 0 } ? held : NoLocks;
            return member.EntryLocks;
        }

        /// <summary>Every call of a member of the scope on this object, by callee (a delegate named is no call: it makes its target started).</summary>
        private Dictionary<Member, List<(Member Caller, IOperation Reference)>> Callers()
        {
            if (_callers is null)
            {
                _callers = new Dictionary<Member, List<(Member, IOperation)>>();
                foreach (var caller in _bySymbol.Values)
                {
                    foreach (var (reference, called) in caller.CallsAt)
                    {
                        if (reference is not null && _bySymbol.TryGetValue(called, out var callee))
                        {
                            if (!_callers.TryGetValue(callee, out var list))
                            {
                                _callers[callee] = list = new List<(Member, IOperation)>();
                            }

                            list.Add((caller, reference));
                        }
                    }
                }
            }

            return _callers;
        }

        /// <summary>Whether some member of the scope calls <paramref name="member"/> on another object (whose locks are that object's).</summary>
        private bool CalledElsewhere(Member member)
        {
            if (_calledElsewhere is null)
            {
                _calledElsewhere = new HashSet<Member>();
                foreach (var caller in _bySymbol.Values)
                {
                    foreach (var (_, called) in caller.OtherCallsAt ?? Enumerable.Empty<(IOperation, IMethodSymbol)>())
                    {
                        if (_bySymbol.TryGetValue(called, out var callee))
                        {
                            _calledElsewhere.Add(callee);
                        }
                    }
                }
            }

            return _calledElsewhere.Contains(member);
        }
    }

    /// <summary>Compares stretches of text with the field asked about (by symbol).</summary>
    private sealed class SpanComparer : IEqualityComparer<(int, int, ISymbol)>
    {
        public static readonly SpanComparer Instance = new();

        public bool Equals((int, int, ISymbol) x, (int, int, ISymbol) y) =>
            x.Item1 == y.Item1 && x.Item2 == y.Item2 && SymbolEqualityComparer.Default.Equals(x.Item3, y.Item3);

        public int GetHashCode((int, int, ISymbol) obj) => (((obj.Item1 * 397) ^ obj.Item2) * 397) ^ SymbolEqualityComparer.Default.GetHashCode(obj.Item3);
    }

    /// <summary>Intersects the locks found so far with <paramref name="around"/>; false once none is left.</summary>
    private static bool Narrow(ref HashSet<LockId>? common, HashSet<LockId> around)
    {
        if (common is null)
        {
            common = new HashSet<LockId>(around);
        }
        else
        {
            common.IntersectWith(around);
        }

        return common.Count > 0;
    }

    /// <summary>Whether an operation lies inside one of <paramref name="region"/>'s statements.</summary>
    private static bool Within(IOperation operation, HashSet<IOperation> region)
    {
        for (IOperation? current = operation; current is not null; current = current.Parent)
        {
            if (current.Parent is IBlockOperation && region.Contains(current))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The member's drain (<see cref="FindDrain"/>), found once.</summary>
    private static (LockId Lock, HashSet<IOperation> Region, bool ToEnd)? DrainOf(Member member, OrderedWrites ordered)
    {
        if (!member.DrainFound)
        {
            member.DrainFound = true;
            member.Drain = member.InTextOrder && FindDrain(member) is { } drain && ordered.IsReleased(drain.Lock.Symbol) ? drain : null;
        }

        return member.Drain;
    }

    /// <summary>
    /// The drain of a work-in-progress counter written in the member's body (docs/design.md §7), in either of its usual
    /// shapes: a statement of the body <c>if (Interlocked.Increment(ref wip) != 1) return;</c>, whose drain is every
    /// statement after it; or <c>if (Interlocked.Increment(ref wip) == 1) { … }</c> (no <c>else</c>), whose drain is its
    /// block. The counter is a field of this object, and something lets go of it (a counter only ever raised is no lock,
    /// §7: <see cref="DrainOf"/> asks). Only where the dataflow holds the counter over the whole drain:
    /// every other store of the counter in the member is a release tested for 0 that leaves the drain where it reached 0
    /// (<c>if (Interlocked.Decrement(ref wip) == 0) break;</c>, <c>missed = Interlocked.Add(ref wip, -missed); if
    /// (missed == 0) break;</c>; a <c>return</c> for the <c>break</c>), written in a loop that is the drain's last
    /// statement; and the member is neither async nor an iterator.
    /// </summary>
    private static (LockId Lock, HashSet<IOperation> Region, bool ToEnd)? FindDrain(Member member)
    {
        if (member.Method.IsAsync || BodyBlock(member.Root) is not { } body)
        {
            return null;
        }

        for (var i = 0; i < body.Operations.Length; i++)
        {
            if (body.Operations[i] is not IConditionalOperation { WhenFalse: null } test
                || BodyExtractor.SpinAcquisition(test.Condition, BodyExtractor.AsWritten, out var acquiredWhen) is not { TargetMethod.Name: "Increment" or "Add" } raise
                || raise.Arguments[0].Value is not IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation, Field: { IsStatic: false } counter } gate)
            {
                continue;
            }

            List<IOperation> region;
            bool toEnd;
            if (!acquiredWhen && Leaves(test.WhenTrue, orBreak: false))
            {
                region = new List<IOperation>();
                for (var j = i + 1; j < body.Operations.Length; j++)
                {
                    region.Add(body.Operations[j]);
                }

                toEnd = true;
            }
            else if (acquiredWhen && test.WhenTrue is IBlockOperation block)
            {
                region = new List<IOperation>(block.Operations);
                toEnd = i == body.Operations.Length - 1; // the drain's `if` ends the body: its block lasts to the end
            }
            else
            {
                continue;
            }

            return region.Count > 0 && HeldThroughout(member, counter.OriginalDefinition, gate, region) ? (new LockId(counter.OriginalDefinition, isThis: false), new HashSet<IOperation>(region), toEnd) : null;
        }

        return null;
    }

    /// <summary>Whether every store of the counter the member writes, but its acquisition, is a release that leaves the drain (<see cref="FindDrain"/>), and no statement of the drain yields.</summary>
    private static bool HeldThroughout(Member member, IFieldSymbol counter, IOperation gate, List<IOperation> region)
    {
        foreach (var (field, reference, _, _) in member.Writes.Writes)
        {
            if (SymbolEqualityComparer.Default.Equals(field.OriginalDefinition, counter) && !ReferenceEquals(reference, gate) && !LeavingRelease(reference, region))
            {
                return false;
            }
        }

        foreach (var statement in region)
        {
            foreach (var operation in statement.DescendantsAndSelf())
            {
                if (operation is IReturnOperation { Kind: OperationKind.YieldReturn or OperationKind.YieldBreak })
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Whether a reference to the counter is the release of a drain that leaves it where the counter reached 0: the
    /// counter of <c>Interlocked.Decrement</c> or <c>Interlocked.Add</c> whose result is tested against 0 in the next
    /// <c>if</c>, which then only breaks or returns, inside a loop that is the drain's last statement.
    /// </summary>
    private static bool LeavingRelease(IOperation reference, List<IOperation> region)
    {
        if (reference.Parent is not IArgumentOperation { Parent: IInvocationOperation { TargetMethod.ContainingType.Name: "Interlocked", TargetMethod.Name: "Decrement" or "Add" } call } argument
            || call.Arguments.IsEmpty || !ReferenceEquals(call.Arguments[0], argument))
        {
            return false;
        }

        // `if (Interlocked.Decrement(ref wip) == 0) break;`, or `missed = Interlocked.Add(ref wip, -missed);` then `if (missed == 0) break;`:
        // the test the dataflow reads as the release (BodyExtractor.TestedRelease), leaving where the result was 0.
        IConditionalOperation? test;
        IOperation? previous = null;
        if (call.Parent is ISimpleAssignmentOperation { Target: ILocalReferenceOperation } assignment && ReferenceEquals(assignment.Value, call)
            && assignment.Parent is IExpressionStatementOperation { Parent: IBlockOperation block } expression)
        {
            var index = block.Operations.IndexOf(expression);
            test = index + 1 < block.Operations.Length ? block.Operations[index + 1] as IConditionalOperation : null;
            previous = expression;
        }
        else
        {
            var parent = call.Parent;
            while (parent is IBinaryOperation or IParenthesizedOperation or IConversionOperation)
            {
                parent = parent.Parent;
            }

            test = parent as IConditionalOperation;
        }

        if (test is not { WhenFalse: null } || !Leaves(test.WhenTrue, orBreak: true)
            || !ReferenceEquals(BodyExtractor.TestedRelease(test.Condition, previous, BodyExtractor.AsWritten, out var zeroWhen), call) || !zeroWhen)
        {
            return false;
        }

        // The loop the release is written in is the drain's last statement: its `break` leaves the drain (a `switch`
        // around it would take the `break` for its own).
        IOperation? loop = test.Parent;
        while (loop is not null and not ILoopOperation)
        {
            if (loop is ISwitchOperation)
            {
                return false;
            }

            loop = loop.Parent;
        }

        return loop is not null && region.Count > 0 && ReferenceEquals(region[region.Count - 1], loop);
    }

    /// <summary>Whether a branch only leaves: a <c>return</c> (or, <paramref name="orBreak"/>, a <c>break</c>), alone or in a block of its own.</summary>
    private static bool Leaves(IOperation branch, bool orBreak) => branch switch
    {
        IReturnOperation { Kind: OperationKind.Return } => true,
        IBranchOperation { BranchKind: BranchKind.Break } => orBreak,
        IBlockOperation { Operations.Length: 1 } block => Leaves(block.Operations[0], orBreak),
        _ => false,
    };

    /// <summary>The block of a member's body (a method's, an accessor's); null for an expression body.</summary>
    private static IBlockOperation? BodyBlock(IOperation root) => root switch
    {
        IMethodBodyOperation { BlockBody: { } block } => block,
        IBlockOperation block => block,
        _ => null,
    };
}
