using System;
using System.Collections.Immutable;

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

    /// <summary>Whether two calls bind their callee's parameters alike (the same arguments in the same order).</summary>
    public static bool SameBindings(ImmutableArray<RefArgument> x, ImmutableArray<RefArgument> y)
    {
        if (x.Length != y.Length)
        {
            return false;
        }

        for (var i = 0; i < x.Length; i++)
        {
            if (!x[i].Equals(y[i]))
            {
                return false;
            }
        }

        return true;
    }

    public static int BindingsHash(ImmutableArray<RefArgument> arguments)
    {
        var hash = 17;
        foreach (var argument in arguments)
        {
            hash = (hash * 31) ^ argument.GetHashCode();
        }

        return hash;
    }
}
