using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Fencer.Analyzer.Knowledge;
using Fencer.Analyzer.Model;

namespace Fencer.Analyzer.Extraction;

/// <summary>
/// How the stores of each field are ordered where they are written, for the candidate scan (docs/design.md §8, "Cost"):
/// whether every write is an <c>Interlocked</c> read-modify-write (a full fence) or, at the default level, one a full
/// fence follows (<see cref="FencedAfter"/>), and which locks have a <c>lock</c> statement written around every write in
/// its own body. A pair of fields each of whose writes is fenced so, or each of whose writes lies inside a critical
/// section of one lock, closes no cycle: every half of it starts with a full fence,
/// or is ordered by that lock, which the other half holds as well (§7: one critical section lies between a store made
/// inside it and any later access). Found for a field only when a pair asks about it.
/// </summary>
internal sealed class OrderedWrites
{
    private static readonly HashSet<LockId> NoLocks = new();

    private readonly IOperationContext _context;
    private readonly List<MemberWrites> _members = new();
    private readonly Dictionary<ISymbol, (bool AllFences, HashSet<LockId> Locks)?> _orders = new(SymbolEqualityComparer.Default);
    private Dictionary<ISymbol, List<(MemberWrites Owner, IOperation Reference, bool Fence, bool InLock, bool State)>>? _byField;
    private Dictionary<(ISymbol, ISymbol), bool>? _followed;
    private Dictionary<(ISymbol, ISymbol), bool?[]>? _followedAs;

    /// <param name="backingField">The field behind an auto-property, for a lock taken on the property.</param>
    public OrderedWrites(System.Func<IPropertySymbol, IFieldSymbol?> backingField) => _context = new WrittenHere(backingField);

    /// <summary>Adds the writes of a member that can be a side.</summary>
    public void Add(MemberWrites writes) => _members.Add(writes);

    /// <summary>
    /// Whether no half of the pair (<paramref name="f"/>, <paramref name="g"/>) can be left unordered: one of the two is
    /// never stored by a member that can be a side (no half starts with it), or every write of both is a fence (or, asked
    /// with <see cref="Follows"/>, one a full fence follows: <see cref="FencedAfter"/>), or every one is inside a critical
    /// section of one lock. With <paramref name="fAs"/> or <paramref name="gAs"/>, only the writes
    /// of the location they name count (a field's own, or the state of the object it holds): the pair of those locations.
    /// </summary>
    public bool OrderBoth(ISymbol f, ISymbol g, StoredAs fAs = StoredAs.Any, StoredAs gAs = StoredAs.Any)
    {
        if (fAs != StoredAs.Any || gAs != StoredAs.Any)
        {
            _followedAs ??= new Dictionary<(ISymbol, ISymbol), bool?[]>(CandidateScan.StaticPairComparer.Instance);
            if (!_followedAs.TryGetValue((f, g), out var byKind))
            {
                _followedAs[(f, g)] = byKind = new bool?[9];
            }

            var follow = Follows is not null;
            return byKind[((int)fAs * 3) + (int)gAs] ??= Ordered(OrderOf(f, follow ? g : null, fAs), OrderOf(g, follow ? f : null, gAs));
        }

        if (Ordered(OrderOf(f), OrderOf(g)))
        {
            return true;
        }

        if (Follows is null)
        {
            return false;
        }

        // Only the writes a half can start from: those after which the pair's other field may be accessed.
        _followed ??= new Dictionary<(ISymbol, ISymbol), bool>(CandidateScan.StaticPairComparer.Instance);
        if (!_followed.TryGetValue((f, g), out var ordered))
        {
            _followed[(f, g)] = ordered = Ordered(OrderOf(f, g), OrderOf(g, f));
        }

        return ordered;
    }

    /// <summary>
    /// Whether a half may start with a side's write (its member's writes, where) and go on to a field; null when every
    /// write may (the audit level, where a store made in a callee starts a half at its callers too).
    /// </summary>
    public System.Func<MemberWrites, IOperation, ISymbol, bool>? Follows { get; set; }

