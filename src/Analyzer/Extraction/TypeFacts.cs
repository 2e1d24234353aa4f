using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Fencer.Analyzer.Model;
using Microsoft.CodeAnalysis.Operations;

namespace Fencer.Analyzer.Extraction;

/// <summary>
/// What the bodies of one type say about each other, gathered before any body is extracted (docs/design.md,
/// "Locations" and "Locks"): which parameters of private methods always receive <c>this</c> (directly, or as the
/// state of a callback registered together with <c>this</c>), which methods escape as delegates, which semaphores
/// are mutexes (<c>new SemaphoreSlim(1, 1)</c>), and which fields are spin-lock gates taken by compare-and-swap.
/// </summary>
internal sealed class TypeFacts
{
    private readonly Dictionary<(IMethodSymbol Method, int Ordinal), (int This, int Other)> _arguments = new();
    private readonly List<(IMethodSymbol Method, int Ordinal, IParameterSymbol Forwarded)> _forwarded = new();
    private HashSet<(IMethodSymbol Method, int Ordinal)>? _bound;
    private readonly HashSet<IMethodSymbol> _escaping = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<IFieldSymbol, IMethodSymbol> _delegateFields = new(SymbolEqualityComparer.Default);

    /// <summary>Fields holding a <c>SemaphoreSlim</c> created with one slot: taken and released as a lock.</summary>
    public HashSet<IFieldSymbol> MutexSemaphores { get; } = new(SymbolEqualityComparer.Default);

    private readonly HashSet<IFieldSymbol> _spinGates = new(SymbolEqualityComparer.Default);
    private List<System.Func<IFieldSymbol?>>? _pendingGates;

    /// <summary>
    /// Fields acquired by a compare-and-swap (or exchange) whose success is tested, a spin lock's gate, or by a tested
    /// increment, a work-in-progress counter (docs/design.md §7). Asked only once every body is prepared: the gates the
    /// bodies' branches test are then resolved (<see cref="NoteGate"/>), when what a parameter receives is known.
    /// </summary>
    public HashSet<IFieldSymbol> SpinGates
    {
        get
        {
            if (_pendingGates is { } pending)
            {
                _pendingGates = null;
                foreach (var resolve in pending)
                {
                    if (resolve() is { } gate)
                    {
                        _spinGates.Add(gate.OriginalDefinition);
                    }
                }
            }

            return _spinGates;
        }
    }

    /// <summary>
    /// Notes a branch that tests an acquisition, resolved to its gate when <see cref="SpinGates"/> is first asked: which
    /// location a gate argument is (<c>ref self._gate</c>, a parameter that always receives <c>this</c>) can be asked
    /// only once every body's calls are known (<see cref="IsThis"/>).
    /// </summary>
    public void NoteGate(System.Func<IFieldSymbol?> resolve) => (_pendingGates ??= new List<System.Func<IFieldSymbol?>>()).Add(resolve);

    /// <summary>
    /// Whether a gate a tested compare-and-swap or exchange acquires is ever released: stored by a member that can be a
    /// side other than by such an acquisition (docs/design.md §7). A gate nothing releases is a one-shot latch
    /// (<c>if (Interlocked.Exchange(ref _disposed, 1) != 0) return;</c>), not a lock. Set by the candidate scan, which
    /// sees every member's writes; null (every gate a lock) where no scan ran.
    /// </summary>
    public System.Func<ISymbol, bool>? IsReleased { get; set; }

    /// <summary>
    /// Whether an instance field keeps one value for its object's life once constructed: readonly, or private and written
    /// only by constructors (docs/design.md §6, "Paths a fixed field keeps apart"). Set by the candidate scan, which sees
    /// every member's writes; null (nothing fixed) where no scan ran.
    /// </summary>
    public System.Func<IFieldSymbol, bool>? IsFixed { get; set; }

    /// <summary>
    /// Locks of a kind Fencer does not know, used in the acquire-then-try-finally-release idiom (<see cref="LockIdiom"/>):
    /// a field whose own methods acquire and release it (no helper type), or an object a static helper type's methods
    /// acquire and release (<c>Guard.Enter(this)</c>).
    /// </summary>
    public HashSet<LockIdiom.Guard> Guards { get; } = new();

    /// <summary>The <c>try</c> statements with a <c>finally</c> in the type's members, collected by <see cref="CandidateScan"/>.</summary>
    public List<ITryOperation> TryFinallies { get; } = new();

    /// <summary>The calls that enter (true) or leave (false) one of <see cref="Guards"/>, by syntax.</summary>
    public Dictionary<SyntaxNode, (LockId Lock, bool Enters)> GuardCalls { get; } = new();

    /// <summary>
    /// Whether <paramref name="parameter"/> of a private method receives <c>this</c> at every call the type makes, and
    /// nothing else: <c>this</c> itself, or a parameter that is itself always <c>this</c> (<c>Finish(self)</c> forwarding).
    /// </summary>
    public bool IsThis(IParameterSymbol parameter)
    {
        if (parameter.ContainingSymbol is not IMethodSymbol method || method.DeclaredAccessibility != Accessibility.Private)
        {
            return false;
        }

        _bound ??= Bind();
        return _bound.Contains((method.OriginalDefinition, parameter.Ordinal));
    }

