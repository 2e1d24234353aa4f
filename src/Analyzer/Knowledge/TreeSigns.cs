using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Fencer.Analyzer.Knowledge;

/// <summary>
/// The signs of sharing in one syntax tree (the tokens <see cref="SharingEvidence.IsEvidence"/> accepts), found once per
/// tree and kept while the tree lives: for each type declaration in it, whether its own tokens (not a nested type's)
/// hold a sign, and whether one of them is lock-free ordering (docs/design.md §8, "Cost").
/// </summary>
/// <remarks>
/// Most of a tree is words no sign contains, so its tokens are not walked. Every sign word contains one of a few
/// anchors (<c>olatile</c>, <c>lock</c>, <c>Task</c>…), which a search of the text finds; the word around each
/// occurrence is read, and only a sign word — a constructed type name only where <c>new</c> may come before it,
/// <c>Task</c> only where <c>.Run</c> may come after it — is looked up as a token. The token says the rest: whether
/// the word is code (not a comment, a string or disabled text), whether <c>new</c> or <c>Task.</c> really comes
/// before it with only trivia between, and which type declaration it belongs to. What the text is read for is only
/// ever a "may": it says no only where the token would.
/// </remarks>
internal sealed class TreeSigns
{
    private static readonly ConditionalWeakTable<SyntaxTree, TreeSigns> Cache = new();

    /// <summary>The words that are signs in some context: the sign names, the constructed type names, and the two keywords.</summary>
    private static readonly string[] Words = SharingEvidence.SignNames.Concat(SharingEvidence.ConstructedNames).Concat(new[] { "volatile", "lock" }).Distinct().ToArray();

    /// <summary>Each anchor searched for, with the words that contain it: every word is found through at least one (its own if it contains none of the list).</summary>
    private static readonly (string Anchor, string[] Words)[] Anchors = AnchorWords();

    /// <summary>The start of each type declaration with a sign of its own, and whether one of its signs is lock-free ordering.</summary>
    private readonly Dictionary<int, bool> _declarations = new();

    private TreeSigns()
    {
    }

    public static TreeSigns Of(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (Cache.TryGetValue(tree, out var known))
        {
            return known;
        }

        var found = Find(tree, cancellationToken);
        return Cache.GetValue(tree, _ => found);
    }

    /// <summary>Whether the type declaration starting at <paramref name="declarationStart"/> holds a sign (a lock-free one when <paramref name="lockFree"/>).</summary>
    public bool Has(int declarationStart, bool lockFree) => _declarations.TryGetValue(declarationStart, out var hasLockFree) && (!lockFree || hasLockFree);

    private static (string Anchor, string[] Words)[] AnchorWords()
    {
        var anchors = new[]
        {
            "olatile", "lock", "Lock", "Barrier", "Monitor", "EnterScope", "Thread", "QueueUserWorkItem", "StartNew", "Parallel",
            "Concurrent", "ManualResetEventSlim", "Timer", "Task",
        };
        var orphans = Words.Where(w => !anchors.Any(a => w.Contains(a)));
        return anchors.Concat(orphans)
            .Select(a => (a, Words.Where(w => w.Contains(a)).ToArray()))
            .ToArray();
    }

