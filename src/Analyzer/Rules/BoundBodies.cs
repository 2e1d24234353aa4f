using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Fencer.Analyzer.Rules;

/// <summary>
/// The roots the analyzer driver hands the symbol-start action for a type — each member's body and each field
/// initializer, from every file of a partial type — bound from the type's syntax instead, for a type whose bodies the
/// driver's actions did not collect: the types the code fixes ask about (<see cref="TypeAnalysisRequest"/>), and a base
/// class whose text shows no sharing analysed with a derived class that does (docs/design.md §8, "Across a class and
/// its bases").
/// </summary>
internal static class BoundBodies
{
    public static (List<(IMethodSymbol Method, IOperation Root)> Roots, List<(IFieldSymbol Field, IOperation Value)> Initializers) Of(
        Compilation compilation, INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var roots = new List<(IMethodSymbol, IOperation)>();
        var initializers = new List<(IFieldSymbol, IOperation)>();
        foreach (var member in type.GetMembers())
        {
            foreach (var reference in member.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax(cancellationToken);
                if (!compilation.ContainsSyntaxTree(syntax.SyntaxTree))
                {
                    continue;
                }

#pragma warning disable RS1030 // A type whose bodies no action of this analysis collected: bound once, only when an analysis needs it.
                var model = compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
                if (member is IMethodSymbol method && Body(syntax) is { } body
                    && model.GetOperation(body, cancellationToken) is { } root and (IBlockOperation or IMethodBodyBaseOperation))
                {
                    roots.Add((method, root));
                }
                else if (member is IFieldSymbol field && syntax is VariableDeclaratorSyntax { Initializer: { } initializer }
                    && model.GetOperation(initializer, cancellationToken) is IFieldInitializerOperation { Value: { } value })
                {
                    initializers.Add((field, value));
                }
            }
        }

        return (roots, initializers);
    }

    /// <summary>The syntax whose operation the driver gives as a member's block: a constructor whole, else its body.</summary>
    private static SyntaxNode? Body(SyntaxNode declaration) => declaration switch
    {
        ConstructorDeclarationSyntax constructor => constructor,
        BaseMethodDeclarationSyntax method => (SyntaxNode?)method.Body ?? method.ExpressionBody,
        AccessorDeclarationSyntax accessor => (SyntaxNode?)accessor.Body ?? accessor.ExpressionBody,
        ArrowExpressionClauseSyntax arrow => arrow,
        _ => null,
    };
}