    /// <summary>The greatest set of parameters that receive nothing but <c>this</c> or such parameters (a fixpoint over forwarding calls).</summary>
    private HashSet<(IMethodSymbol Method, int Ordinal)> Bind()
    {
        var bound = new HashSet<(IMethodSymbol Method, int Ordinal)>();
        foreach (var entry in _arguments)
        {
            if (entry.Value.Other == 0 && entry.Value.This > 0)
            {
                bound.Add(entry.Key);
            }
        }

        foreach (var (method, ordinal, _) in _forwarded)
        {
            if (!_arguments.TryGetValue((method, ordinal), out var counts) || counts.Other == 0)
            {
                bound.Add((method, ordinal));
            }
        }

        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var (method, ordinal, forwarded) in _forwarded)
            {
                var source = (forwarded.ContainingSymbol is IMethodSymbol from ? from.OriginalDefinition : null, forwarded.Ordinal);
                if (bound.Contains((method, ordinal)) && (source.Item1 is null || !bound.Contains((source.Item1, source.Ordinal))))
                {
                    bound.Remove((method, ordinal));
                    changed = true;
                }
            }
        }

        return bound;
    }

    /// <summary>Whether a method is used other than by direct calls (a delegate, an event handler): its callers are unknown.</summary>
    public bool Escapes(IMethodSymbol method) => _escaping.Contains(method.OriginalDefinition);

    /// <summary>A static readonly field initialized with a method group: passing it is passing the method.</summary>
    public void DelegateField(IFieldSymbol field, IMethodSymbol method) => _delegateFields[field.OriginalDefinition] = method.OriginalDefinition;

    /// <summary>Records what one invocation passes to a method of the type, or to a callback of the type with its state.</summary>
    /// <param name="declares">Whether a type's methods are analysed here: the type (and, across a class and its bases, those bases).</param>
    public void Invocation(IInvocationOperation invocation, System.Func<INamedTypeSymbol?, bool> declares, System.Func<IOperation, IMethodSymbol?> delegateTarget)
    {
        var target = invocation.TargetMethod.OriginalDefinition;
        if (declares(target.ContainingType))
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is not { } parameter)
                {
                    continue;
                }

                if (Unwrap(argument.Value) is IParameterReferenceOperation forwarded)
                {
                    _forwarded.Add((target, parameter.Ordinal, forwarded.Parameter));
                    continue;
                }

                Count(target, parameter.Ordinal, IsThisReference(argument.Value));
            }
        }

        // Callback and state passed together (`token.Register(OnCanceled, this)`, `ThreadPool.QueueUserWorkItem(Run, this)`):
        // the callback's object parameter is `this` when the state is.
        var passesThis = false;
        foreach (var argument in invocation.Arguments)
        {
            passesThis |= IsThisReference(argument.Value);
        }

        foreach (var argument in invocation.Arguments)
        {
            var callback = delegateTarget(argument.Value) ?? DelegateField(argument.Value);
            if (callback is null || !declares(callback.ContainingType))
            {
                continue;
            }

            foreach (var parameter in callback.Parameters)
            {
                var isState = parameter.Type.SpecialType == SpecialType.System_Object || declares(parameter.Type as INamedTypeSymbol);
                Count(callback.OriginalDefinition, parameter.Ordinal, passesThis && isState);
            }
        }
    }

    /// <summary>
    /// A method of the type referenced as a delegate: it escapes (its callers are unknown). Unless the reference is a
    /// callback passed with its state (counted by <see cref="Invocation"/>), its parameters receive unknown values.
    /// </summary>
    public void Escaping(IMethodSymbol method, bool passedAsCallback)
    {
        _escaping.Add(method.OriginalDefinition);
        if (!passedAsCallback)
        {
            foreach (var parameter in method.Parameters)
            {
                Count(method.OriginalDefinition, parameter.Ordinal, isThis: false);
            }
        }
    }

    /// <summary>The method a static readonly delegate field was initialized with, or null.</summary>
    public IMethodSymbol? DelegateFieldMethod(IFieldSymbol field) => _delegateFields.TryGetValue(field.OriginalDefinition, out var method) ? method : null;

    /// <summary>The method a static readonly delegate field was initialized with, when it was one.</summary>
    public IMethodSymbol? DelegateFieldTarget(IOperation value) => DelegateField(value);

    private IMethodSymbol? DelegateField(IOperation value)
    {
        var op = value;
        while (op is IConversionOperation conversion)
        {
            op = conversion.Operand;
        }

        return op is IFieldReferenceOperation field && _delegateFields.TryGetValue(field.Field.OriginalDefinition, out var method) ? method : null;
    }

    private void Count(IMethodSymbol method, int ordinal, bool isThis)
    {
        _arguments.TryGetValue((method, ordinal), out var counts);
        _arguments[(method, ordinal)] = isThis ? (counts.This + 1, counts.Other) : (counts.This, counts.Other + 1);
    }

    private static bool IsThisReference(IOperation value) =>
        Unwrap(value) is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance };

    /// <summary>An operand through its conversions and parentheses.</summary>
    internal static IOperation Unwrap(IOperation value)
    {
        var op = value;
        while (op is IConversionOperation or IParenthesizedOperation)
        {
            op = op is IConversionOperation conversion ? conversion.Operand : ((IParenthesizedOperation)op).Operand;
        }

        return op;
    }
}
