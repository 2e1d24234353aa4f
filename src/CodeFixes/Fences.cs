using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using Fencer.Analyzer.Knowledge;
using Fencer.Analyzer.Model;

namespace Fencer.CodeFixes;

/// <summary>The fences a fix inserts, weakest first (the order is the analyzer's protection order).</summary>
internal enum FenceKind
{
    /// <summary><c>AsymmetricBarrier.Light()</c>: compiler order, for the hot side of an asymmetric handshake.</summary>
    Light = 1,

    /// <summary><c>Interlocked.MemoryBarrier()</c>.</summary>
    Full = 2,

    /// <summary><c>AsymmetricBarrier.Heavy()</c>, or <c>Interlocked.MemoryBarrierProcessWide()</c> without Fencer.Runtime.</summary>
    Heavy = 3,
}

/// <summary>What the compilation offers for fences and ordered accesses, resolved once per document.</summary>
internal sealed class FenceApis
{
    private FenceApis(Compilation compilation)
    {
        Interlocked = compilation.GetTypeByMetadataName("System.Threading.Interlocked");
        Volatile = compilation.GetTypeByMetadataName("System.Threading.Volatile");
        var barrier = compilation.GetTypeByMetadataName("Fencer.AsymmetricBarrier");
        AsymmetricBarrier = barrier is not null && HasParameterless(barrier, "Light") && HasParameterless(barrier, "Heavy") ? barrier : null;
        HasProcessWide = Interlocked is not null && HasParameterless(Interlocked, "MemoryBarrierProcessWide");
        Ordering = new WrittenOrdering();
    }

    /// <summary>What the analysis knows about the calls and accesses a fix reads (one semantics layer: docs/design.md §10).</summary>
    public WrittenOrdering Ordering { get; }

    public INamedTypeSymbol? Interlocked { get; }

    public INamedTypeSymbol? Volatile { get; }

    /// <summary>Fencer.Runtime's barrier type, when the compilation references it.</summary>
    public INamedTypeSymbol? AsymmetricBarrier { get; }

    /// <summary>Whether <c>Interlocked.MemoryBarrierProcessWide()</c> exists (not on netstandard2.0).</summary>
    public bool HasProcessWide { get; }

    /// <summary>Whether a process-wide barrier can be written at all: Fencer.Runtime, or the runtime's own.</summary>
    public bool HasHeavy => AsymmetricBarrier is not null || HasProcessWide;

    public static FenceApis Create(Compilation compilation) => new(compilation);

    /// <summary><c>Fence();</c> with fully qualified names, simplifier, import and formatter annotations.</summary>
    public StatementSyntax Statement(FenceKind kind, SyntaxGenerator generator) =>
        SyntaxFactory.ExpressionStatement(Invocation(kind, generator)).WithAdditionalAnnotations(Formatter.Annotation);

    public ExpressionSyntax Invocation(FenceKind kind, SyntaxGenerator generator)
    {
        var (type, name) = kind switch
        {
            FenceKind.Light => (AsymmetricBarrier!, "Light"),
            FenceKind.Full => (Interlocked!, "MemoryBarrier"),
            _ when AsymmetricBarrier is not null => (AsymmetricBarrier, "Heavy"),
            _ => (Interlocked!, "MemoryBarrierProcessWide"),
        };
        return Call(type, name, generator);
    }

    /// <summary><c>global::Ns.Type.Name(args)</c>, to be simplified (and its namespace imported) by the code action's cleanup.</summary>
    public static InvocationExpressionSyntax Call(INamedTypeSymbol type, string name, SyntaxGenerator generator, params ArgumentSyntax[] arguments)
    {
        // SyntaxGenerator names the type with import and symbol annotations, but as a qualified name, which binds only in
        // type positions; the same text parsed as an expression, with those annotations copied, binds as a member access.
        var typeName = generator.TypeExpression(type, addImport: true);
        var typeExpression = typeName.CopyAnnotationsTo(SyntaxFactory.ParseExpression(typeName.ToString()))!;
        var access = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, typeExpression, SyntaxFactory.IdentifierName(name));
        return SyntaxFactory.InvocationExpression(access, SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments)))
            .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation, ImportsAnnotation);
    }

    /// <summary>
    /// Marks every call a fix writes, for <see cref="ImportAdder"/>: it adds the namespaces of the fully qualified names
    /// inside marked nodes (it does not find <see cref="Simplifier.AddImportsAnnotation"/> on a type used as an expression).
    /// </summary>
    public static SyntaxAnnotation ImportsAnnotation { get; } = new("Fencer.AddImports");

    /// <summary>The strength of the fence <paramref name="statement"/> is, or null when it is none.</summary>
    public FenceKind? FenceOf(StatementSyntax? statement, SemanticModel model)
    {
        if (statement is not ExpressionStatementSyntax { Expression: InvocationExpressionSyntax invocation })
        {
            return null;
        }

        return FenceOf(invocation, model);
    }

    public FenceKind? FenceOf(InvocationExpressionSyntax invocation, SemanticModel model) =>
        Ordering.Barrier(model.GetOperation(invocation)) switch
        {
            Protection.Compiler => FenceKind.Light,
            Protection.Full => FenceKind.Full,
            Protection.Heavy => FenceKind.Heavy,
            _ => null,
        };

    /// <summary>Whether <paramref name="invocation"/> is an <c>Interlocked</c> read-modify-write (a full fence with an access).</summary>
    public bool IsReadModifyWrite(SyntaxNode invocation, SemanticModel model) =>
        invocation is InvocationExpressionSyntax && Ordering.IsReadModifyWrite(model.GetOperation(invocation));

    private static bool HasParameterless(INamedTypeSymbol type, string name) =>
        type.GetMembers(name).OfType<IMethodSymbol>().Any(m => m.IsStatic && m.Parameters.Length == 0 && m.DeclaredAccessibility == Accessibility.Public);
}
