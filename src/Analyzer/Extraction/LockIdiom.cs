using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Fencer.Analyzer.Extraction;

/// <summary>
/// A lock of a type Fencer does not know, recognised by how it is used (docs/design.md §7): a call that acquires
/// through a field (<c>_lock.Acquire()</c>, <c>await _gate.EnterAsync()</c>), as a statement of its own, right before a
/// <c>try</c> whose <c>finally</c> releases it through the same field (<c>_lock.Release()</c>) — the shape the
/// compiler gives a <c>lock</c> statement, and the one every mutex of a library or a codebase is written in. Acquiring
/// a reader's share (a method named with <c>Read</c>) and semaphores (which may count) are not mutual exclusion.
/// Recognised from syntax and the field alone, so a lock type from a package that did not load still counts.
/// </summary>
internal static class LockIdiom
{
    private static readonly string[] AcquirePrefixes = { "Acquire", "Enter", "Lock", "Wait", "TryAcquire", "TryEnter", "TryLock", "Take" };
    private static readonly HashSet<string> ReleaseNames = new() { "Release", "Exit", "Unlock", "ReleaseLock", "ExitLock" };

    /// <summary>
    /// The fields of <paramref name="roots"/>' type used in the idiom somewhere in it, and every call that enters or
    /// leaves one of them, by its syntax (the dataflow reads operations of control-flow graphs, which carry no semantic
    /// model).
    /// </summary>
    public static void Scan(IEnumerable<IOperation> roots, IReadOnlyList<ITryOperation> tryFinallies, System.Func<INamedTypeSymbol?, bool> declares, HashSet<IFieldSymbol> guards, Dictionary<SyntaxNode, (IFieldSymbol Field, bool Enters)> calls)
    {
        FindGuards(tryFinallies, declares, guards);
        if (guards.Count == 0)
        {
            return;
        }

        foreach (var root in roots)
        {
            if (root.SemanticModel is not { } model)
            {
                continue;
            }

            foreach (var call in root.Syntax.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (GuardCall(call, model, guards) is { } guard)
                {
                    calls[call] = guard;
                }
            }
        }
    }

    /// <param name="tryFinallies">The type's <c>try</c> statements with a <c>finally</c> (found by the candidate scan's walk).</param>
    private static void FindGuards(IReadOnlyList<ITryOperation> tryFinallies, System.Func<INamedTypeSymbol?, bool> declares, HashSet<IFieldSymbol> guards)
    {
        foreach (var attempt in tryFinallies)
        {
            if (attempt.SemanticModel is not { } model || attempt.Syntax is not TryStatementSyntax statement
                || statement.Finally is not { } @finally || statement.Parent is not BlockSyntax block)
            {
                continue;
            }

            var index = block.Statements.IndexOf(statement);
            if (index <= 0 || block.Statements[index - 1] is not ExpressionStatementSyntax before)
            {
                continue;
            }

            foreach (var release in @finally.Block.Statements.OfType<ExpressionStatementSyntax>())
            {
                if (release.Expression is InvocationExpressionSyntax call && Call(call, model) is { Enters: false } released
                    && declares(released.Field.ContainingType)
                    && Acquisition(before.Expression) is { } acquire && Call(acquire, model) is { Enters: true } acquired
                    && SymbolEqualityComparer.Default.Equals(acquired.Field, released.Field))
                {
                    guards.Add(released.Field.OriginalDefinition);
                }
            }
        }
    }

    /// <summary>
    /// What a call does to a lock field of the idiom: enters it (an acquiring call written as a statement of its own,
    /// awaited or not) or leaves it; null when it is no such call.
    /// </summary>
    private static (IFieldSymbol Field, bool Enters)? GuardCall(InvocationExpressionSyntax call, SemanticModel model, HashSet<IFieldSymbol> guards)
    {
        if (guards.Count == 0 || Call(call, model) is not { } found || !guards.Contains(found.Field.OriginalDefinition))
        {
            return null;
        }

        return found.Enters && !IsStatement(call) ? null : found;
    }

    private static (IFieldSymbol Field, bool Enters)? Call(InvocationExpressionSyntax call, SemanticModel model)
    {
        if (call.Expression is not MemberAccessExpressionSyntax access
            || model.GetSymbolInfo(access.Expression).Symbol is not IFieldSymbol field
            || IsSemaphore(field.Type))
        {
            return null;
        }

        var name = access.Name.Identifier.ValueText;
        if (ReleaseNames.Contains(name))
        {
            return call.ArgumentList.Arguments.Count == 0 ? (field, false) : null;
        }

        return AcquirePrefixes.Any(p => name.StartsWith(p, System.StringComparison.Ordinal)) && name.IndexOf("Read", System.StringComparison.Ordinal) < 0
            ? (field, true)
            : null;
    }

    /// <summary>The acquiring call of a statement: <c>x.Acquire()</c>, <c>await x.AcquireAsync()</c>, <c>await x.AcquireAsync().ConfigureAwait(false)</c>.</summary>
    private static InvocationExpressionSyntax? Acquisition(ExpressionSyntax expression)
    {
        var current = expression is AwaitExpressionSyntax awaited ? awaited.Expression : expression;
        if (current is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Expression: InvocationExpressionSyntax inner } })
        {
            current = inner;
        }

        return current as InvocationExpressionSyntax;
    }

    private static bool IsStatement(InvocationExpressionSyntax call)
    {
        SyntaxNode node = call;
        if (node.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Parent: InvocationExpressionSyntax configured })
        {
            node = configured;
        }

        if (node.Parent is AwaitExpressionSyntax awaited)
        {
            node = awaited;
        }

        return node.Parent is ExpressionStatementSyntax;
    }

    private static bool IsSemaphore(ITypeSymbol type) => type.Name.IndexOf("Semaphore", System.StringComparison.Ordinal) >= 0;
}
