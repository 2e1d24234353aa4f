using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Fencer.Analyzer.Knowledge;

/// <summary>
/// The cheap gate in front of the analysis: one scan of a type's tokens (no binding, no control-flow graph)
/// for a sign of sharing between threads. A type without one is plain code and is left alone.
/// </summary>
/// <remarks>
/// Only unambiguous signs count. <c>Task</c>, <c>CancellationToken</c>, <c>SemaphoreSlim</c> and
/// <c>TaskCompletionSource</c> are everywhere in ordinary async code, which has no handshakes to find:
/// counting them sent most async classes through the full analysis for nothing. <c>Thread</c>,
/// <c>Timer</c>, <c>Task</c> and <c>Lock</c> count when constructed, <c>Run</c> when it is <c>Task.Run</c>.
/// </remarks>
internal static class SharingEvidence
{
    private static readonly HashSet<string> Names = new()
    {
        "Volatile", "VolatileRead", "VolatileWrite", "Interlocked", "MemoryBarrier", "MemoryBarrierProcessWide",
        "Monitor", "EnterScope", "AsymmetricBarrier", "ThreadPool", "QueueUserWorkItem", "UnsafeQueueUserWorkItem",
        "StartNew", "Parallel", "ConcurrentQueue", "ConcurrentBag", "ConcurrentStack", "ConcurrentDictionary",
        "ManualResetEventSlim", "SpinLock", "ReaderWriterLockSlim",
    };

    private static readonly HashSet<string> Constructed = new() { "Thread", "Timer", "Task", "Lock" };