    private static TreeSigns Find(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var signs = new TreeSigns();
        var text = tree.GetText(cancellationToken).ToString();
        SyntaxNode? root = null;
        var looked = new HashSet<int>();
        foreach (var (anchor, words) in Anchors)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var at = text.IndexOf(anchor, StringComparison.Ordinal); at >= 0; at = text.IndexOf(anchor, at + 1, StringComparison.Ordinal))
            {
                var start = at;
                while (start > 0 && IsWordCharacter(text[start - 1]))
                {
                    start--;
                }

                var end = at + anchor.Length;
                while (end < text.Length && IsWordCharacter(text[end]))
                {
                    end++;
                }

                var word = WordAt(text, start, end, words);
                if (word is null || !looked.Add(start))
                {
                    continue;
                }

                var constructed = SharingEvidence.ConstructedNames.Contains(word);
                var signByItself = !constructed;
                var mayFollowNew = constructed && MayFollowNew(text, start);
                var mayPrecedeRun = word == "Task" && MayPrecedeRun(text, end);
                if (!signByItself && !mayFollowNew && !mayPrecedeRun)
                {
                    continue;
                }

                root ??= tree.GetRoot(cancellationToken);
                var token = root.FindToken(start);
                if (!token.Span.Contains(start))
                {
                    continue; // in trivia: a comment, disabled text, a directive
                }

                if (signByItself || mayFollowNew)
                {
                    var previous = SharingEvidence.Before(token);
                    signs.AddIfSign(token, previous, SharingEvidence.Before(previous));
                }

                if (mayPrecedeRun)
                {
                    var dot = SharingEvidence.After(token);
                    signs.AddIfSign(SharingEvidence.After(dot), dot, token);
                }
            }
        }

        return signs;
    }

    private void AddIfSign(SyntaxToken token, SyntaxToken previous, SyntaxToken beforePrevious)
    {
        if (!SharingEvidence.IsEvidence(token, previous, beforePrevious)
            || token.Parent?.FirstAncestorOrSelf<BaseTypeDeclarationSyntax>() is not { } declaration)
        {
            return;
        }

        var start = declaration.Span.Start;
        _declarations[start] = (_declarations.TryGetValue(start, out var lockFree) && lockFree) || SharingEvidence.IsLockFreeEvidence(token);
    }

    private static string? WordAt(string text, int start, int end, string[] words)
    {
        foreach (var word in words)
        {
            if (word.Length == end - start && string.CompareOrdinal(text, start, word, 0, word.Length) == 0)
            {
                return word;
            }
        }

        return null;
    }

    private static bool IsWordCharacter(char c) => char.IsLetterOrDigit(c) || c == '_';

    /// <summary>
    /// Whether the text before <paramref name="start"/> may end in the keyword <c>new</c> with only trivia after it:
    /// whitespace after <c>new</c>, or a comment or directive that might hide it (a block comment ends in <c>/</c>; a
    /// line comment or a directive sits on an earlier line). A dot or <c>::</c> may end a qualified name after
    /// <c>new</c> (<c>new System.Threading.Thread</c>). A verbatim name (<c>@Thread</c>) is read from its <c>@</c>.
    /// </summary>
    private static bool MayFollowNew(string text, int start)
    {
        var i = start - 1;
        while (i >= 0 && text[i] == '@')
        {
            i--;
        }

        var crossedLine = false;
        for (; i >= 0 && char.IsWhiteSpace(text[i]); i--)
        {
            crossedLine |= text[i] is '\n' or '\r';
        }

        if (i < 0)
        {
            return false;
        }

        if (text[i] is '/' or '.' or ':' || (i >= 2 && string.CompareOrdinal(text, i - 2, "new", 0, 3) == 0 && (i < 3 || !IsWordCharacter(text[i - 3]))))
        {
            return true;
        }

        return crossedLine && LineMayEndInTrivia(text, i);
    }

    /// <summary>Whether the line holding <paramref name="at"/> has a <c>//</c> before it or starts with <c>#</c>.</summary>
    private static bool LineMayEndInTrivia(string text, int at)
    {
        var lineStart = at;
        while (lineStart > 0 && text[lineStart - 1] is not ('\n' or '\r'))
        {
            lineStart--;
        }

        var first = lineStart;
        while (first < at && char.IsWhiteSpace(text[first]))
        {
            first++;
        }

        return text[first] == '#' || text.IndexOf("//", lineStart, at - lineStart + 1, StringComparison.Ordinal) >= 0;
    }

    /// <summary>Whether the text after <paramref name="end"/> may be <c>.Run</c> (or <c>.@Run</c>) with only trivia around the dot (a comment or directive counts as may).</summary>
    private static bool MayPrecedeRun(string text, int end)
    {
        var i = SkipWhitespace(text, end);
        if (i >= text.Length || text[i] is not ('.' or '/' or '#'))
        {
            return false;
        }

        if (text[i] != '.')
        {
            return true;
        }

        i = SkipWhitespace(text, i + 1);
        if (i < text.Length && text[i] is '/' or '#')
        {
            return true;
        }

        while (i < text.Length && text[i] == '@')
        {
            i++;
        }

        return i + 3 <= text.Length && string.CompareOrdinal(text, i, "Run", 0, 3) == 0 && (i + 3 == text.Length || !IsWordCharacter(text[i + 3]));
    }

    private static int SkipWhitespace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }
}
