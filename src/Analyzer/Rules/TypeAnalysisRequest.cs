using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Fencer.Analyzer.Extraction;
using Fencer.Analyzer.Knowledge;

namespace Fencer.Analyzer.Rules;

/// <summary>
/// The analysis of chosen types of a compilation, outside the analyzer driver: the code fixes ask it whether their
/// edit left a finding behind (docs/design.md §10, "A fix leaves no finding"). It hands <see cref="TypeReport"/> the
/// roots the driver hands the analyzer's symbol-start action — each member's body and each field initializer, from
/// every file of a partial type — so the findings are the analyzer's own. (The driver's per-file analysis cannot stand
/// in: a partial type split over several files was never reported by it on real code.)
/// </summary>
internal static class TypeAnalysisRequest
{
    public static List<Diagnostic> Analyze(Compilation compilation, AnalyzerOptions options, IEnumerable<INamedTypeSymbol> types, CancellationToken cancellationToken)
    {
        var findings = new List<Diagnostic>();
        var knowledge = new CallKnowledge(WellKnownSymbols.Instance);
        var callees = new CalleeSummaries(compilation, knowledge);
        var gate = new CollectedTypes();
        foreach (var type in types)
        {
            var settings = gate.Settings(options, type);
            if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct)
                || !(gate.Worth(type, settings, cancellationToken) || gate.HoldsSharingObject(type, settings, cancellationToken)))
            {
                continue;
            }

            var roots = new List<(IMethodSymbol, IOperation)>();
            var initializers = new List<(IFieldSymbol, IOperation)>();
            foreach (var member in type.GetMembers())
            {
                foreach (var reference in member.DeclaringSyntaxReferences)
                {
                    var syntax = reference.GetSyntax(cancellationToken);
                    var model = compilation.GetSemanticModel(syntax.SyntaxTree);
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

            TypeReport.Report(type, settings, d => findings.Add(d), cancellationToken, knowledge, callees, roots, initializers, observer: null);
        }

        return findings;
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