    /// <summary>
    /// Whether <paramref name="type"/> declares a field holding an object of another type in source that
    /// <paramref name="showsSharing"/> (lock-free ordering: docs/design.md §5, "Calls on a field's object"; §8, "Cost").
    /// </summary>
    public static bool HoldsObjectOfSharingType(INamedTypeSymbol type, Func<INamedTypeSymbol, bool> showsSharing)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is IFieldSymbol { IsConst: false, Type: INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } held }
                && !held.DeclaringSyntaxReferences.IsEmpty
                && !SymbolEqualityComparer.Default.Equals(held.OriginalDefinition, type.OriginalDefinition)
                && showsSharing(held.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the declarations of <paramref name="type"/> (not its nested types) show a sign of sharing.</summary>
    public static bool Scan(INamedTypeSymbol type, CancellationToken cancellationToken) => Scan(type, lockFree: false, cancellationToken);

    /// <summary>
    /// Whether the declarations of <paramref name="type"/> show lock-free ordering: <c>volatile</c>, <c>Volatile</c>,
    /// <c>Interlocked</c> or a barrier. A type that orders its state only with locks, threads or concurrent collections
    /// does not (docs/design.md §5, "Calls on a field's object": its accessors are ordered by their locks).
    /// </summary>
    private static bool ScanLockFree(INamedTypeSymbol type, CancellationToken cancellationToken) => Scan(type, lockFree: true, cancellationToken);

    private static bool Scan(INamedTypeSymbol type, bool lockFree, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            // The signs of each syntax tree are found once, by one pass over its text (TreeSigns); a declaration that is
            // not a type declaration (none today) is read token by token.
            var found = reference.GetSyntax(cancellationToken) is BaseTypeDeclarationSyntax
                ? TreeSigns.Of(reference.SyntaxTree, cancellationToken).Has(reference.Span.Start, lockFree)
                : ScanTokens(reference.GetSyntax(cancellationToken), lockFree);
            if (found)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The definition the gate keeps to: whether a token of <paramref name="declaration"/>, not of a type nested in it,
    /// is a sign of sharing (of lock-free ordering when <paramref name="lockFree"/>), read with the tokens that come
    /// before it in the text. <see cref="TreeSigns"/> finds the same tokens without walking every one.
    /// </summary>
    internal static bool ScanTokens(SyntaxNode declaration, bool lockFree)
    {
        foreach (var token in declaration.DescendantTokens())
        {
            if (token.Parent?.FirstAncestorOrSelf<BaseTypeDeclarationSyntax>() == declaration
                && (lockFree ? IsLockFreeEvidence(token) : IsEvidence(token, Before(token), Before(Before(token)))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The token before <paramref name="token"/> in the text (a token the parser found missing in half-typed code
    /// included), or none when tokens the parser skipped lie between them: <c>new</c> and <c>Task.</c> count only right before the name, with whitespace, comments or
    /// directives between.
    /// </summary>
    internal static SyntaxToken Before(SyntaxToken token)
    {
        var previous = token.Parent is null ? default : token.GetPreviousToken(includeZeroWidth: true);
        return Skipped(token.LeadingTrivia) || Skipped(previous.TrailingTrivia) ? default : previous;
    }

    /// <summary>The token after <paramref name="token"/>, or none when skipped tokens lie between (<see cref="Before"/>).</summary>
    internal static SyntaxToken After(SyntaxToken token)
    {
        var next = token.Parent is null ? default : token.GetNextToken(includeZeroWidth: true);
        return Skipped(token.TrailingTrivia) || Skipped(next.LeadingTrivia) ? default : next;
    }

    private static bool Skipped(SyntaxTriviaList trivia)
    {
        foreach (var piece in trivia)
        {
            if (piece.IsKind(SyntaxKind.SkippedTokensTrivia))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The identifiers that are signs of sharing by themselves.</summary>
    internal static IEnumerable<string> SignNames => Names;

    /// <summary>The type names that are signs of sharing when constructed (<c>new Thread(…)</c>).</summary>
    internal static IEnumerable<string> ConstructedNames => Constructed;

    private static readonly HashSet<string> LockFreeNames = new()
    {
        "Volatile", "VolatileRead", "VolatileWrite", "Interlocked", "MemoryBarrier", "MemoryBarrierProcessWide", "AsymmetricBarrier",
    };

    /// <summary>
    /// Whether the body of <paramref name="method"/> (declared once in source) names <c>Volatile</c>, <c>Interlocked</c>,
    /// a barrier, or a volatile field of its type: it orders its accesses lock-free (docs/design.md §5).
    /// </summary>
    public static bool OrdersLockFree(IMethodSymbol method)
    {
        if (method.DeclaringSyntaxReferences.Length != 1 || method.ContainingType is not { } type)
        {
            return false;
        }

        var volatiles = new HashSet<string>(type.GetMembers().OfType<IFieldSymbol>().Where(f => f.IsVolatile).Select(f => f.Name));
        return method.DeclaringSyntaxReferences[0].GetSyntax().DescendantTokens()
            .Any(t => t.IsKind(SyntaxKind.IdentifierToken) && (LockFreeNames.Contains(t.ValueText) || volatiles.Contains(t.ValueText)));
    }

    /// <summary>
    /// Whether <paramref name="type"/> is an atomic wrapper: a property (not an indexer) with an accessor that orders its
    /// accesses lock-free, whose property is a field to its user (docs/design.md §5, "Calls on a field's object"). The
    /// text scan comes first: most types have no lock-free word at all, and their accessors are never walked.
    /// </summary>
    public static bool IsAtomicWrapper(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        ScanLockFree(type, cancellationToken)
        && type.GetMembers().OfType<IPropertySymbol>().Any(p => !p.IsIndexer
            && ((p.GetMethod is { } get && OrdersLockFree(get)) || (p.SetMethod is { } set && OrdersLockFree(set))));

    internal static bool IsLockFreeEvidence(SyntaxToken token) =>
        token.IsKind(SyntaxKind.VolatileKeyword) || (token.IsKind(SyntaxKind.IdentifierToken) && LockFreeNames.Contains(token.ValueText));

    /// <summary>Whether <paramref name="name"/> ends the qualified type name of an object creation (<c>new System.Threading.Thread(…)</c>, <c>new global::Timer(…)</c>).</summary>
    private static bool IsCreatedType(SyntaxToken name)
    {
        SyntaxNode? node = name.Parent;
        while ((node?.Parent is QualifiedNameSyntax qualified && qualified.Right == node) || (node?.Parent is AliasQualifiedNameSyntax alias && alias.Name == node))
        {
            node = node.Parent;
        }

        return node?.Parent is ObjectCreationExpressionSyntax creation && creation.Type == node;
    }

    internal static bool IsEvidence(SyntaxToken token, SyntaxToken previous, SyntaxToken beforePrevious)
    {
        switch (token.Kind())
        {
            case SyntaxKind.VolatileKeyword:
            case SyntaxKind.LockKeyword:
                return true;
            case SyntaxKind.IdentifierToken:
                var name = token.ValueText;
                return Names.Contains(name)
                    || (Constructed.Contains(name) && (previous.IsKind(SyntaxKind.NewKeyword) || (previous.Kind() is SyntaxKind.DotToken or SyntaxKind.ColonColonToken && IsCreatedType(token))))
                    || (name == "Run" && previous.IsKind(SyntaxKind.DotToken) && beforePrevious.ValueText == "Task");
            default:
                return false;
        }
    }
}
