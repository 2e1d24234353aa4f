using System;
using Microsoft.CodeAnalysis;

namespace Fencer.Analyzer.Model;

/// <summary>
/// The identity of a lock object: the same field, or the same <c>this</c> / type object. Locks on locals,
/// parameters or expressions have no identity Fencer can compare, and order nothing across threads.
/// </summary>
internal readonly struct LockId : IEquatable<LockId>
{
    public LockId(ISymbol symbol, bool isThis)
    {
        Symbol = symbol;
        IsThis = isThis;
    }

    /// <summary>The field, or for <c>this</c> and <c>typeof(T)</c> the type.</summary>
    public ISymbol Symbol { get; }

    public bool IsThis { get; }

    public bool Equals(LockId other) => IsThis == other.IsThis && SymbolEqualityComparer.Default.Equals(Symbol, other.Symbol);

    public override bool Equals(object? obj) => obj is LockId other && Equals(other);

    public override int GetHashCode() => SymbolEqualityComparer.Default.GetHashCode(Symbol) ^ (IsThis ? 1 : 0);

    public override string ToString() => IsThis ? "this" : Symbol.Name;
}