    /// <summary>
    /// The locks that order every half starting with a side's write (its member's writes, where, the field written) and
    /// going on to a field: a critical section around the write, or around every later access of that field (the
    /// candidate scan's reading of the member's text, docs/design.md §8); null where the text says nothing. Asked with
    /// <see cref="Follows"/>, at the default level.
    /// </summary>
    public System.Func<MemberWrites, IOperation, ISymbol, ISymbol, HashSet<LockId>?>? Covering { get; set; }

    /// <summary>
    /// Whether a full fence follows a side's write (its member's writes, where) before every later access of a field (the
    /// candidate scan's reading of the member's text, docs/design.md §8, "Fences after a store"): such a write counts as a
    /// fence. Asked with <see cref="Follows"/>, at the default level.
    /// </summary>
    public System.Func<MemberWrites, IOperation, ISymbol, bool>? FencedAfter { get; set; }

    private static bool Ordered((bool AllFences, HashSet<LockId> Locks)? first, (bool AllFences, HashSet<LockId> Locks)? second) =>
        first is null || second is null || (first.Value.AllFences && second.Value.AllFences) || first.Value.Locks.Overlaps(second.Value.Locks);

    /// <summary>
    /// The fields <paramref name="writer"/>'s own body writes with a full fence (a read-modify-write) outside every
    /// <c>lock</c> statement of that body, other than the compare-and-swap that takes a spin lock: the only stores an
    /// atomic announcement can start with (docs/design.md §6, "Concurrency": an update and a check with a critical
    /// section between them announce nothing; a spin lock's acquisition stores only where it succeeds, and enters the
    /// lock right there, §7).
    /// </summary>
    public HashSet<ISymbol> FencedOutsideLocks(MemberWrites writer)
    {
        var found = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var (written, reference, fence, _) in writer.Writes)
        {
            if (fence && (!writer.HasLockStatement || LocksAround(reference).Count == 0) && !(AcquiresSpinLock(reference) && IsReleased(written)))
            {
                found.Add(written);
            }
        }

