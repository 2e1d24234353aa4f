using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Fencer.Analyzer.Graph;

/// <summary>
/// A check that polls for the other side's store (docs/design.md §6, "A check that waits for the store"): the load is a
/// term of a loop's condition that keeps the loop going until it reads the constant the other side stores, and the
/// loop only sleeps, yields or spins between reads. A store leaves the store buffer in bounded time, so the next
/// iteration sees it: the reordering costs this side an iteration, never the handshake.
/// </summary>
internal static class Polling
{
    /// <summary>What a polling loop may do between reads: wait a bounded time, never for a wake-up.</summary>
    private static readonly string[] BoundedWaits = { "Sleep", "Yield", "SpinWait", "SpinOnce", "Delay", "ConfigureAwait" };

    private static readonly ExpressionSyntax False = SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression);

    private static readonly ExpressionSyntax True = SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression);

    /// <summary>Whether <paramref name="load"/> is repeated by a polling loop until it reads what <paramref name="otherStore"/> stores.</summary>
    public static bool WaitsFor(SyntaxNode load, SyntaxNode otherStore)
    {
        if (StoredConstant(otherStore) is not { } stored || Exit(load) is not { } exit)
        {
            return false;
        }

        var (loop, value, onEqual) = exit;
        var matches = onEqual ? Same(value, stored) : IsConstant(stored) && !Same(value, stored);
        return matches && PollsOnly(loop);
    }

    /// <summary>The constant a store writes (`f = true`, `Volatile.Write(ref f, State.Done)`), or null.</summary>
    private static ExpressionSyntax? StoredConstant(SyntaxNode store)
    {
        var value = store switch
        {
            AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment => assignment.Right,
            InvocationExpressionSyntax { ArgumentList.Arguments.Count: 2 } invocation => invocation.ArgumentList.Arguments[1].Expression,
            _ => null,
        };
        return value is not null && IsConstant(value) ? value : null;
    }

    /// <summary>
    /// The loop whose condition the load is a conjunct of, and when that conjunct is false: when the load reads
    /// <c>Value</c> (<c>OnEqual</c>) or anything else.
    /// </summary>
    private static (StatementSyntax Loop, ExpressionSyntax Value, bool OnEqual)? Exit(SyntaxNode load)
    {
        if (load is not ExpressionSyntax term)
        {
            return null;
        }

        // The term the load forms: the load itself (false exits), its negation (true exits), a comparison with a constant.
        var value = False;
        var onEqual = true;
        term = Up(term);
        switch (term.Parent)
        {
            case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } not:
                value = True;
                term = Up(not);
                break;
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression or (int)SyntaxKind.NotEqualsExpression } comparison:
                var constant = comparison.Left == term ? comparison.Right : comparison.Left;
                if (!IsConstant(constant))
                {
                    return null;
                }

                value = constant;
                onEqual = comparison.IsKind(SyntaxKind.NotEqualsExpression); // `x != K` is false when x is K; `x == K` when it is not
                term = Up(comparison);
                break;
        }

        // Conjuncts only: with `a && b` false when either is, the loop leaves when this term is false.
        while (term.Parent is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression } and)
        {
            term = Up(and);
        }

        return term.Parent switch
        {
            WhileStatementSyntax loop when loop.Condition == term => (loop, value, onEqual),
            DoStatementSyntax loop when loop.Condition == term => (loop, value, onEqual),
            ForStatementSyntax loop when loop.Condition == term => (loop, value, onEqual),
            _ => null,
        };
    }

    private static ExpressionSyntax Up(ExpressionSyntax expression)
    {
        while (expression.Parent is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized;
        }

        return expression;
    }

    /// <summary>The loop's body calls nothing but bounded waits (it may read, write locals, count spins).</summary>
    private static bool PollsOnly(StatementSyntax loop)
    {
        var body = loop switch
        {
            WhileStatementSyntax w => w.Statement,
            DoStatementSyntax d => d.Statement,
            ForStatementSyntax f => f.Statement,
            _ => null,
        };
        if (body is null)
        {
            return false;
        }

        foreach (var invocation in body.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>())
        {
            var name = invocation.Expression switch
            {
                MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                _ => "",
            };
            if (!BoundedWaits.Contains(name))
            {
                return false;
            }
        }

        // A wait with no bound (`Wait()`, `WaitOne()`) is an invocation too, and was refused above. A return or break on
        // another condition (`if (_disposed) return 0;`) leaves for a reason of its own: the stale value keeps it polling.
        return !body.DescendantNodesAndSelf().Any(n => n is AwaitExpressionSyntax { Expression: not InvocationExpressionSyntax });
    }

    /// <summary>A literal, or a constant-like member access (`State.Done`, `int.MaxValue`).</summary>
    private static bool IsConstant(ExpressionSyntax expression) => expression switch
    {
        LiteralExpressionSyntax => true,
        PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression, Operand: LiteralExpressionSyntax } => true,
        MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax or PredefinedTypeSyntax or MemberAccessExpressionSyntax } member =>
            member.Expression is not MemberAccessExpressionSyntax inner || IsConstant(inner),
        _ => false,
    };

    private static bool Same(ExpressionSyntax a, ExpressionSyntax b) =>
        a.IsKind(SyntaxKind.TrueLiteralExpression) || a.IsKind(SyntaxKind.FalseLiteralExpression)
            ? a.RawKind == b.RawKind
            : a.ToString() == b.ToString();
}
