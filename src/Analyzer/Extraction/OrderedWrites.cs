using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Fencer.Analyzer.Knowledge;
using Fencer.Analyzer.Model;

namespace Fencer.Analyzer.Extraction;

/// <summary>
/// How the stores of each field are ordered where they are written, for the candidate scan (docs/design.md §8, "Cost"):
/// whether every write is an <c>Interlocked</c> read-modify-write (a full fence), and which locks have a <c>lock</c>
/// statement written around every write in its own body. A pair of fields each of whose writes is a fence, or each of
/// whose writes lies inside a critical section of one lock, closes no cycle: every half of it starts with a full fence,
/// or is ordered by that lock, which the other half holds as well (§7: one critical section lies between a store made
/// inside it and any later access). Found for a field only when a pair asks about it.
/// </summary>
internal sealed class OrderedWrites
{
    private static readonly HashSet<LockId> NoLocks = new();

    private readonly IOperationContext _context;
    private readonly List<MemberWrites> _members = new();
    private readonly Dictionary<ISymbol, (bool AllFences, HashSet<LockId> Locks)?> _orders = new(SymbolEqualityComparer.Default);
    private Dictionary<ISymbol, List<(IOperation Reference, bool Fence, bool InLock)>>? _byField;

    /// <param name="backingField">The field behind an auto-property, for a lock taken on the property.</param>
    public OrderedWrites(System.Func<IPropertySymbol, IFieldSymbol?> backingField) => _context = new WrittenHere(backingField);

    /// <summary>Adds the writes of a member that can be a side.</summary>
    public void Add(MemberWrites writes) => _members.Add(writes);

    /// <summary>
    /// Whether no half of the pair (<paramref name="f"/>, <paramref name="g"/>) can be left unordered: one of the two is
    /// never stored by a member that can be a side (no half starts with it), or every write of both is a fence, or every
    /// one is inside a critical section of one lock.
    /// </summary>
    public bool OrderBoth(ISymbol f, ISymbol g) =>
        OrderOf(f) is not { } first || OrderOf(g) is not { } second
        || (first.AllFences && second.AllFences) || first.Locks.Overlaps(second.Locks);

    /// <summary>
    /// The fields <paramref name="writer"/>'s own body writes with a full fence (a read-modify-write) outside every
    /// <c>lock</c> statement of that body: the only stores an atomic announcement can start with (docs/design.md §6,
    /// "Concurrency": an update and a check with a critical section between them announce nothing).
    /// </summary>
    public HashSet<ISymbol> FencedOutsideLocks(MemberWrites writer)
    {
        var found = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var (written, reference, fence) in writer.Writes)
        {
            if (fence && (!writer.HasLockStatement || EnclosingLocks(reference).Count == 0))
            {
                found.Add(written);
            }
        }

        return found;
    }

    /// <summary>How the writes of <paramref name="field"/> are ordered; null when no member that can be a side stores it.</summary>
    private (bool AllFences, HashSet<LockId> Locks)? OrderOf(ISymbol field)
    {
        if (_orders.TryGetValue(field, out var known))
        {
            return known;
        }

        (bool, HashSet<LockId>)? order = null;
        if (ByField().TryGetValue(field, out var writes))
        {
            var allFences = true;
            HashSet<LockId>? locks = null; // the locks around every write seen so far
            foreach (var (reference, fence, inLock) in writes)
            {
                allFences &= fence;
                if (locks is not { Count: 0 })
                {
                    var around = inLock ? EnclosingLocks(reference) : NoLocks;
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

            order = (allFences, locks ?? NoLocks);
        }

        _orders[field] = order;
        return order;
    }

    /// <summary>The members' writes by field, gathered when a pair first asks.</summary>
    private Dictionary<ISymbol, List<(IOperation, bool, bool)>> ByField()
    {
        if (_byField is null)
        {
            _byField = new Dictionary<ISymbol, List<(IOperation, bool, bool)>>(SymbolEqualityComparer.Default);
            foreach (var member in _members)
            {
                foreach (var (field, reference, fence) in member.Writes)
                {
                    if (!_byField.TryGetValue(field, out var list))
                    {
                        _byField[field] = list = new List<(IOperation, bool, bool)>();
                    }

                    list.Add((reference, fence, member.HasLockStatement));
                }
            }
        }

        return _byField;
    }

    /// <summary>
    /// The locks of the <c>lock</c> statements whose body encloses <paramref name="reference"/> in its own body (a lambda or
    /// local function runs later, outside them), identified as the analysis identifies them (<see cref="OperationLocations.LockOf"/>,
    /// without following locals); a new set, or the shared empty one.
    /// </summary>
    private HashSet<LockId> EnclosingLocks(IOperation reference)
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

    /// <summary>The writes one member's walk found (the field, where, and whether it is a read-modify-write), and whether a <c>lock</c> statement is written in it at all.</summary>
    internal sealed class MemberWrites
    {
        public List<(ISymbol Field, IOperation Reference, bool Fence)> Writes { get; } = new();

        public bool HasLockStatement { get; set; }

        public void Add(ISymbol field, IOperation reference, bool fence) => Writes.Add((field, reference, fence));
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

        public IOperation? LocalValue(ILocalSymbol local) => null;

        public bool IsThis(IParameterSymbol parameter) => false;

        public bool IsMutex(IFieldSymbol semaphore) => false;
    }
}