        return found;
    }

    /// <summary>How the writes of <paramref name="field"/> are ordered; null when no member that can be a side stores it.</summary>
    private (bool AllFences, HashSet<LockId> Locks)? OrderOf(ISymbol field)
    {
        if (!_orders.TryGetValue(field, out var known))
        {
            _orders[field] = known = OrderOf(field, null);
        }

        return known;
    }

    /// <summary>
    /// How the writes of <paramref name="field"/> are ordered, counting only those after which <paramref name="other"/> may
    /// be accessed (<see cref="Follows"/>) when it is given, and of the location <paramref name="stored"/> names; null when no
    /// such write of a member that can be a side is left.
    /// </summary>
    private (bool AllFences, HashSet<LockId> Locks)? OrderOf(ISymbol field, ISymbol? other, StoredAs stored = StoredAs.Any)
    {
        (bool, HashSet<LockId>)? order = null;
        if (ByField().TryGetValue(field, out var writes))
        {
            var allFences = true;
            var any = false;
            HashSet<LockId>? locks = null; // the locks around every write seen so far
            foreach (var (owner, reference, fence, inLock, state) in writes)
            {
                if ((stored != StoredAs.Any && state != (stored == StoredAs.State)) || (other is not null && Follows is { } follows && !follows(owner, reference, other)))
                {
                    continue;
                }

                any = true;
                if (allFences && !fence)
                {
                    allFences = other is not null && FencedAfter is { } after && after(owner, reference, other);
                }

                if (locks is not { Count: 0 })
                {
                    var around = (other is not null ? Covering?.Invoke(owner, reference, field, other) : null) ?? (inLock ? LocksAround(reference) : NoLocks);
                    if (locks is null)
                    {
                        locks = around;
                    }
                    else
                    {
                        locks.IntersectWith(around);
                    }
                }
            }

            if (any)
            {
                order = (allFences, locks ?? NoLocks);
            }
        }

        return order;
    }

    /// <summary>The members' writes by field, gathered when a pair first asks.</summary>
    private Dictionary<ISymbol, List<(MemberWrites, IOperation, bool, bool, bool)>> ByField()
    {
        if (_byField is null)
        {
            _byField = new Dictionary<ISymbol, List<(MemberWrites, IOperation, bool, bool, bool)>>(SymbolEqualityComparer.Default);
            foreach (var member in _members)
            {
                foreach (var (field, reference, fence, state) in member.Writes)
                {
                    if (!_byField.TryGetValue(field, out var list))
                    {
                        _byField[field] = list = new List<(MemberWrites, IOperation, bool, bool, bool)>();
                    }

                    list.Add((member, reference, fence, member.HasLockStatement, state));
                }
            }
        }

        return _byField;
    }

    /// <summary>
    /// The locks of the <c>lock</c> statements whose body encloses <paramref name="reference"/> in its own body (a lambda or
    /// local function runs later, outside them), identified as the analysis identifies them (<see cref="OperationLocations.LockOf"/>,
    /// without following locals); a new set, or the shared empty one (never to be changed). The candidate scan's critical
    /// sections ask it too.
    /// </summary>
    public HashSet<LockId> LocksAround(IOperation reference)
    {
        HashSet<LockId>? locks = null;
        for (IOperation? child = reference, parent = reference.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                break;
            }

            if (parent is ILockOperation statement && ReferenceEquals(statement.Body, child) && OperationLocations.LockOf(statement.LockedValue, _context) is { } id)
            {
                (locks ??= new HashSet<LockId>()).Add(id);
            }
        }

        return locks ?? NoLocks;
    }

    /// <summary>
    /// Whether <paramref name="reference"/> is the gate of a compare-and-swap spin lock as the dataflow takes one (§7): the
    /// location of <c>Interlocked.CompareExchange(ref g, v, c)</c>, on a field of this object or a static one, tested as
    /// the whole condition of an <c>if</c>, a <c>?:</c> or a loop in the shapes <see cref="BodyExtractor.TestedCompareExchange"/>
    /// and <see cref="BodyExtractor.SpinAcquisition"/> recognise (compared with the comparand's own constant). Such a test stores only on the edge where it succeeded,
    /// and enters the lock there: every half starting with its store is ordered by that lock.
    /// </summary>
    internal static bool AcquiresSpinLock(IOperation reference)
    {
        if (reference is not IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation }
            || reference.Parent is not IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "CompareExchange" } call } argument
            || call.Arguments.IsEmpty || !ReferenceEquals(call.Arguments[0], argument))
        {
            return false;
        }

        // As the dataflow's branch: a tested compare-and-swap (whose store is on the success edge only) that takes a spin lock.
        return WholeCondition(call) is { } test && ReferenceEquals(BodyExtractor.TestedCompareExchange(test, BodyExtractor.AsWritten, out _), call)
            && ReferenceEquals(BodyExtractor.SpinAcquisition(test, BodyExtractor.AsWritten, out _), call);
    }

    /// <summary>
    /// The condition a call is tested in, as the dataflow's branch value is (through conversions, parentheses, negations
    /// and comparisons), when that is the whole condition of an <c>if</c>, a <c>?:</c> or a loop; else null.
    /// </summary>
    private static IOperation? WholeCondition(IInvocationOperation call)
    {
        IOperation test = call;
        while (test.Parent is IConversionOperation or IParenthesizedOperation or IUnaryOperation { OperatorKind: UnaryOperatorKind.Not }
            or IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals })
        {
            test = test.Parent;
        }

        return test.Parent switch
        {
            IConditionalOperation conditional when ReferenceEquals(conditional.Condition, test) => test,
            IWhileLoopOperation loop when ReferenceEquals(loop.Condition, test) => test,
            _ => null,
        };
    }

    private HashSet<ISymbol>? _released;

    /// <summary>
    /// Whether a spin lock's gate is ever released: some member that can be a side stores it other than by a tested
    /// acquisition (a compare-and-swap or exchange whose result is compared as the whole condition, <see cref="Acquires"/>).
    /// A gate only ever acquired is a one-shot latch, which the dataflow takes for no lock either (docs/design.md §7;
    /// <see cref="TypeFacts.IsReleased"/>). Found for every field at once, when first asked.
    /// </summary>
    public bool IsReleased(ISymbol gate)
    {
        if (_released is null)
        {
            _released = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var member in _members)
            {
                foreach (var (field, reference, _, _) in member.Writes)
                {
                    if (!Acquires(reference))
                    {
                        _released.Add(field);
                    }
                }
            }
        }

        return _released.Contains(gate.OriginalDefinition);
    }

    /// <summary>
    /// Whether <paramref name="reference"/> is the gate argument of an <c>Interlocked.CompareExchange</c>,
    /// <c>Interlocked.Exchange</c>, <c>Interlocked.Increment</c> or <c>Interlocked.Add</c> tested as a spin lock's or a
    /// work-in-progress counter's acquisition, as the dataflow's branch takes one (<see cref="BodyExtractor.SpinAcquisition"/>):
    /// the whole condition of an <c>if</c>, a <c>?:</c> or a loop; or any raise of a counter (<see cref="BodyExtractor.RaisesCounter"/>), which lets go of nothing.
    /// </summary>
    private static bool Acquires(IOperation reference)
    {
        if (reference.Parent is not IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "CompareExchange" or "Exchange" or "Increment" or "Add" } call } argument
            || call.Arguments.IsEmpty || !ReferenceEquals(call.Arguments[0], argument))
        {
            return false;
        }

        // A work-in-progress counter's increment releases nothing, tested or not: it announces work (§7).
        return BodyExtractor.RaisesCounter(call)
            || (WholeCondition(call) is { } test && ReferenceEquals(BodyExtractor.SpinAcquisition(test, BodyExtractor.AsWritten, out _), call));
    }

    /// <summary>
    /// The writes one member's walk found (the field, where, whether it is a read-modify-write, and whether it stores into
    /// the object the field holds rather than the field itself), and whether a <c>lock</c> statement is written in it at all.
    /// </summary>
    internal sealed class MemberWrites
    {
        public List<(ISymbol Field, IOperation Reference, bool Fence, bool State)> Writes { get; } = new();

        public bool HasLockStatement { get; set; }

        /// <param name="state">Whether the write stores into the object the field holds (a call on it, an element), not the field itself.</param>
        public void Add(ISymbol field, IOperation reference, bool fence, bool state) => Writes.Add((field, reference, fence, state));
    }

    /// <summary>A body's operation tree as written, with no control-flow graph: no capture, local value or bound parameter is known.</summary>
    private sealed class WrittenHere : IOperationContext
    {
        private readonly System.Func<IPropertySymbol, IFieldSymbol?> _backingField;

        public WrittenHere(System.Func<IPropertySymbol, IFieldSymbol?> backingField) => _backingField = backingField;

        public bool Audit => false;

        public IOperation Resolve(IOperation operation) => operation;

        public IFieldSymbol? BackingField(IPropertySymbol property) => _backingField(property);

        public MemoryLocation? RefLocal(ILocalSymbol local) => null;

        public MemoryLocation? RefParameter(IParameterSymbol parameter) => null;

        public IOperation? LocalValue(ILocalSymbol local) => null;

        public bool IsThis(IParameterSymbol parameter) => false;

        public bool IsMutex(IFieldSymbol semaphore) => false;
    }
}

/// <summary>
/// Which location of a field a member's stores (or a closer's) are, where that decides whether the pair's location is
/// shared (the candidate scan's <c>Sharing</c>): the field's own, the state of the object it holds, or either (both kinds of stores, or
/// stores the walk does not tell apart: a setter's, a callee's).
/// </summary>
internal enum StoredAs
{
    Any,
    State,
    Field,
}
