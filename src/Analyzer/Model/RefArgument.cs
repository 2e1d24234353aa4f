using System;

namespace Fencer.Analyzer.Model;

/// <summary>
/// A shared location a call passes by reference (<c>Helper(ref _field)</c>): inside the callee, the parameter at
/// <see cref="Ordinal"/> is that location (docs/design.md §5, "By-reference parameters").
/// </summary>
internal readonly struct RefArgument : IEquatable<RefArgument>
{
    public RefArgument(int ordinal, MemoryLocation location)
    {
        Ordinal = ordinal;
        Location = location;
    }

    public int Ordinal { get; }

    public MemoryLocation Location { get; }

    /// <summary>Two arguments bind a callee alike when they give one parameter one location.</summary>
    public bool Equals(RefArgument other) => Ordinal == other.Ordinal && Location.Equals(other.Location);

    public override bool Equals(object? obj) => obj is RefArgument other && Equals(other);

    public override int GetHashCode() => (Ordinal * 397) ^ Location.GetHashCode();
}
