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

    /// <summary>The entries of the keyed collection (a concurrent dictionary) held in the field: a location at the audit level only.</summary>
    Entries,
}

/// <summary>
/// Whose field an access touches (docs/design.md, "Locations"). Two accesses of one field are one location only
/// when their receivers may be the same object: <c>this</c> with <c>this</c>, a static field with itself, and the
/// object held in a field with the object held in the same field. A freshly created object is nobody else's yet and
/// has no shared location at all; any other object (a parameter, a method's result, an element) is
/// <see cref="Other"/>, which Fencer reports on only at the audit level.
/// </summary>
internal enum ReceiverKind
{
    Static,
    This,

    /// <summary>The object whose reference is held in <see cref="MemoryLocation.Holder"/> (read directly or through a local copy).</summary>
    FieldValue,

    Other,
}

/// <summary>
/// A shared memory location: a field of a receiver (<see cref="ReceiverKind"/>), or a part of what it holds
/// (<see cref="MemoryLocationKind"/>); for a field of a struct held in a field, the path to the member
/// (<c>_head.Value</c> and <c>_tail.Value</c> are two locations, and so are <c>_head.Value</c> and <c>_head.Next</c>).
/// </summary>
internal readonly struct MemoryLocation : IEquatable<MemoryLocation>
{
    public MemoryLocation(MemoryLocationKind kind, IFieldSymbol field, ReceiverKind receiver = ReceiverKind.This, IFieldSymbol? holder = null, IFieldSymbol? member = null)
    {
        // A field of a generic class is named through its containing type's type arguments (Connection<int>._closing in a
        // class derived from Connection<int>): on one object, and for one instantiation's statics, it is the field its
        // definition declares, so a location is keyed by definitions (docs/design.md §5).
        Kind = kind;
        Field = field.OriginalDefinition;
        Receiver = field.IsStatic ? ReceiverKind.Static : receiver;
        Holder = Receiver == ReceiverKind.FieldValue ? holder?.OriginalDefinition : null;
        Member = member?.OriginalDefinition;
    }

    public MemoryLocationKind Kind { get; }

    public IFieldSymbol Field { get; }

    public ReceiverKind Receiver { get; }

    /// <summary>For <see cref="ReceiverKind.FieldValue"/>: the field that holds the receiver.</summary>
    public IFieldSymbol? Holder { get; }

    /// <summary>For a struct held in <see cref="Field"/>: the innermost member accessed, when not the whole struct.</summary>
    public IFieldSymbol? Member { get; }

    /// <summary>The name users see: the property name for an auto-property's backing field.</summary>
    public string DisplayName
    {
        get
        {
            var name = Name(Field);
            if (Holder is { } holder)
            {
                name = Name(holder) + "." + name;
            }

            if (Member is { } member)
            {
                name += "." + Name(member);
            }

            return Kind switch
            {
                MemoryLocationKind.Elements => "elements of " + name,
                MemoryLocationKind.Contents => "contents of " + name,
                MemoryLocationKind.State => "state of " + name,
                MemoryLocationKind.Entries => "entries of " + name,
                _ => name,
            };
        }
    }

    public bool Equals(MemoryLocation other) =>
        Kind == other.Kind && Receiver == other.Receiver
        && SymbolEqualityComparer.Default.Equals(Field, other.Field)
        && SymbolEqualityComparer.Default.Equals(Holder, other.Holder)
        && SymbolEqualityComparer.Default.Equals(Member, other.Member);

    public override bool Equals(object? obj) => obj is MemoryLocation other && Equals(other);

    public override int GetHashCode() =>
        (((((int)Kind * 397) ^ (int)Receiver) * 397) ^ SymbolEqualityComparer.Default.GetHashCode(Field))
        ^ (Member is null ? 0 : SymbolEqualityComparer.Default.GetHashCode(Member) * 7);

    public override string ToString() => DisplayName;

    private static string Name(IFieldSymbol field) => field.AssociatedSymbol?.Name ?? field.Name;
}
