using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Fencer.Analyzer.Knowledge;
using Fencer.Analyzer.Model;

namespace Fencer.Analyzer.Extraction;

/// <summary>
/// What a call into another type of the compilation does to its caller's ordering (docs/design.md §8, "Into other
/// types"): the fences on every path through the callee (an <c>Interlocked</c> operation, a barrier, an enqueue), the
/// locks it takes between entry and exit, and its accesses with the stores it leaves pending, which the caller maps onto
/// the object a field holds when the call runs on one (§5, "Calls on a field's object") and drops otherwise. Computed
/// once per method for the compilation, bottom-up to a fixed horizon (a callee's own calls are followed
/// <see cref="Horizon"/> levels down), and only when a pending store spans the call or the call runs on a field's
/// object. A virtual or interface call whose target is not known is unknown.
/// </summary>
internal sealed class CalleeSummaries
{
    /// <summary>How many levels of calls into other types are followed from a caller.</summary>
    public const int Horizon = 2;

    private readonly Compilation _compilation;
    private readonly CallKnowledge _knowledge;
    private readonly ConcurrentDictionary<(IMethodSymbol Method, int Horizon, bool Accesses, Bindings Bindings), Lazy<Summary?>> _cache = new();
    private readonly ConcurrentDictionary<(IMethodSymbol Method, int Horizon), Lazy<ImmutableArray<int>>> _starters = new();
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _orders = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<(IMethodSymbol Method, Bindings Bindings), Lazy<Body?>> _extracted = new();
    private Dictionary<IMethodSymbol, IOperation>? _handedOver;

    public CalleeSummaries(Compilation compilation, CallKnowledge knowledge)
    {
        _compilation = compilation;
        _knowledge = knowledge;
    }

    /// <summary>The summary of <paramref name="callee"/> as a caller sees it, or null when it is unknown.</summary>
    /// <param name="accesses">
    /// Whether the caller needs the callee's accesses and the stores it leaves pending (a call on a field's object), or
    /// only its fences and locks (every other call: the cheaper summary, with no store kept pending).
    /// </param>
    /// <param name="refArguments">
    /// The shared locations the call passes by reference (docs/design.md §5, "By-reference parameters"): the callee is
    /// read with those parameters bound to them, and its accesses are included (those of the parameters are the
    /// caller's locations).
    /// </param>
    public Summary? Of(IMethodSymbol callee, bool accesses, ImmutableArray<RefArgument> refArguments, CancellationToken cancellationToken) =>
        Of(callee.OriginalDefinition, Horizon, accesses, Bindings.Of(refArguments), cancellationToken);

    private static readonly Dictionary<Access, Guard> NoAccesses = new();
    private static readonly Dictionary<PendingKey, Guard> NoPending = new();
    private static readonly Dictionary<Access, int> NoDepths = new();

    /// <summary>What a call beyond the horizon is taken to do: nothing (Fencer does not look that deep, and takes no fence there).</summary>
    private static readonly Summary BeyondHorizon = new(NoAccesses, Guard.Nothing, NoPending, NoDepths);

