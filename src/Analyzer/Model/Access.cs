using Microsoft.CodeAnalysis;

namespace Fencer.Analyzer.Model;

/// <summary>One memory access of a body: a load or store of a location, with the ordering it carries.</summary>
internal sealed class Access
{
    public Access(MemoryLocation location, AccessKind kind, AccessOrdering ordering, SyntaxNode syntax)
    {
        Location = location;
        Kind = kind;
        Ordering = ordering;
        Syntax = syntax;
    }

    public MemoryLocation Location { get; }

    public AccessKind Kind { get; }

    public AccessOrdering Ordering { get; }

    /// <summary>Where the access is written (possibly inside a callee).</summary>
    public SyntaxNode Syntax { get; }

    public override string ToString() => $"{Kind} {Location} ({Ordering})";
}
