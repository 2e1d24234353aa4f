using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Fencer.Analyzer.Model;

/// <summary>
/// The identity of a lock object: the same field, or the same <c>this</c> / type object. Locks on locals,
/// parameters or expressions have no identity Fencer can compare, and order nothing across threads. A shared
/// lock (a reader lock) excludes only the exclusive holders of the same lock, not other readers.
/// </summary>
internal readonly struct LockId : IEquatable<LockId>
{
    public LockId(ISymbol symbol, bool isThis, bool shared = false)
    {
        Symbol = symbol;
        IsThis = isThis;
        IsShared = shared;
    }

    /// <summary>The field, or for <c>this</c> and <c>typeof(T)</c> the type.</summary>
    public ISymbol Symbol { get; }

    public bool IsThis { get; }

    public bool IsShared { get; }

    /// <summary>Whether two sets of held locks keep their holders apart: one lock in both, held exclusively by at least one of them.</summary>
    public static bool Exclude(ImmutableHashSet<LockId> a, ImmutableHashSet<LockId> b)
    {
        foreach (var held in a)
        {
            foreach (var other in b)
            {
                if (held.IsThis == other.IsThis && SymbolEqualityComparer.Default.Equals(held.Symbol, other.Symbol) && !(held.IsShared && other.IsShared))
                {
                    return true;
                }
            }
        }

        return false;
    }

    public bool Equals(LockId other) => IsThis == other.IsThis && IsShared == other.IsShared && SymbolEqualityComparer.Default.Equals(Symbol, other.Symbol);

    public override bool Equals(object? obj) => obj is LockId other && Equals(other);

    public override int GetHashCode() => SymbolEqualityComparer.Default.GetHashCode(Symbol) ^ (IsThis ? 1 : 0) ^ (IsShared ? 2 : 0);

    public override string ToString() => (IsThis ? "this" : Symbol.Name) + (IsShared ? " (shared)" : "");
}
