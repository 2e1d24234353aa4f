using Microsoft.CodeAnalysis;

namespace Fencer.Analyzer.Model;

/// <summary>
/// What a load's value is used for (docs/design.md, "Evidence"). A handshake's load matters only when its value
/// decides something: the announce-then-check idiom of every real store-buffer handshake reads a flag, a count or an
/// emptiness test and acts on it.
/// </summary>
internal enum LoadUse
{
    /// <summary>It reaches a branch, a loop condition, a returned value, a dereference, or code Fencer cannot follow.</summary>
    Decides,

    /// <summary>It is copied into a field of <c>this</c> (or a static): a thread's result in litmus-style code, data otherwise.</summary>
    Result,

    /// <summary>It goes nowhere that decides anything: discarded, an assertion, logging, a copy into another object.</summary>
    Ignored,

    /// <summary>
    /// It is the read of a plain read-modify-write of its own location (<c>x += k</c>, <c>x++</c>): the
    /// new value is stored back, so a store another thread makes to the location in between is lost, whatever the
    /// fences (docs/design.md §6, "A plain update is no check").
    /// </summary>
    Updates,

    /// <summary>
    /// It is the object the body stores into: the array of an element store, the instance of a field or property store
    /// (<c>_items[i] = x</c>, <c>_packet.Mode = m</c>). It decides where the store goes, as a dereference does, but it
    /// tests nothing: it is no check an atomic announcement makes (docs/design.md §6, "A store through the value is no check").
    /// </summary>
    StoredInto,
}

/// <summary>What a load's use says about the code that reads it.</summary>
internal static class LoadUses
{
    /// <summary>Whether the value reaches a decision — a test, a dereference, a store through it (the uses a half's load matters by).</summary>
    public static bool Decides(this LoadUse use) => use is LoadUse.Decides or LoadUse.StoredInto;
}

/// <summary>One memory access of a body: a load or store of a location, with the ordering it carries.</summary>
internal sealed class Access
{
    public Access(MemoryLocation location, AccessKind kind, AccessOrdering ordering, SyntaxNode syntax, LoadUse use = LoadUse.Decides)
    {
        Location = location;
        Kind = kind;
        Ordering = ordering;
        Syntax = syntax;
        Use = use;
    }

    public MemoryLocation Location { get; }

    public AccessKind Kind { get; }

    public AccessOrdering Ordering { get; }

    /// <summary>Where the access is written (possibly inside a callee).</summary>
    public SyntaxNode Syntax { get; }

    /// <summary>For a load, what its value is used for; stores always <see cref="LoadUse.Decides"/>.</summary>
    public LoadUse Use { get; }

    public override string ToString() => $"{Kind} {Location} ({Ordering})";
}
