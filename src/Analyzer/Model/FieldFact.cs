using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Fencer.Analyzer.Model;

/// <summary>
/// What a path knows about a field fixed for the object's life (readonly, or written only by constructors): that it
/// equals a constant (<c>_mode == Mode.None</c>, <c>_monitor == null</c>, <c>_threadSafe</c>) or does not. Two halves
/// whose paths know contradicting facts about the same object never both run on it (docs/design.md §6, "Paths a fixed
/// field keeps apart").
/// </summary>
internal readonly struct FieldFact : System.IEquatable<FieldFact>
{
    public FieldFact(IFieldSymbol field, object? value, bool equal)
    {
        Field = field;
        Value = value;
        Equal = equal;
    }

    public IFieldSymbol Field { get; }

    /// <summary>The constant compared with: null, a bool, a number, an enum's underlying value, a string.</summary>
    public object? Value { get; }

    /// <summary>Whether the field equals <see cref="Value"/> (else it differs from it).</summary>
    public bool Equal { get; }

    public FieldFact Negated => new(Field, Value, !Equal);

    /// <summary>Whether no value of the field satisfies both facts.</summary>
    public bool Contradicts(FieldFact other) =>
        SymbolEqualityComparer.Default.Equals(Field, other.Field)
        && (Equal && other.Equal ? !Equals(Value, other.Value) : Equal != other.Equal && Equals(Value, other.Value));

    /// <summary>Whether some fact of one set contradicts one of the other.</summary>
    public static bool Contradict(ImmutableHashSet<FieldFact> a, ImmutableHashSet<FieldFact> b)
    {
        if (a.IsEmpty || b.IsEmpty)
        {
            return false;
        }

        foreach (var fact in a)
        {
            foreach (var other in b)
            {
                if (fact.Contradicts(other))
                {
                    return true;
                }
            }
        }

        return false;
    }

    public bool Equals(FieldFact other) => Equal == other.Equal && Equals(Value, other.Value) && SymbolEqualityComparer.Default.Equals(Field, other.Field);

    public override bool Equals(object? obj) => obj is FieldFact other && Equals(other);

    public override int GetHashCode() => SymbolEqualityComparer.Default.GetHashCode(Field) ^ (Value?.GetHashCode() ?? 0) ^ (Equal ? 1 : 0);

    public override string ToString() => Field.Name + (Equal ? " == " : " != ") + (Value ?? "null");
}
