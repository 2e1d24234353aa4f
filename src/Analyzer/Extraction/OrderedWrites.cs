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
/// inside it and any later access).
/// </summary>
internal sealed class OrderedWrites
{
    private static readonly HashSet<LockId> NoLocks = new();

    private readonly Dictionary<ISymbol, Order> _fields = new(SymbolEqualityComparer.Default);

    /// <summary>Notes one write of <paramref name="field"/>, made at <paramref name="reference"/>.</summary>
    /// <param name="backingField">The field behind an auto-property, for a lock taken on the property.</param>
    public void Add(ISymbol field, IOperation reference, bool readModifyWrite, System.Func<IPropertySymbol, IFieldSymbol?> backingField) =>
        Note(field, readModifyWrite, EnclosingLocks(reference, backingField));

    /// <summary>Adds the writes another member makes.</summary>
    public void Merge(OrderedWrites other)
    {
        foreach (var entry in other._fields)
        {
            Note(entry.Key, entry.Value.AllFences, entry.Value.Locks);
        }
    }

    /// <summary>
    /// Whether no half of the pair (<paramref name="f"/>, <paramref name="g"/>) can be left unordered: one of the two is
    /// never stored by a member that can be a side (no half starts with it), or every write of both is a fence, or every
    /// one is inside a critical section of one lock.
    /// </summary>
    public bool OrderBoth(ISymbol f, ISymbol g) =>
        !_fields.TryGetValue(f, out var first) || !_fields.TryGetValue(g, out var second)
        || (first.AllFences && second.AllFences) || first.Locks.Overlaps(second.Locks);

    private void Note(ISymbol field, bool fence, HashSet<LockId> locks)
    {
        if (!_fields.TryGetValue(field, out var order))
        {
            _fields[field] = new Order(fence, locks.Count == 0 ? NoLocks : new HashSet<LockId>(locks));
            return;
        }

        order.AllFences &= fence;
        if (order.Locks.Count > 0)
        {
            order.Locks.IntersectWith(locks);
        }
    }

    /// <summary>
    /// The locks of the <c>lock</c> statements whose body encloses <paramref name="reference"/> in its own body (a lambda or
    /// local function runs later, outside them), identified as the analysis identifies them (a field, an auto-property's
    /// field or a property, <c>this</c>, a type object); a lock on a local or an expression is left out.
    /// </summary>
    private static HashSet<LockId> EnclosingLocks(IOperation reference, System.Func<IPropertySymbol, IFieldSymbol?> backingField)
    {
        HashSet<LockId>? locks = null;
        for (IOperation? child = reference, parent = reference.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                break;
            }

            if (parent is ILockOperation statement && ReferenceEquals(statement.Body, child) && Identity(statement.LockedValue, backingField) is { } id)
            {
                (locks ??= new HashSet<LockId>()).Add(id);
            }
        }

        return locks ?? NoLocks;
    }

    private static LockId? Identity(IOperation locked, System.Func<IPropertySymbol, IFieldSymbol?> backingField)
    {
        while (locked is IConversionOperation conversion)
        {
            locked = conversion.Operand;
        }

        return locked switch
        {
            IFieldReferenceOperation field => new LockId(field.Field, isThis: false),
            IPropertyReferenceOperation property => new LockId((ISymbol?)backingField(property.Property) ?? property.Property.OriginalDefinition, isThis: false),
            IInstanceReferenceOperation { Type: { } type } => new LockId(type, isThis: true),
            ITypeOfOperation typeOf => new LockId(typeOf.TypeOperand, isThis: false),
            _ => null,
        };
    }

    private sealed class Order
    {
        public Order(bool allFences, HashSet<LockId> locks)
        {
            AllFences = allFences;
            Locks = locks;
        }

        /// <summary>Whether every write noted is an <c>Interlocked</c> read-modify-write.</summary>
        public bool AllFences { get; set; }

        /// <summary>The locks around every write noted (the shared empty set once none is).</summary>
        public HashSet<LockId> Locks { get; }
    }
}
