using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Fencer.CodeFixes;

/// <summary>
/// A place between two statements where a fence can go: index <see cref="Index"/> of the statement list of a
/// block or switch section, or of the one-statement list an embedded statement (<c>if (c) x = 1;</c>) becomes
/// once it is wrapped in a block.
/// </summary>
internal readonly struct StatementGap : IEquatable<StatementGap>
{
    private StatementGap(SyntaxNode owner, IReadOnlyList<StatementSyntax> statements, int index)
    {
        Owner = owner;
        Statements = statements;
        Index = index;
    }

    /// <summary>The block or switch section, or the embedded statement itself (a list to be made a block).</summary>
    public SyntaxNode Owner { get; }

    public IReadOnlyList<StatementSyntax> Statements { get; }

    /// <summary>The fence goes before <c>Statements[Index]</c> (at the end when Index is the count).</summary>
    public int Index { get; }

    public bool IsEmbedded => Owner is StatementSyntax and not BlockSyntax;

    public static StatementGap? Before(StatementSyntax statement) => At(statement, 0);

    public static StatementGap? After(StatementSyntax statement) => At(statement, 1);

    /// <summary>The statements a fence at this gap would sit between (null at an end of the list).</summary>
    public (StatementSyntax? Previous, StatementSyntax? Next) Neighbours =>
        (Index > 0 ? Statements[Index - 1] : null, Index < Statements.Count ? Statements[Index] : null);

    public bool Equals(StatementGap other) => Owner == other.Owner && Index == other.Index;

    public override bool Equals(object? obj) => obj is StatementGap other && Equals(other);

    public override int GetHashCode() => (Owner.GetHashCode() * 31) + Index;

    /// <summary>
    /// Whether every path from <paramref name="store"/> to <paramref name="access"/> (both in one body) passes this
    /// gap. Syntactic and conservative: a path enters a statement list only at its start, leaves a statement that
    /// has no break, continue or goto only at its end, and comes back to an earlier statement only through an
    /// enclosing loop that re-enters the list at its start. <c>goto</c> to a label inside the list is not modelled.
    /// </summary>
    public bool Covers(SyntaxNode store, SyntaxNode access)
    {
        if (LeftByAThrow(store, access))
        {
            return false;
        }

        var storeIndex = ChildIndex(store);
        var accessIndex = ChildIndex(access);
        if (accessIndex < 0)
        {
            // The access lies outside the list: the fence must come after the store's statement, which runs on to it.
            return storeIndex >= 0 && Index > storeIndex && RunsThrough(storeIndex, Index);
        }

        if (storeIndex < 0)
        {
            return Index <= accessIndex; // every path into the list starts at its beginning
        }

        if (storeIndex == accessIndex)
        {
            return false;
        }

        if (storeIndex < accessIndex)
        {
            return storeIndex < Index && Index <= accessIndex;
        }

        // The access comes first: the store reaches it only round an enclosing loop, through the list's end and start.
        return Index <= accessIndex || (Index > storeIndex && RunsThrough(storeIndex, Index));
    }

    /// <summary>
    /// Whether the access may be reached from the store by a throw that leaves a try block (holding the store, and this
    /// gap, but not the access) for one of its catches — the access in that catch, or after the try statement and a
    /// catch that does not end by returning or throwing: a throw at any point after the store — inside the store's own
    /// statement or call — skips every gap within that try block.
    /// </summary>
    private bool LeftByAThrow(SyntaxNode store, SyntaxNode access)
    {
        foreach (var node in store.Ancestors())
        {
            if (BodyBoundary.IsBoundary(node))
            {
                return false;
            }

            if (node is TryStatementSyntax { Catches.Count: > 0 } statement && statement.Block.Span.Contains(store.Span)
                && !statement.Block.Span.Contains(access.Span) && statement.Block.Span.Contains(Owner.Span)
                && statement.Catches.Any(c => c.Span.Contains(access.Span) || (!statement.Span.Contains(access.Span) && MayLeave(c))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a catch may end other than by returning or throwing: a throw it caught goes on past the try.</summary>
    private static bool MayLeave(CatchClauseSyntax handler) =>
        handler.Block.Statements.LastOrDefault() is not (ReturnStatementSyntax or ThrowStatementSyntax);

    private int ChildIndex(SyntaxNode node)
    {
        for (var i = 0; i < Statements.Count; i++)
        {
            if (Statements[i].Span.Contains(node.Span) && Statements[i].Contains(node))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Whether control that leaves statement <paramref name="from"/> at its end reaches the gap at <paramref name="to"/>.</summary>
    private bool RunsThrough(int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            if (HasJump(Statements[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasJump(StatementSyntax statement) =>
        statement.DescendantNodesAndSelf(n => !BodyBoundary.IsBoundary(n))
            .Any(n => n is BreakStatementSyntax or ContinueStatementSyntax or GotoStatementSyntax
                || (n is YieldStatementSyntax yield && yield.IsKind(SyntaxKind.YieldBreakStatement)));

    private static StatementGap? At(StatementSyntax statement, int offset)
    {
        var item = statement.Parent is LabeledStatementSyntax labeled ? labeled : statement;
        switch (item.Parent)
        {
            case BlockSyntax block:
                return new StatementGap(block, block.Statements, block.Statements.IndexOf(item) + offset);
            case SwitchSectionSyntax section:
                return new StatementGap(section, section.Statements, section.Statements.IndexOf(item) + offset);
            case IfStatementSyntax or ElseClauseSyntax or WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax
                or CommonForEachStatementSyntax or UsingStatementSyntax or LockStatementSyntax or FixedStatementSyntax:
                return new StatementGap(item, new[] { item }, offset);
            default:
                return null; // top-level statements, labeled chains: left alone
        }
    }
}

/// <summary>Where one body (method, accessor, lambda, local function) ends and a nested one begins.</summary>
internal static class BodyBoundary
{
    public static bool IsBoundary(SyntaxNode node) =>
        node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax or AccessorDeclarationSyntax;

    /// <summary>The statements enclosing <paramref name="node"/> within its own body, innermost first.</summary>
    public static IEnumerable<StatementSyntax> EnclosingStatements(SyntaxNode node)
    {
        for (var current = node; current is not null && !IsBoundary(current); current = current.Parent)
        {
            if (current is StatementSyntax statement and not BlockSyntax and not LabeledStatementSyntax)
            {
                yield return statement;
            }
        }
    }

    /// <summary>
    /// The gaps that may separate <paramref name="store"/> from <paramref name="access"/>, best first: right after
    /// the store's statement, right before the access's statement, then after and before their enclosing statements.
    /// </summary>
    public static IEnumerable<StatementGap> Candidates(SyntaxNode store, SyntaxNode access)
    {
        var afterStore = EnclosingStatements(store).Select(StatementGap.After);
        var beforeAccess = EnclosingStatements(access).Select(StatementGap.Before);
        var first = new[] { afterStore.FirstOrDefault(), beforeAccess.FirstOrDefault() };
        return first.Concat(afterStore.Skip(1)).Concat(beforeAccess.Skip(1))
            .Where(g => g is { } gap && gap.Covers(store, access))
            .Select(g => g!.Value)
            .Distinct();
    }
}
