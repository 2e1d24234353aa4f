using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Fencer.Analyzer.Model;

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
    public static void Scan(IEnumerable<IOperation> roots, IReadOnlyList<ITryOperation> tryFinallies, System.Func<INamedTypeSymbol?, bool> declares, HashSet<Guard> guards, Dictionary<SyntaxNode, (LockId Lock, bool Enters)> calls)
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
                    calls[call] = (guard.Guard.Lock, guard.Enters);
                }
            }
        }
    }

    /// <param name="tryFinallies">The type's <c>try</c> statements with a <c>finally</c> (found by the candidate scan's walk).</param>
    private static void FindGuards(IReadOnlyList<ITryOperation> tryFinallies, System.Func<INamedTypeSymbol?, bool> declares, HashSet<Guard> guards)
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
                    && declares(released.Guard.Owner)
                    && Acquisition(before.Expression) is { } acquire && Call(acquire, model) is { Enters: true } acquired
                    && acquired.Guard.Equals(released.Guard))
                {
                    guards.Add(released.Guard);
                }
            }
        }
    }

    /// <summary>
    /// What a call does to a lock field of the idiom: enters it (an acquiring call written as a statement of its own,
    /// awaited or not) or leaves it; null when it is no such call.
    /// </summary>
    private static (Guard Guard, bool Enters)? GuardCall(InvocationExpressionSyntax call, SemanticModel model, HashSet<Guard> guards)
    {
        if (guards.Count == 0 || Call(call, model) is not { } found || !guards.Contains(found.Guard))
        {
            return null;
        }

        return found.Enters && !IsStatement(call) ? null : found;
    }

    /// <summary>
    /// What a call does to a lock of the idiom: <c>_lock.Enter()</c> / <c>_lock.Exit()</c> through a field, or
    /// <c>Helper.Enter(x)</c> / <c>Helper.Exit(x)</c> of a static helper type outside <c>System.Threading</c> (whose own
    /// locks Fencer knows), on <c>this</c>, a type object or a field — the shape of <c>Monitor.Enter(x)</c>.
    /// </summary>
    private static (Guard Guard, bool Enters)? Call(InvocationExpressionSyntax call, SemanticModel model)
    {
        if (call.Expression is not MemberAccessExpressionSyntax access)
        {
            return null;
        }

        var receiver = model.GetSymbolInfo(access.Expression).Symbol;
        Guard guard;
        int arguments;
        if (receiver is IFieldSymbol field && !IsSemaphore(field.Type))
        {
            guard = new Guard(null, new LockId(field.OriginalDefinition, isThis: false), field.ContainingType);
            arguments = 0;
        }
        else if (receiver is INamedTypeSymbol helper && !IsSemaphore(helper) && !InSystemThreading(helper)
            && call.ArgumentList.Arguments.Count == 1 && LockObject(call.ArgumentList.Arguments[0].Expression, model) is { } locked)
        {
            guard = new Guard(helper.OriginalDefinition, locked.Lock, locked.Owner);
            arguments = 1;
        }
        else
        {
            return null;
        }

        var name = access.Name.Identifier.ValueText;
        if (ReleaseNames.Contains(name))
        {
            return call.ArgumentList.Arguments.Count == arguments ? (guard, false) : null;
        }

        return AcquirePrefixes.Any(p => name.StartsWith(p, System.StringComparison.Ordinal)) && name.IndexOf("Read", System.StringComparison.Ordinal) < 0
            ? (guard, true)
            : null;
    }

    /// <summary>The lock a static helper's argument names, with the type that owns it: <c>this</c>, <c>typeof(T)</c>, or a field.</summary>
    private static (LockId Lock, INamedTypeSymbol? Owner)? LockObject(ExpressionSyntax argument, SemanticModel model)
    {
        switch (argument)
        {
            case ThisExpressionSyntax when model.GetTypeInfo(argument).Type is INamedTypeSymbol type:
                return (new LockId(type, isThis: true), type);
            case TypeOfExpressionSyntax typeOf when model.GetTypeInfo(typeOf.Type).Type is { } operand:
                return (new LockId(operand, isThis: false), model.GetEnclosingSymbol(argument.SpanStart)?.ContainingType);
        }

        return model.GetSymbolInfo(argument).Symbol is IFieldSymbol field && !IsSemaphore(field.Type)
            ? (new LockId(field.OriginalDefinition, isThis: false), field.ContainingType)
            : null;
    }

    private static bool InSystemThreading(INamedTypeSymbol type) =>
        type.ContainingNamespace is { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    /// <summary>
    /// A lock of the idiom: <see cref="Helper"/> is null for a lock type's own methods (<c>_lock.Enter()</c>), else the
    /// static helper type whose methods take <see cref="Lock"/>'s object; <see cref="Owner"/> is the type that holds the
    /// field (or whose <c>this</c> it is), which must be one the analysis declares.
    /// </summary>
    internal readonly struct Guard : System.IEquatable<Guard>
    {
        public Guard(INamedTypeSymbol? helper, LockId @lock, INamedTypeSymbol? owner)
        {
            Helper = helper;
            Lock = @lock;
            Owner = owner;
        }

        public INamedTypeSymbol? Helper { get; }

        public LockId Lock { get; }

        public INamedTypeSymbol? Owner { get; }

        public bool Equals(Guard other) => SymbolEqualityComparer.Default.Equals(Helper, other.Helper) && Lock.Equals(other.Lock);

        public override bool Equals(object? obj) => obj is Guard other && Equals(other);

        public override int GetHashCode() => (Helper is null ? 0 : SymbolEqualityComparer.Default.GetHashCode(Helper)) ^ Lock.GetHashCode();
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
