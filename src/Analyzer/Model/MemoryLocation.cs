using System;
using Microsoft.CodeAnalysis;

namespace Fencer.Analyzer.Model;

/// <summary>What part of the state held by a field an access touches.</summary>
internal enum MemoryLocationKind
{
    /// <summary>The field itself (static, instance, or an auto-property's backing field).</summary>
    Field,

    /// <summary>The elements of the array held in the field.</summary>
    Elements,

    /// <summary>The contents of the concurrent collection held in the field.</summary>
    Contents,

    /// <summary>The signalled state of the event, task, semaphore or cancellation source held in the field.</summary>
    State,
}

/// <summary>
/// A shared memory location, field-based: <c>this._f</c> and <c>other._f</c> are the same location
/// (they may alias, and precision here would need a points-to analysis).
/// </summary>
internal readonly struct MemoryLocation : IEquatable<MemoryLocation>
{
    public MemoryLocation(MemoryLocationKind kind, IFieldSymbol field)
    {
        Kind = kind;
        Field = field;
    }

    public MemoryLocationKind Kind { get; }

    public IFieldSymbol Field { get; }

    /// <summary>The name users see: the property name for an auto-property's backing field.</summary>
    public string DisplayName
    {
        get
        {
            var name = Field.AssociatedSymbol?.Name ?? Field.Name;
            return Kind switch
            {
                MemoryLocationKind.Elements => "elements of " + name,
                MemoryLocationKind.Contents => "contents of " + name,
                MemoryLocationKind.State => "state of " + name,
                _ => name,
            };
        }
    }

    public bool Equals(MemoryLocation other) => Kind == other.Kind && SymbolEqualityComparer.Default.Equals(Field, other.Field);

    public override bool Equals(object? obj) => obj is MemoryLocation other && Equals(other);

    public override int GetHashCode() => ((int)Kind * 397) ^ SymbolEqualityComparer.Default.GetHashCode(Field);

    public override string ToString() => DisplayName;
}
