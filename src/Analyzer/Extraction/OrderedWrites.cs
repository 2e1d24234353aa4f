using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
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

    private readonly System.Func<IPropertySymbol, IFieldSymbol?> _backingField;
    private readonly List<MemberWrites> _members = new();
    private Dictionary<ISymbol, List<(Write Write, bool InLock)>>? _byField;
    private readonly Dictionary<ISymbol, Order?> _orders = new(SymbolEqualityComparer.Default);

    /// <param name="backingField">The field behind an auto-property, for a lock taken on the property.</param>
    public OrderedWrites(System.Func<IPropertySymbol, IFieldSymbol?> backingField) => _backingField = backingField;

    /// <summary>Adds the writes of a member that can be a side.</summary>
    public void Add(MemberWrites writes) => _members.Add(writes);

    /// <summary>
    /// Whether no half of the pair (<paramref name="f"/>, <paramref name="g"/>) can be left unordered: one of the two is
    /// never stored by a member that can be a side (no half starts with it), or every write of both is a fence, or every
    /// one is inside a critical section of one lock.
    /// </summary>
    public bool OrderBoth(ISymbol f, ISymbol g)
    {
        if (OrderOf(f) is not { } first || OrderOf(g) is not { } second)
        {
            return true;
        }

        return (first.AllFences && second.AllFences) || first.Locks.Overlaps(second.Locks);
    }

    /// <summary>How the writes of <paramref name="field"/> are ordered; null when no member that can be a side stores it.</summary>
    private Order? OrderOf(ISymbol field)
    {
        if (_orders.TryGetValue(field, out var known))
        {
            return known;
        }

        if (_byField is null)
        {
            _byField = new Dictionary<ISymbol, List<(Write, bool)>>(SymbolEqualityComparer.Default);
            foreach (var member in _members)
            {
                foreach (var write in member.Writes)
                {
                    if (!_byField.TryGetValue(write.Field, out var list))
                    {
                        _byField[write.Field] = list = new List<(Write, bool)>();
                    }

                    list.Add((write, member.HasLockStatement));
                }
            }
        }

        Order? order = null;
        if (_byField.TryGetValue(field, out var writes))
        {
            var allFences = true;
            HashSet<LockId>? locks = null;
            foreach (var (write, inLock) in writes)
            {
                allFences &= write.Fence;
                if (locks is null)
                {
                    locks = inLock ? EnclosingLocks(write.Reference) : NoLocks;
                }
                else if (locks.Count > 0)
                {
                    if (inLock)
                    {
                        locks.IntersectWith(EnclosingLocks(write.Reference));
                    }
                    else
                    {
                        locks = NoLocks;
                    }
                }
            }

            order = new Order(allFences, locks ?? NoLocks);
        }

        _orders[field] = order;
        return order;
    }

    /// <summary>
    /// The locks of the <c>lock</c> statements whose body encloses <paramref name="reference"/> in its own body (a lambda or
    /// local function runs later, outside them), identified as the analysis identifies them (a field, an auto-property's
    /// field or a property, <c>this</c>, a type object); a lock on a local or an expression is left out.
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

            if (parent is ILockOperation statement && ReferenceEquals(statement.Body, child) && Identity(statement.LockedValue) is { } id)
            {
                (locks ??= new HashSet<LockId>()).Add(id);
            }
        }

        return locks ?? NoLocks;
    }

    private LockId? Identity(IOperation locked)
    {
        while (locked is IConversionOperation conversion)
        {
            locked = conversion.Operand;
        }

        return locked switch
        {
            IFieldReferenceOperation field => new LockId(field.Field, isThis: false),
            IPropertyReferenceOperation property => new LockId((ISymbol?)_backingField(property.Property) ?? property.Property.OriginalDefinition, isThis: false),
            IInstanceReferenceOperation { Type: { } type } => new LockId(type, isThis: true),
            ITypeOfOperation typeOf => new LockId(typeOf.TypeOperand, isThis: false),
            _ => null,
        };
    }

    /// <summary>One write a member's walk found: the field, where it is written, and whether it is a read-modify-write.</summary>
    internal readonly struct Write
    {
        public Write(ISymbol field, IOperation reference, bool fence)
        {
            Field = field;
            Reference = reference;
            Fence = fence;
        }

        public ISymbol Field { get; }

        public IOperation Reference { get; }

        public bool Fence { get; }
    }

    /// <summary>The writes one member's walk found, and whether a <c>lock</c> statement is written in it at all.</summary>
    internal sealed class MemberWrites
    {
        public List<Write> Writes { get; } = new();

        public bool HasLockStatement { get; set; }
    }

    private sealed class Order
    {
        public Order(bool allFences, HashSet<LockId> locks)
        {
            AllFences = allFences;
            Locks = locks;
        }

        /// <summary>Whether every write is an <c>Interlocked</c> read-modify-write.</summary>
        public bool AllFences { get; }

        /// <summary>The locks around every write (the shared empty set when none is around all).</summary>
        public HashSet<LockId> Locks { get; }
    }
}
