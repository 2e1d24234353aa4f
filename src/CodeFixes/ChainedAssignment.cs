using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;

namespace Fencer.CodeFixes;

/// <summary>
/// <c>head = tail = entry;</c> stores <c>tail</c> then <c>head</c> in one statement: no fence fits between them. Split
/// into one statement per store, innermost first, each storing the same value (<c>tail = entry; head = entry;</c>),
/// a fence then fits between (docs/design.md §10). The value is repeated when it is a local, a parameter or a constant,
/// and held in a new local first otherwise; a chain whose targets differ in type (a conversion on the way) or that is
/// not a whole statement is left alone.
/// </summary>
internal static class ChainedAssignment
{
    /// <summary>The chained-assignment statement holding both <paramref name="store"/> and <paramref name="access"/>, when no statement gap separates them.</summary>
    public static ExpressionStatementSyntax? Holding(SyntaxNode store, SyntaxNode access) =>
        store.AncestorsAndSelf().OfType<ExpressionStatementSyntax>().FirstOrDefault() is { Expression: AssignmentExpressionSyntax { Right: AssignmentExpressionSyntax } } statement
        && statement.Span.Contains(access.Span)
            ? statement
            : null;

    /// <summary>The statements that replace <paramref name="statement"/>, or null when it cannot be split.</summary>
    public static IReadOnlyList<StatementSyntax>? Split(ExpressionStatementSyntax statement, SemanticModel model)
    {
        var targets = new List<ExpressionSyntax>();
        ExpressionSyntax value = statement.Expression;
        while (value is AssignmentExpressionSyntax assignment && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression))
        {
            targets.Add(assignment.Left);
            value = assignment.Right;
        }

        if (targets.Count < 2 || value is AssignmentExpressionSyntax)
        {
            return null;
        }

        var types = targets.Select(t => model.GetTypeInfo(t).Type).ToList();
        if (types.Any(t => t is null || t.IsRefLikeType || !SymbolEqualityComparer.Default.Equals(t, types[0])))
        {
            return null;
        }

        var statements = new List<StatementSyntax>();
        ExpressionSyntax stored = value.WithoutTrivia();
        if (!Repeatable(model.GetOperation(value)))
        {
            if (model.GetTypeInfo(value).Type is not { } valueType || !SymbolEqualityComparer.Default.Equals(valueType, types[0]))
            {
                return null;
            }

            var name = FreeName(model, statement.SpanStart);
            statements.Add(SyntaxFactory.LocalDeclarationStatement(SyntaxFactory.VariableDeclaration(
                SyntaxFactory.IdentifierName("var"),
                SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(name).WithInitializer(SyntaxFactory.EqualsValueClause(stored))))));
            stored = SyntaxFactory.IdentifierName(name);
        }

        for (var i = targets.Count - 1; i >= 0; i--)
        {
            statements.Add(SyntaxFactory.ExpressionStatement(
                SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, targets[i].WithoutTrivia(), stored)));
        }

        return statements.Select(s => s.WithAdditionalAnnotations(Formatter.Annotation)).ToList();
    }

    /// <summary>Replaces <paramref name="statement"/> by <paramref name="statements"/>, in a block when it was an embedded statement.</summary>
    public static SyntaxNode Replace(SyntaxNode root, ExpressionStatementSyntax statement, IReadOnlyList<StatementSyntax> statements)
    {
        var lines = statements.Select(s => s.WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed)).ToList();
        if (statement.Parent is BlockSyntax or SwitchSectionSyntax)
        {
            lines[0] = lines[0].WithLeadingTrivia(statement.GetLeadingTrivia());
            lines[lines.Count - 1] = lines[lines.Count - 1].WithTrailingTrivia(statement.GetTrailingTrivia());
            return root.ReplaceNode(statement, lines);
        }

        return root.ReplaceNode(statement, SyntaxFactory.Block(lines)
            .WithLeadingTrivia(statement.GetLeadingTrivia()).WithTrailingTrivia(statement.GetTrailingTrivia()).WithAdditionalAnnotations(Formatter.Annotation));
    }

    private static bool Repeatable(IOperation? value)
    {
        while (value is IConversionOperation { IsImplicit: true } conversion)
        {
            value = conversion.Operand;
        }

        return value is ILocalReferenceOperation or IParameterReferenceOperation { Parameter.RefKind: RefKind.None } or ILiteralOperation or IDefaultValueOperation
            || value?.ConstantValue.HasValue == true;
    }

    private static string FreeName(SemanticModel model, int position)
    {
        for (var i = 0; ; i++)
        {
            var name = i == 0 ? "value" : "value" + i;
            if (model.LookupSymbols(position, name: name).IsEmpty)
            {
                return name;
            }
        }
    }
}
