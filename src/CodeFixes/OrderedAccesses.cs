using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace Fencer.CodeFixes;

/// <summary>How a fix can order one access of a handshake.</summary>
internal enum AccessChange
{
    /// <summary>Cannot be made volatile (a property, a compound assignment, a call into this compilation, ...).</summary>
    Impossible,

    /// <summary>Already volatile: a volatile field, <c>Volatile.*</c>, <c>Interlocked.*</c>, a concurrent collection or signal.</summary>
    AlreadyOrdered,

    /// <summary><c>f = v</c> becomes <c>Volatile.Write(ref f, v)</c>.</summary>
    VolatileWrite,

    /// <summary><c>f</c> (read) becomes <c>Volatile.Read(ref f)</c>.</summary>
    VolatileRead,
}

/// <summary>
/// Turning plain field accesses into <c>Volatile.Read</c>/<c>Volatile.Write</c> or <c>Interlocked.Exchange</c>, where the
/// compilation's overloads take the field's type (netstandard2.0 has no <c>Exchange(ref bool, bool)</c>, for example).
/// </summary>
internal static class OrderedAccesses
{
    /// <summary>What making the access at <paramref name="node"/> volatile takes.</summary>
    public static AccessChange VolatileChange(SyntaxNode node, SemanticModel model, FenceApis apis)
    {
        switch (node)
        {
            case AssignmentExpressionSyntax assignment:
                if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) || Variable(assignment.Left, model) is not { } stored)
                {
                    return AccessChange.Impossible;
                }

