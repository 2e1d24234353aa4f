using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Fencer.Analyzer.Extraction;

/// <summary>
/// A call on an object a member has just created and not yet handed to anyone (docs/design.md §6, "Not sides"): the
/// static factory's <c>var chunk = new Chunk(...); await chunk.InitNew(...); return chunk;</c>. Until the object
/// escapes, no other thread can reach it, so what the call does is set-up, as a constructor's work is. Read from
/// syntax, conservatively: the receiver is a local declared in the same member with <c>new T(...)</c> of the analysed
/// type, the call is the first mention of the local after its declaration, and the call is in no loop the declaration
/// is not also in (a second iteration would call on an object the first may have published).
/// </summary>
internal static class FreshObject
{
    public static bool IsFirstUse(SyntaxNode call, INamedTypeSymbol type)
    {
        if (call is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver } })
        {
            return false;
        }

        var member = call.FirstAncestorOrSelf<MemberDeclarationSyntax>();
        if (member is null)
        {
            return false;
        }

        var name = receiver.Identifier.ValueText;
        // The nearest declaration of that name before the call, whose scope (the block around its statement) holds the
        // call: a local of the same name in an earlier block, or a field the name means here, is another object.
        var declarator = member.DescendantNodes()
            .OfType<VariableDeclaratorSyntax>()
            .LastOrDefault(d => d.Identifier.ValueText == name && d.Span.End <= receiver.SpanStart);
        if (declarator is null || !Creates(declarator, type) || Enclosing(declarator, member) != Enclosing(call, member)
            || declarator.Parent?.Parent is not LocalDeclarationStatementSyntax { Parent: BlockSyntax scope } || !scope.Span.Contains(call.Span))
        {
            return false;
        }

        var mentionedBefore = member.DescendantNodes(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(declarator.Span.End, receiver.SpanStart))
            .OfType<IdentifierNameSyntax>()
            .Any(id => id.SpanStart >= declarator.Span.End && id.SpanStart < receiver.SpanStart && id.Identifier.ValueText == name);
        if (mentionedBefore)
        {
            return false;
        }

        return call.Ancestors().TakeWhile(a => a != member).Where(IsLoop).All(loop => loop.Span.Contains(declarator.Span));
    }

    /// <summary><c>x = new T(...)</c> or <c>T x = new(...)</c> of the analysed type.</summary>
    private static bool Creates(VariableDeclaratorSyntax declarator, INamedTypeSymbol type)
    {
        switch (declarator.Initializer?.Value)
        {
            case ObjectCreationExpressionSyntax creation:
                return Names(creation.Type, type);
            case ImplicitObjectCreationExpressionSyntax when declarator.Parent is VariableDeclarationSyntax declaration:
                return Names(declaration.Type, type);
            default:
                return false;
        }
    }

    private static bool Names(TypeSyntax syntax, INamedTypeSymbol type) => syntax switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText == type.Name,
        GenericNameSyntax generic => generic.Identifier.ValueText == type.Name && generic.TypeArgumentList.Arguments.Count == type.Arity,
        QualifiedNameSyntax qualified => Names(qualified.Right, type),
        _ => false,
    };

    /// <summary>The lambda or local function a node is in (within <paramref name="member"/>), or the member itself.</summary>
    private static SyntaxNode Enclosing(SyntaxNode node, MemberDeclarationSyntax member) =>
        node.Ancestors().TakeWhile(a => a != member).FirstOrDefault(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax) ?? member;

    private static bool IsLoop(SyntaxNode node) =>
        node is ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax or ForEachVariableStatementSyntax;
}