    private Summary? Of(IMethodSymbol callee, int horizon, bool accesses, Bindings bindings, CancellationToken cancellationToken)
    {
        if (!IsKnownTarget(callee))
        {
            return null; // a virtual or interface call whose target is not known: unknown, it may fence
        }

        if (horizon <= 0)
        {
            return BeyondHorizon;
        }

        // A binding needs the callee's accesses: they are the caller's.
        return _cache.GetOrAdd((callee, horizon, accesses || !bindings.IsEmpty, bindings), key => new Lazy<Summary?>(
            () => Compute(key.Method, key.Horizon, key.Accesses, key.Bindings, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    /// <summary>
    /// The delegate parameters a method in source hands on to something that runs them later on another thread (a
    /// start, a callback registration, or another such method): a wrapper of a starter starts what it is given.
    /// </summary>
    public ImmutableArray<int> StartedParameters(IMethodSymbol method, CancellationToken cancellationToken) =>
        StartedParameters(method.OriginalDefinition, Horizon, cancellationToken);

    private ImmutableArray<int> StartedParameters(IMethodSymbol method, int horizon, CancellationToken cancellationToken)
    {
        if (horizon <= 0 || !IsKnownTarget(method) || !method.Parameters.Any(p => p.Type.TypeKind == TypeKind.Delegate))
        {
            return ImmutableArray<int>.Empty;
        }

        return _starters.GetOrAdd((method, horizon), key => new Lazy<ImmutableArray<int>>(() => FindStarted(key.Method, key.Horizon, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    private ImmutableArray<int> FindStarted(IMethodSymbol method, int horizon, CancellationToken cancellationToken)
    {
        if (!MayHandOnDelegate(method, cancellationToken) || Bind(method, cancellationToken) is not { } operation)
        {
            return ImmutableArray<int>.Empty;
        }

        var started = ImmutableArray.CreateBuilder<int>();
        foreach (var node in operation.DescendantsAndSelf())
        {
            foreach (var argument in ArgumentsRunElsewhere(node, horizon, cancellationToken))
            {
                if (Unwrap(argument.Value) is IParameterReferenceOperation { Parameter: var given }
                    && SymbolEqualityComparer.Default.Equals(given.ContainingSymbol, method) && !started.Contains(given.Ordinal))
                {
                    started.Add(given.Ordinal);
                }
            }
        }

        return started.ToImmutable();
    }

    /// <summary>
    /// Whether the text of <paramref name="method"/> may hand one of its delegate parameters on as an argument, read from
    /// its syntax before it is bound (docs/design.md §8, "Cost"): a parameter handed on is written as its own name, so a
    /// method whose every use of those names is a call of the delegate (<c>p(…)</c>, <c>p.Invoke(…)</c>,
    /// <c>p?.Invoke(…)</c>) or a test against <c>null</c> hands none on, and need not be bound to be sure of it. Any other
    /// use of such a name (an argument, a cast, an assignment, the receiver of another member, a local or lambda
    /// parameter that happens to share it) is taken as a possible hand-over.
    /// </summary>
    internal static bool MayHandOnDelegate(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (method.DeclaringSyntaxReferences.Length != 1)
        {
            return true; // Bind decides (it binds only a method declared once)
        }

        var syntax = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
        foreach (var token in syntax.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken)
                && token.Parent is IdentifierNameSyntax name
                && IsDelegateParameterName(method, token.ValueText)
                && !OnlyCalledOrTested(name))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsDelegateParameterName(IMethodSymbol method, string name)
    {
        foreach (var parameter in method.Parameters)
        {
            if (parameter.Type.TypeKind == TypeKind.Delegate && parameter.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A use of a delegate's name that calls it or compares it with <c>null</c>: nothing else sees the delegate.</summary>
    private static bool OnlyCalledOrTested(IdentifierNameSyntax name) => name.Parent switch
    {
        InvocationExpressionSyntax invocation => invocation.Expression == name,
        MemberAccessExpressionSyntax access => access.Expression == name && access.Name.Identifier.ValueText == "Invoke"
            && access.Parent is InvocationExpressionSyntax call && call.Expression == access,
        ConditionalAccessExpressionSyntax conditional => conditional.Expression == name
            && conditional.WhenNotNull is InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Invoke" } },
        BinaryExpressionSyntax binary => (binary.IsKind(SyntaxKind.EqualsExpression) || binary.IsKind(SyntaxKind.NotEqualsExpression))
            && (binary.Left == name ? binary.Right : binary.Left).IsKind(SyntaxKind.NullLiteralExpression),
        _ => false,
    };

    /// <summary>The arguments of a call or creation that run later on another thread.</summary>
    private IEnumerable<IArgumentOperation> ArgumentsRunElsewhere(IOperation node, int horizon, CancellationToken cancellationToken)
    {
        switch (node)
        {
            case IInvocationOperation invocation when _knowledge.RunsArgumentsElsewhere(invocation.TargetMethod):
                return invocation.Arguments;
            case IInvocationOperation invocation:
                var nested = StartedParameters(invocation.TargetMethod.OriginalDefinition, horizon - 1, cancellationToken);
                return nested.IsEmpty ? Enumerable.Empty<IArgumentOperation>() : invocation.Arguments.Where(a => a.Parameter is { } p && nested.Contains(p.Ordinal));
            case IObjectCreationOperation creation when _knowledge.RunsArgumentsElsewhere(creation.Type as INamedTypeSymbol):
                return creation.Arguments;
            default:
                return Enumerable.Empty<IArgumentOperation>();
        }
    }

    private static IOperation Unwrap(IOperation operation)
    {
        var op = operation;
        while (op is IConversionOperation or IDelegateCreationOperation)
        {
            op = op is IConversionOperation conversion ? conversion.Operand : ((IDelegateCreationOperation)op).Target;
        }

        return op;
    }

    /// <summary>
    /// At the compilation's end: the bodies the per-type actions handed over (the collected types', docs/design.md §8,
    /// "Cost"), which the analyses across types take for their callees in those types instead of binding them again
    /// (the driver has by then let go of the semantic models that bound them). The same body either way.
    /// </summary>
    public void TakeUp(IEnumerable<(IMethodSymbol Method, IOperation Root)> roots)
    {
        var handedOver = new Dictionary<IMethodSymbol, IOperation>(SymbolEqualityComparer.Default);
        foreach (var (method, root) in roots)
        {
            handedOver[method.OriginalDefinition] = BodyExtractor.RootOf(root);
        }

        Volatile.Write(ref _handedOver, handedOver);
    }

    /// <summary>The body operation of a method declared once in source, or null.</summary>
    private IOperation? Bind(IMethodSymbol method, CancellationToken cancellationToken)
    {
        try
        {
            var syntax = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            if (syntax is not (BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or ArrowExpressionClauseSyntax))
            {
                return null;
            }

            if (Volatile.Read(ref _handedOver) is { } handedOver && handedOver.TryGetValue(method.OriginalDefinition, out var root))
            {
                return root;
            }

#pragma warning disable RS1030 // A callee in another type has no operation block of this type's analysis: its body is bound once per compilation, and only when the analysis needs it.
            var model = _compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
            return model.GetOperation(syntax, cancellationToken);
        }
        catch (ArgumentException)
        {
            return null; // a tree that is not part of this compilation
        }
    }

    /// <summary>
    /// Whether a call to <paramref name="callee"/> on an object held in a field brings the callee's accesses of its own
    /// fields (docs/design.md §5, "Calls on a field's object"): its target is known, and its own body orders its state
    /// lock-free — it names <c>Volatile</c>, <c>Interlocked</c>, a barrier, or a volatile field of its type (asked once
    /// per method; such a body is part of a type whose text shows lock-free ordering). The candidate scan takes the field
    /// such a property is used on for shared state (§8, "Cost").
    /// </summary>
    public bool MapsAccesses(IMethodSymbol callee, Rules.AnalysisSettings settings)
    {
        var method = callee.OriginalDefinition;
        return IsKnownTarget(method)
            && (settings.Concurrency != Rules.ConcurrencyAssumption.Evidence || _orders.GetOrAdd(method, SharingEvidence.OrdersLockFree));
    }

    /// <summary>A call whose target is this very method: not abstract, and not overridable (or its type is sealed).</summary>
    internal static bool IsKnownTarget(IMethodSymbol method) =>
        !method.IsAbstract && !method.IsExtern && method.DeclaringSyntaxReferences.Length == 1
        && (!(method.IsVirtual || method.IsOverride) || method.IsSealed || method.ContainingType is { IsSealed: true } or { TypeKind: TypeKind.Struct });

    /// <summary>A callee's body extracted once per compilation (and once per binding of its by-reference parameters): its summaries at each horizon, with or without accesses, share it.</summary>
    private Body? Extract(IMethodSymbol callee, Bindings bindings, CancellationToken cancellationToken)
    {
        if (callee.ContainingType is not { } type || Bind(callee, cancellationToken) is not { } operation)
        {
            return null;
        }

        if (BodyExtractor.GraphOf(operation, cancellationToken) is not { } graph)
        {
            return null;
        }

        var scope = new TypeScope(type, _knowledge, this, Rules.AnalysisSettings.Default);
        return BodyExtractor.Prepare(scope, callee, graph, callee.Name, bindings.Arguments).Build();
    }

    private Summary? Compute(IMethodSymbol callee, int horizon, bool accesses, Bindings bindings, CancellationToken cancellationToken)
    {
        try
        {
            var body = _extracted.GetOrAdd((callee, bindings), key => new Lazy<Body?>(() => Extract(key.Method, key.Bindings, cancellationToken)));
            if (body.Value is not { } extracted)
            {
                return null;
            }

            var relevance = accesses ? Relevance.EveryStore() : new Relevance(new Dictionary<MemoryLocation, HashSet<MemoryLocation>>());
            // The accesses brought onto a field's object are those of the callee's own body (§5): its own calls count
            // with their fences only, as calls into other types do.
            // A location passed on by reference (`Helper(ref field)` inside the callee) is still the caller's.
            var result = PendingStoreAnalysis.Run(extracted, relevance, (next, _) =>
                Of(next.Callee!.OriginalDefinition, horizon - 1, accesses: false, Bindings.Of(next.RefArguments), cancellationToken), ImmutableHashSet<LockId>.Empty);
            if (result is null)
            {
                return null;
            }

            if (!accesses)
            {
                var atExit = result.Summary.AtExit;
                return new Summary(NoAccesses, new Guard(atExit.Protection, atExit.Fence, atExit.Locks, uncertain: atExit.Uncertain), NoPending, NoDepths);
            }

            // Its fences order the caller's accesses; they are not evidence of the caller's intent (an epoch's
            // protection, a library's internals): the explicit-barrier flag stays behind. Its accesses and the stores it
            // leaves pending count only for a caller that can name the object it runs on (docs/design.md §5).
            var summary = result.Summary;
            var guard = summary.AtExit;
            return new Summary(
                summary.Accesses.ToDictionary(a => a.Key, a => a.Value.NotDeliberate()),
                new Guard(guard.Protection, guard.Fence, guard.Locks, uncertain: guard.Uncertain),
                summary.PendingAtExit.ToDictionary(p => p.Key, p => p.Value.NotDeliberate()),
                summary.Depths);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A body Fencer cannot bind or extract (broken code, an unusual declaration): the call is unknown.
            return null;
        }
    }

    /// <summary>
    /// The locations one call binds its callee's by-reference parameters to (none for most calls): a cache key, equal
    /// for calls that bind alike (the same locations to the same parameters, in the same order).
    /// </summary>
    private sealed class Bindings : IEquatable<Bindings>
    {
        private static readonly Bindings None = new(ImmutableArray<RefArgument>.Empty);

        private Bindings(ImmutableArray<RefArgument> arguments) => Arguments = arguments;

        public static Bindings Of(ImmutableArray<RefArgument> arguments) => arguments.IsDefaultOrEmpty ? None : new Bindings(arguments);

        public ImmutableArray<RefArgument> Arguments { get; }

        public bool IsEmpty => Arguments.IsEmpty;

        public bool Equals(Bindings? other) => other is not null && Arguments.SequenceEqual(other.Arguments);

        public override bool Equals(object? obj) => Equals(obj as Bindings);

        public override int GetHashCode()
        {
            var hash = 17;
            foreach (var argument in Arguments)
            {
                hash = (hash * 31) ^ argument.GetHashCode();
            }

            return hash;
        }
    }
}
