using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

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
    public static bool Scan(INamedTypeSymbol type, CancellationToken cancellationToken) => Scan(type, IsEvidence, cancellationToken);

    /// <summary>
    /// Whether the declarations of <paramref name="type"/> show lock-free ordering: <c>volatile</c>, <c>Volatile</c>,
    /// <c>Interlocked</c> or a barrier. A type that orders its state only with locks, threads or concurrent collections
    /// does not (docs/design.md §5, "Calls on a field's object": its accessors are ordered by their locks).
    /// </summary>
    private static bool ScanLockFree(INamedTypeSymbol type, CancellationToken cancellationToken) => Scan(type, IsLockFreeEvidence, cancellationToken);

    private static bool Scan(INamedTypeSymbol type, Func<SyntaxToken, SyntaxToken, SyntaxToken, bool> isEvidence, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            // Most types have no sign at all: a pass over their text finds that without building a single syntax
            // node. Only a declaration whose text may hold one has its tokens scanned.
            if (!MayHoldEvidence(reference.SyntaxTree.GetText(cancellationToken), reference.Span))
            {
                continue;
            }

            var root = reference.GetSyntax(cancellationToken);
            SyntaxToken previous = default, beforePrevious = default;
            foreach (var token in root.DescendantTokens(node => node == root || node is not BaseTypeDeclarationSyntax))
            {
                if (isEvidence(token, previous, beforePrevious))
                {
                    return true;
                }

                beforePrevious = previous;
                previous = token;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the text of <paramref name="span"/> may hold a sign of sharing: the words of <see cref="IsEvidence"/>,
    /// read from the characters (comments, strings and nested types included), so that it says no only where the
    /// token scan would. What precedes a word is followed two ways at once — with comments skipped, as the tokens
    /// see them, and with everything counted, in case a comment marker was inside a string — and either may say yes.
    /// </summary>
    internal static bool MayHoldEvidence(SourceText text, TextSpan span)
    {
        var buffer = new char[System.Math.Min(span.Length, 4096)];
        var word = new char[MaxWordLength];
        var length = 0;
        var hash = 0;
        var asTokens = default(Preceding);
        var asText = default(Preceding);
        var comment = Comment.None;
        var last = '\0';
        for (var offset = 0; offset < span.Length; offset += buffer.Length)
        {
            var count = System.Math.Min(buffer.Length, span.Length - offset);
            text.CopyTo(span.Start + offset, buffer, 0, count);
            for (var i = 0; i <= count; i++)
            {
                var end = offset + count == span.Length;
                var c = i < count ? buffer[i] : ' ';
                if (i == count && !end)
                {
                    break; // a word may go on in the next chunk
                }

                if (char.IsLetterOrDigit(c) || c == '_')
                {
                    if (length < MaxWordLength)
                    {
                        word[length] = c;
                    }

                    length++;
                    hash = HashStep(hash, c);
                    last = c;
                    continue;
                }

                if (length > 0)
                {
                    // Only the words the scan cares about are named; any other word is just "some word".
                    var name = length <= MaxWordLength ? Known(word, length, hash) : null;
                    length = 0;
                    hash = 0;
                    if (name is "volatile" or "lock" || (name is not null && Names.Contains(name)) || asTokens.Completes(name) || asText.Completes(name))
                    {
                        return true;
                    }

                    asText = asText.Then(name);
                    if (comment == Comment.None)
                    {
                        asTokens = asTokens.Then(name);
                    }
                }

                asText = asText.Then(c);
                if (comment == Comment.None)
                {
                    if (last == '/' && c is '/' or '*')
                    {
                        comment = c == '/' ? Comment.Line : Comment.Block;
                    }
                    else if (c is not '/')
                    {
                        asTokens = asTokens.Then(c);
                    }
                }
                else if ((comment == Comment.Line && c is '\n' or '\r') || (comment == Comment.Block && last == '*' && c == '/'))
                {
                    comment = Comment.None;
                    c = ' ';
                }

                last = c;
            }
        }

        return false;
    }

    /// <summary>The words <see cref="MayHoldEvidence"/> reads: the signs themselves and the words before <c>Thread</c> or <c>Run</c>.</summary>
    private static readonly Dictionary<int, string[]> KnownWords = Words();

    private static readonly int MaxWordLength = KnownWords.Values.SelectMany(w => w).Max(w => w.Length);

    private static Dictionary<int, string[]> Words()
    {
        var words = Names.Concat(Constructed).Concat(new[] { "volatile", "lock", "new", "Run" }).Distinct();
        return words.GroupBy(Hash).ToDictionary(g => g.Key, g => g.ToArray());
    }

    private static int Hash(string word)
    {
        var hash = 0;
        foreach (var c in word)
        {
            hash = HashStep(hash, c);
        }

        return hash;
    }

    /// <summary>The word hash <see cref="MayHoldEvidence"/> keeps as it reads, one character at a time.</summary>
    private static int HashStep(int hash, char c) => unchecked((hash * 31) + c);

    /// <summary>The known word spelled by the first <paramref name="length"/> characters of <paramref name="word"/>, or null: no string is made for any other word.</summary>
    private static string? Known(char[] word, int length, int hash)
    {
        if (!KnownWords.TryGetValue(hash, out var candidates))
        {
            return null;
        }

        foreach (var candidate in candidates)
        {
            if (candidate.Length == length && new System.ReadOnlySpan<char>(word, 0, length).SequenceEqual(candidate.AsSpan()))
            {
                return candidate;
            }
        }

        return null;
    }

    private enum Comment
    {
        None,
        Line,
        Block,
    }

    /// <summary>The two words before a point and whether a dot came between them: enough for `new Thread` and `Task.Run`.</summary>
    private readonly struct Preceding
    {
        private Preceding(string? previous, string? beforePrevious, bool dot)
        {
            Previous = previous;
            BeforePrevious = beforePrevious;
            Dot = dot;
        }

        private string? Previous { get; }

        private string? BeforePrevious { get; }

        private bool Dot { get; }

        public bool Completes(string? name) =>
            name is not null && ((Previous == "new" && !Dot && Constructed.Contains(name)) || (name == "Run" && Dot && Previous == "Task"));

        /// <param name="name">The word, or null for a word the scan does not care about.</param>
        public Preceding Then(string? name) => new(name, Previous, false);

        public Preceding Then(char c) => c switch
        {
            '.' => new(Previous, BeforePrevious, true),
            _ when char.IsWhiteSpace(c) => this,
            _ => new(null, null, false),
        };
    }

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

    private static bool IsLockFreeEvidence(SyntaxToken token, SyntaxToken previous, SyntaxToken beforePrevious) =>
        token.IsKind(SyntaxKind.VolatileKeyword) || (token.IsKind(SyntaxKind.IdentifierToken) && LockFreeNames.Contains(token.ValueText));

    private static bool IsEvidence(SyntaxToken token, SyntaxToken previous, SyntaxToken beforePrevious)
    {
        switch (token.Kind())
        {
            case SyntaxKind.VolatileKeyword:
            case SyntaxKind.LockKeyword:
                return true;
            case SyntaxKind.IdentifierToken:
                var name = token.ValueText;
                return Names.Contains(name)
                    || (previous.IsKind(SyntaxKind.NewKeyword) && Constructed.Contains(name))
                    || (name == "Run" && previous.IsKind(SyntaxKind.DotToken) && beforePrevious.ValueText == "Task");
            default:
                return false;
        }
    }
}