                return stored.IsVolatile ? AccessChange.AlreadyOrdered
                    : HasOverload(apis.Volatile, "Write", stored.Type) ? AccessChange.VolatileWrite : AccessChange.Impossible;
            case InvocationExpressionSyntax or MemberAccessExpressionSyntax or ElementAccessExpressionSyntax or IdentifierNameSyntax
                when apis.Ordering.IsOrderedAccess(model.GetOperation(node)):
                return AccessChange.AlreadyOrdered;
            case ExpressionSyntax expression when IsPlainRead(expression) && Variable(expression, model) is { } loaded:
                return loaded.IsVolatile ? AccessChange.AlreadyOrdered
                    : HasOverload(apis.Volatile, "Read", loaded.Type) ? AccessChange.VolatileRead : AccessChange.Impossible;
            default:
                return AccessChange.Impossible;
        }
    }

    /// <summary>Whether the plain store <c>f = v;</c> at <paramref name="node"/> can become <c>Interlocked.Exchange(ref f, v);</c>.</summary>
    public static bool CanExchange(SyntaxNode node, SemanticModel model, FenceApis apis) =>
        node.Parent is ExpressionStatementSyntax
        && StoreParts(node, model, apis) is { } parts
        && Variable(parts.Target, model) is { } stored
        && HasOverload(apis.Interlocked, "Exchange", stored.Type);

    /// <summary>
    /// The target and value of a store statement's expression: <c>f = v</c>, or <c>Volatile.Write(ref f, v)</c> (whose
    /// release the exchange's full fence includes).
    /// </summary>
    private static (ExpressionSyntax Target, ExpressionSyntax Value)? StoreParts(SyntaxNode node, SemanticModel model, FenceApis apis)
    {
        switch (node)
        {
            case AssignmentExpressionSyntax assignment when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression):
                return (assignment.Left, assignment.Right);
            case InvocationExpressionSyntax { ArgumentList.Arguments: { Count: 2 } arguments } invocation
                when arguments[0].RefKindKeyword.IsKind(SyntaxKind.RefKeyword) && arguments[0].NameColon is null && arguments[1].NameColon is null
                    && model.GetSymbolInfo(invocation).Symbol is IMethodSymbol { Name: "Write" } method
                    && SymbolEqualityComparer.Default.Equals(method.ContainingType, apis.Volatile):
                return (arguments[0].Expression, arguments[1].Expression);
            default:
                return null;
        }
    }

    public static ExpressionSyntax Rewrite(AccessChange change, ExpressionSyntax rewritten, FenceApis apis, SyntaxGenerator generator) => change switch
    {
        AccessChange.VolatileWrite => Store(apis.Volatile!, "Write", (AssignmentExpressionSyntax)rewritten, generator),
        AccessChange.VolatileRead => FenceApis.Call(apis.Volatile!, "Read", generator, RefArgument(rewritten.WithoutTrivia()))
            .WithTriviaFrom(rewritten),
        _ => rewritten,
    };

    /// <summary><c>f = v</c> or <c>Volatile.Write(ref f, v)</c> (as rewritten) becomes <c>Interlocked.Exchange(ref f, v)</c>.</summary>
    public static ExpressionSyntax Exchange(ExpressionSyntax rewritten, FenceApis apis, SyntaxGenerator generator)
    {
        var (target, value) = rewritten switch
        {
            AssignmentExpressionSyntax assignment => (assignment.Left, assignment.Right),
            InvocationExpressionSyntax invocation => (invocation.ArgumentList.Arguments[0].Expression, invocation.ArgumentList.Arguments[1].Expression),
            _ => (rewritten, rewritten),
        };
        return Store(apis.Interlocked!, "Exchange", target, value, rewritten, generator);
    }

    private static ExpressionSyntax Store(INamedTypeSymbol type, string name, AssignmentExpressionSyntax assignment, SyntaxGenerator generator) =>
        Store(type, name, assignment.Left, assignment.Right, assignment, generator);

    private static ExpressionSyntax Store(INamedTypeSymbol type, string name, ExpressionSyntax target, ExpressionSyntax value, SyntaxNode trivia, SyntaxGenerator generator) =>
        FenceApis.Call(type, name, generator, RefArgument(target.WithoutTrivia()), SyntaxFactory.Argument(value.WithoutTrivia()))
            .WithTriviaFrom(trivia);

    private static ArgumentSyntax RefArgument(ExpressionSyntax variable) =>
        SyntaxFactory.Argument(variable).WithRefKindKeyword(SyntaxFactory.Token(SyntaxKind.RefKeyword));

    /// <summary>The field (or array element, typed by the array) an expression denotes, when it can be passed by <c>ref</c>.</summary>
    private static (ITypeSymbol Type, bool IsVolatile)? Variable(ExpressionSyntax expression, SemanticModel model)
    {
        var symbol = model.GetSymbolInfo(expression).Symbol;
        if (symbol is IFieldSymbol { IsConst: false, IsReadOnly: false } field)
        {
            return (field.Type, field.IsVolatile);
        }

        if (expression is ElementAccessExpressionSyntax element && model.GetTypeInfo(element.Expression).Type is IArrayTypeSymbol array)
        {
            return (array.ElementType, false);
        }

        return null;
    }

    /// <summary>A read that is only a read: not assigned, incremented, passed by reference or a receiver that may mutate.</summary>
    private static bool IsPlainRead(ExpressionSyntax expression)
    {
        var parent = expression.Parent;
        return parent switch
        {
            AssignmentExpressionSyntax assignment => assignment.Right == expression,
            PostfixUnaryExpressionSyntax or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } => false,
            ArgumentSyntax argument => argument.RefKindKeyword.IsKind(SyntaxKind.None),
            RefExpressionSyntax => false,
            MemberAccessExpressionSyntax access => access.Expression != expression || access.Parent is not InvocationExpressionSyntax,
            _ => true,
        } && !(parent is PrefixUnaryExpressionSyntax prefix && prefix.IsKind(SyntaxKind.AddressOfExpression));
    }

    /// <summary>
    /// Whether <paramref name="type"/>'s <paramref name="name"/> takes <c>ref T</c> of this field type: a non-generic
    /// overload for it, or the generic one (constrained to classes before .NET 9; for classes, enums and primitives since).
    /// </summary>
    private static bool HasOverload(INamedTypeSymbol? type, string name, ITypeSymbol fieldType)
    {
        if (type is null)
        {
            return false;
        }

        foreach (var method in type.GetMembers(name).OfType<IMethodSymbol>())
        {
            if (method.Parameters.Length != (name == "Read" ? 1 : 2) || method.Parameters[0].RefKind is not (RefKind.Ref or RefKind.RefReadOnlyParameter)
                || method.DeclaredAccessibility != Accessibility.Public)
            {
                continue;
            }

            if (!method.IsGenericMethod)
            {
                if (SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, fieldType))
                {
                    return true;
                }

                continue;
            }

            var parameter = method.TypeParameters[0];
            if (fieldType.IsReferenceType && fieldType.TypeKind != TypeKind.TypeParameter)
            {
                return true;
            }

            if (!parameter.HasReferenceTypeConstraint && !parameter.HasValueTypeConstraint
                && (fieldType.TypeKind == TypeKind.Enum || IsPrimitive(fieldType.SpecialType)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPrimitive(SpecialType type) => type is >= SpecialType.System_Boolean and <= SpecialType.System_Double
        or SpecialType.System_IntPtr or SpecialType.System_UIntPtr;
}
