using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Fencer.Analyzer.Model;

namespace Fencer.Analyzer.Knowledge;

/// <summary>
/// The effects of library calls on ordering (docs/design.md §5 "Locations" and §7 "Locks").
/// What matters is what the library does on the path that matters for a handshake, usually the empty or
/// not-yet-signalled path. Any call not described here is unknown: neither a fence nor an access.
/// </summary>
internal sealed class CallKnowledge
{
    private readonly WellKnownSymbols _symbols;

    /// <summary>The answers of <see cref="HoldsSharedState"/> by type: asked of every field reference the candidate scan walks.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ITypeSymbol, bool> _holdsSharedState = new(SymbolEqualityComparer.Default);

    public CallKnowledge(WellKnownSymbols symbols) => _symbols = symbols;

    /// <summary>The effect of an invocation, or null when the call is unknown.</summary>
    public KnownEffect? Describe(IInvocationOperation invocation, IOperationContext context)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType?.OriginalDefinition;
        if (type is null)
        {
            return null;
        }

        var syntax = invocation.Syntax;
        var name = method.Name;
        var s = _symbols;

        if (Is(type, s.Volatile) || (Is(type, s.Thread) && name is "VolatileRead" or "VolatileWrite"))
        {
            var target = FirstRefLocation(invocation, context);
            return name switch
            {
                "Read" or "VolatileRead" => new KnownEffect().Load(target, AccessOrdering.Acquire, syntax),
                "Write" or "VolatileWrite" => new KnownEffect().Store(target, AccessOrdering.Release, syntax),
                // Volatile.ReadBarrier / WriteBarrier (.NET 10) order no store before a later load.
                _ => KnownEffect.None,
            };
        }

        if (Is(type, s.Interlocked))
        {
            return name switch
            {
                "MemoryBarrier" => new KnownEffect().Barrier(Protection.Full, syntax),
                "MemoryBarrierProcessWide" => new KnownEffect().Barrier(Protection.Heavy, syntax),
                _ => new KnownEffect().ReadModifyWrite(FirstRefLocation(invocation, context), syntax),
            };
        }

        if (Is(type, s.AsymmetricBarrier))
        {
            return name switch
            {
                "Light" => new KnownEffect().Barrier(Protection.Compiler, syntax),
                "Heavy" => new KnownEffect().Barrier(Protection.Heavy, syntax),
                _ => null,
            };
        }

        if (Is(type, s.Thread))
        {
            return name switch
            {
                "MemoryBarrier" => new KnownEffect().Barrier(Protection.Full, syntax),
                "Start" or "UnsafeStart" or "Join" => new KnownEffect().Fence(Protection.Full, syntax),
                _ => null,
            };
        }

        if (Is(type, s.Monitor))
        {
            var lockId = OperationLocations.LockOf(Argument(invocation, 0), context);
            return name switch
            {
                // An assertion that the lock is held (`Debug.Assert(Monitor.IsEntered(_gate))`) is taken as true.
                "Enter" or "ReliableEnter" or "IsEntered" => Steps(MemoryStep.ForLockEnter(lockId, syntax)),
                "TryEnter" => Entering(method, MemoryStep.ForLockEnter(lockId, syntax)),
                "Exit" => Steps(MemoryStep.ForLockExit(lockId, syntax, checksOwner: true)),
                _ => null,
            };
        }

        if (Is(type, s.Lock) || Is(type, s.SpinLock))
        {
            var lockId = OperationLocations.LockOf(invocation.Instance, context);
            return name switch
            {
                "Enter" or "EnterScope" => Steps(MemoryStep.ForLockEnter(lockId, syntax)),
                "TryEnter" => Entering(method, MemoryStep.ForLockEnter(lockId, syntax)),

                // A spin lock checks its owner only when created with thread tracking, which Fencer cannot see.
                "Exit" => Steps(MemoryStep.ForLockExit(lockId, syntax, checksOwner: Is(type, s.Lock))),
                _ => null,
            };
        }

        if (Is(type, s.ReaderWriterLockSlim) && OperationLocations.LockOf(invocation.Instance, context) is { } rw)
        {
            // Writers and upgradeable readers exclude everyone; readers exclude only them.
            var exclusive = rw;
            var shared = new LockId(rw.Symbol, rw.IsThis, shared: true);
            return name switch
            {
                "EnterWriteLock" or "EnterUpgradeableReadLock" => Steps(MemoryStep.ForLockEnter(exclusive, syntax)),
                "TryEnterWriteLock" or "TryEnterUpgradeableReadLock" => Entering(method, MemoryStep.ForLockEnter(exclusive, syntax)),
                "EnterReadLock" => Steps(MemoryStep.ForLockEnter(shared, syntax)),
                "TryEnterReadLock" => Entering(method, MemoryStep.ForLockEnter(shared, syntax)),
                "ExitWriteLock" or "ExitUpgradeableReadLock" => Steps(MemoryStep.ForLockExit(exclusive, syntax, checksOwner: true)),
                "ExitReadLock" => Steps(MemoryStep.ForLockExit(shared, syntax, checksOwner: true)),
                _ => null,
            };
        }

        if (Is(type, s.SemaphoreSlim) && Mutex(invocation.Instance, context) is { } mutex)
        {
            // A semaphore with one slot is a lock (`await _gate.WaitAsync(); try { ... } finally { _gate.Release(); }`).
            return name switch
            {
                "Wait" or "WaitAsync" => Entering(method, MemoryStep.ForLockEnter(mutex, syntax)),
                "Release" => Steps(MemoryStep.ForLockExit(mutex, syntax)),
                _ => null,
            };
        }

        if (Is(type, s.LockScope) && name == "Dispose")
        {
            // The scope is the value of `lock.EnterScope()`, captured by the lowered lock statement.
            var scope = invocation.Instance is null ? null : context.Resolve(invocation.Instance);
            var lockId = scope is IInvocationOperation enter ? OperationLocations.LockOf(enter.Instance, context) : null;
            return Steps(MemoryStep.ForLockExit(lockId, syntax));
        }

        if (IsStarter(type, name))
        {
            var effect = new KnownEffect().Fence(Protection.Full, syntax);
            effect.Started.AddRange(invocation.Arguments.Select(a => a.Value));
            return effect;
        }

        if (IsCallbackRegistration(type, method))
        {
            // A callback the library runs later, on whichever thread cancels or completes: a body of its own that runs
            // concurrently with the rest of the object, and after its registration.
            var registered = new KnownEffect();
            registered.Started.AddRange(invocation.Arguments.Select(a => a.Value));
            return registered;
        }

        if ((Is(type, s.Task) || Is(type, s.TaskOfT)) && name is "Wait" or "WaitAll" or "WaitAny" or "Start" or "RunSynchronously")
        {
            return new KnownEffect().Fence(Protection.Full, syntax);
        }

        if (Is(type, s.ManualResetEventSlim) && name == "Wait" && TestsWithoutWaiting(invocation))
        {
            // `Wait(0)` returns at once with the state `IsSet` reads (after a cancellation token's check, if given): an
            // acquire load of the state, and no fence on the not-yet-signalled path (docs/design.md §5).
            return new KnownEffect().Load(Held(MemoryLocationKind.State, invocation.Instance, context), AccessOrdering.Acquire, syntax);
        }

        return DescribeStateful(type, name, invocation.Instance, syntax, context);
    }

    /// <summary>Whether a wait's timeout is the constant zero (<c>0</c> milliseconds, <c>TimeSpan.Zero</c>): a test of the state, not a wait.</summary>
    private bool TestsWithoutWaiting(IInvocationOperation invocation)
    {
        var timeout = invocation.Arguments.FirstOrDefault(a => a.Parameter is { Name: "millisecondsTimeout" or "timeout" });
        if (timeout?.Value is not { } value)
        {
            return false;
        }

        return value.ConstantValue is { HasValue: true, Value: 0 }
            || (value is IFieldReferenceOperation { Field: { Name: "Zero", IsStatic: true } field } && _symbols.TimeSpan.Matches(field.ContainingType));
    }

    /// <summary>The effect of reading a known property (<c>IsEmpty</c>, <c>Count</c>, <c>IsSet</c>, ...), or null.</summary>
    public KnownEffect? Describe(IPropertyReferenceOperation property, IOperationContext context)
    {
        var type = property.Property.ContainingType?.OriginalDefinition;
        if (type is null)
        {
            return null;
        }

        var s = _symbols;
        var name = property.Property.Name;
        var syntax = property.Syntax;
        if (Is(type, s.ConcurrentDictionary) && (name is "IsEmpty" or "Count" || property.Property.IsIndexer))
        {
            return context.Audit ? new KnownEffect().Load(Held(MemoryLocationKind.Entries, property.Instance, context), AccessOrdering.Acquire, syntax) : KnownEffect.None;
        }

        if (IsCollection(type) && (name is "IsEmpty" or "Count" || property.Property.IsIndexer))
        {
            return new KnownEffect().Load(Held(MemoryLocationKind.Contents, property.Instance, context), AccessOrdering.Acquire, syntax);
        }

        if ((Is(type, s.ManualResetEventSlim) && name == "IsSet")
            || ((Is(type, s.Task) || Is(type, s.TaskOfT)) && name is "IsCompleted" or "IsCompletedSuccessfully" or "IsCanceled" or "IsFaulted")
            || ((Is(type, s.CancellationToken) || Is(type, s.CancellationTokenSource)) && name == "IsCancellationRequested"))
        {
            return new KnownEffect().Load(Held(MemoryLocationKind.State, property.Instance, context), AccessOrdering.Acquire, syntax);
        }

        return null;
    }

    /// <summary>The delegates that <c>new Thread(...)</c>, <c>new Task(...)</c> or <c>new Timer(...)</c> will run concurrently.</summary>
    public KnownEffect? Describe(IObjectCreationOperation creation)
    {
        var type = creation.Type?.OriginalDefinition;
        if (Is(type, _symbols.Thread) || Is(type, _symbols.Timer) || Is(type, _symbols.Task) || Is(type, _symbols.TaskOfT))
        {
            var effect = new KnownEffect();
            effect.Started.AddRange(creation.Arguments.Select(a => a.Value));
            return effect;
        }

        return null;
    }

    private KnownEffect? DescribeStateful(INamedTypeSymbol type, string name, IOperation? instance, SyntaxNode syntax, IOperationContext context)
    {
        var (operation, kind) = StateOperationOf(type, name, context.Audit);
        return operation switch
        {
            StateOperation.Unknown => null,
            StateOperation.Nothing => KnownEffect.None,
            StateOperation.Load => new KnownEffect().Load(Held(kind, instance, context), AccessOrdering.Acquire, syntax),
            StateOperation.ReadModifyWrite => new KnownEffect().ReadModifyWrite(Held(kind, instance, context), syntax),
            StateOperation.FenceThenRelease => new KnownEffect().Fence(Protection.Full, syntax).Store(Held(kind, instance, context), AccessOrdering.Release, syntax),
            StateOperation.Release => new KnownEffect().Store(Held(kind, instance, context), AccessOrdering.Release, syntax),
            StateOperation.LoadThenReleaseOnSuccess => new KnownEffect().Load(Held(kind, instance, context), AccessOrdering.Acquire, syntax)
                .OnSuccessStore(Held(kind, instance, context), AccessOrdering.Release, syntax),
            _ => new KnownEffect().Load(Held(kind, instance, context), AccessOrdering.Acquire, syntax).Store(Held(kind, instance, context), AccessOrdering.Release, syntax),
        };
    }

    /// <summary>What a library method called on an object whose state Fencer follows does to that state (<see cref="DescribeStateful"/>).</summary>
    private enum StateOperation
    {
        /// <summary>Not known: no effect is described (the call does nothing the analysis sees).</summary>
        Unknown,

        /// <summary>Known to do nothing the analysis follows.</summary>
        Nothing,

        /// <summary>An acquire load of the state.</summary>
        Load,

        /// <summary>A read-modify-write of the state: a full fence on each side of its load and store.</summary>
        ReadModifyWrite,

        /// <summary>A full fence, then a release store of the state, still pending after the call.</summary>
        FenceThenRelease,

        /// <summary>A release store of the state.</summary>
        Release,

        /// <summary>An acquire load, and a release store only when the call returns true.</summary>
        LoadThenReleaseOnSuccess,

        /// <summary>An acquire load, then a release store.</summary>
        LoadThenRelease,
    }

    /// <summary>
    /// The one table of what library calls on a concurrent collection, an event, a semaphore, a task's source or a
    /// cancellation source do to the object's state (<see cref="DescribeStateful"/> for the dataflow,
    /// <see cref="WritesHeldState"/> for the candidate scan), and which part of the object is that state.
    /// </summary>
    private (StateOperation Operation, MemoryLocationKind Kind) StateOperationOf(INamedTypeSymbol type, string name, bool audit)
    {
        var s = _symbols;
        if (Is(type, s.ConcurrentQueue))
        {
            return (name switch
            {
                // Enqueue reserves its slot with a compare-and-swap on the tail, and a dequeuer that finds the slot
                // not yet published but the tail moved spins until it is: emptiness changes with the CAS, a full
                // fence, so the enqueue is a read-modify-write of the contents.
                "Enqueue" => StateOperation.ReadModifyWrite,
                // The empty path does no CAS: an acquire load and no fence.
                "TryDequeue" or "TryPeek" => StateOperation.Load,
                _ => StateOperation.Unknown,
            }, MemoryLocationKind.Contents);
        }

        if (Is(type, s.ConcurrentBag))
        {
            return (name switch
            {
                // Add publishes the item with a release store of the local list's tail after its interlocked
                // operation: the store is still pending afterwards.
                "Add" => StateOperation.FenceThenRelease,
                "TryTake" or "TryPeek" => StateOperation.Load,
                _ => StateOperation.Unknown,
            }, MemoryLocationKind.Contents);
        }

        if (Is(type, s.ConcurrentStack))
        {
            return (name switch
            {
                "Push" or "PushRange" => StateOperation.ReadModifyWrite,
                "TryPop" or "TryPeek" or "TryPopRange" => StateOperation.Load,
                _ => StateOperation.Unknown,
            }, MemoryLocationKind.Contents);
        }

        if (Is(type, s.ConcurrentDictionary))
        {
            // Read and written per key: a store of one key and a load of another form no handshake, and Fencer cannot
            // tell keys apart. Its contents are a location at the audit level only. Lock-based: release/acquire only.
            return (!audit ? StateOperation.Nothing : name switch
            {
                "TryGetValue" or "ContainsKey" or "ToArray" => StateOperation.Load,
                "Clear" or "set_Item" => StateOperation.Release,
                // A failed TryAdd or TryRemove stores nothing.
                "TryAdd" or "TryRemove" or "TryUpdate" => StateOperation.LoadThenReleaseOnSuccess,
                "AddOrUpdate" or "GetOrAdd" => StateOperation.LoadThenRelease,
                _ => StateOperation.Unknown,
            }, MemoryLocationKind.Entries);
        }

        var signals = (Is(type, s.ManualResetEventSlim) && name == "Set")
            || (Is(type, s.SemaphoreSlim) && name == "Release")
            || ((Is(type, s.TaskCompletionSource) || Is(type, s.TaskCompletionSourceOfT))
                && (name.StartsWith("TrySet", System.StringComparison.Ordinal) || name.StartsWith("Set", System.StringComparison.Ordinal)))
            || (Is(type, s.CancellationTokenSource) && name is "Cancel" or "CancelAfter");
        return (signals ? StateOperation.ReadModifyWrite : StateOperation.Unknown, MemoryLocationKind.State);
    }

    /// <summary>
    /// What a library method called on an object whose state Fencer follows (<see cref="HoldsSharedState"/>) stores into
    /// that state, as the dataflow sees it (<see cref="Describe(IInvocationOperation, IOperationContext)"/>): the candidate
    /// scan's question (docs/design.md §8, "Cost"). A call the table does not know, a load, a wait, a start or a lock's
    /// enter or exit (a one-slot semaphore's) stores nothing there; a signal, an enqueue or a push is a read-modify-write.
    /// </summary>
    public HeldStateWrite WritesHeldState(IMethodSymbol method, bool audit)
    {
        if (method.ContainingType?.OriginalDefinition is not { } type)
        {
            return HeldStateWrite.Store;
        }

        // Describe's earlier cases that apply to such an object (a one-slot semaphore's Wait and Release as a lock, a
        // task's waits and starts, a continuation or an event's zero-timeout test) store nothing into its state, except a
        // semaphore's Release, which the table makes a read-modify-write (a lock's exit, when the semaphore is one: no store).
        return StateOperationOf(type, method.Name, audit).Operation switch
        {
            StateOperation.Unknown or StateOperation.Nothing or StateOperation.Load => HeldStateWrite.Nothing,
            StateOperation.ReadModifyWrite => HeldStateWrite.ReadModifyWrite,
            _ => HeldStateWrite.Store,
        };
    }

    /// <summary>Whether a call runs (some of) its delegate arguments later, on another thread: a start or a callback registration.</summary>
    public bool RunsArgumentsElsewhere(IMethodSymbol method) =>
        method.ContainingType?.OriginalDefinition is { } type && (IsStarter(type, method.Name) || IsCallbackRegistration(type, method));

    /// <summary>Whether <c>new T(...)</c> runs its delegate arguments on another thread (a thread, a task, a timer).</summary>
    public bool RunsArgumentsElsewhere(INamedTypeSymbol? created)
    {
        var type = created?.OriginalDefinition;
        return Is(type, _symbols.Thread) || Is(type, _symbols.Timer) || Is(type, _symbols.Task) || Is(type, _symbols.TaskOfT);
    }

    /// <summary>
    /// Whether a call is an explicit barrier (<c>Interlocked.MemoryBarrier</c>, <c>Thread.MemoryBarrier</c>,
    /// <c>MemoryBarrierProcessWide</c>, <c>AsymmetricBarrier.Light/Heavy</c>): the fences written for their own sake.
    /// </summary>
    public bool IsExplicitBarrier(IMethodSymbol method)
    {
        var type = method.ContainingType?.OriginalDefinition;
        var s = _symbols;
        return (Is(type, s.Interlocked) && method.Name is "MemoryBarrier" or "MemoryBarrierProcessWide")
            || (Is(type, s.Thread) && method.Name == "MemoryBarrier")
            || (Is(type, s.AsymmetricBarrier) && method.Name is "Light" or "Heavy");
    }

    /// <summary>
    /// Whether a call is an explicit barrier that orders a store before a later load on this thread: every one of
    /// <see cref="IsExplicitBarrier"/> but <c>AsymmetricBarrier.Light</c>, which orders the compiler only.
    /// </summary>
    public bool IsFullBarrier(IMethodSymbol method) =>
        IsExplicitBarrier(method) && !(Is(method.ContainingType?.OriginalDefinition, _symbols.AsymmetricBarrier) && method.Name == "Light");

    /// <summary>Whether a call is an <c>Interlocked</c> read-modify-write of its first argument (a full fence), not one of its barriers.</summary>
    public bool IsReadModifyWrite(IMethodSymbol method) =>
        Is(method.ContainingType?.OriginalDefinition, _symbols.Interlocked) && method.Name is not ("MemoryBarrier" or "MemoryBarrierProcessWide");

    /// <summary>Whether a call only loads the location passed by reference to it (<c>Volatile.Read</c>, <c>Thread.VolatileRead</c>).</summary>
    public bool OnlyLoads(IMethodSymbol method)
    {
        var type = method.ContainingType?.OriginalDefinition;
        return (Is(type, _symbols.Volatile) && method.Name == "Read") || (Is(type, _symbols.Thread) && method.Name == "VolatileRead");
    }

    /// <summary>Whether a call only stores the location passed by reference to it, with release order (<c>Volatile.Write</c>, <c>Thread.VolatileWrite</c>).</summary>
    public bool OnlyStores(IMethodSymbol method)
    {
        var type = method.ContainingType?.OriginalDefinition;
        return (Is(type, _symbols.Volatile) && method.Name == "Write") || (Is(type, _symbols.Thread) && method.Name == "VolatileWrite");
    }

    /// <summary>Whether a call orders its <c>ref</c> argument (<c>Volatile</c>, <c>Interlocked</c>, <c>Thread.VolatileRead/Write</c>): it marks that location shared.</summary>
    public bool OrdersArgument(IMethodSymbol method)
    {
        var type = method.ContainingType?.OriginalDefinition;
        var s = _symbols;
        return Is(type, s.Volatile) || Is(type, s.Interlocked) || (Is(type, s.Thread) && method.Name is "VolatileRead" or "VolatileWrite");
    }

    /// <summary>
    /// Whether a field of this type holds an object whose contents or state Fencer reads and writes as a location of
    /// its own (a concurrent collection, an event, a semaphore, a task or its source, a cancellation source or token):
    /// such a location is shared by construction.
    /// </summary>
    public bool HoldsSharedState(ITypeSymbol? type) =>
        type is not null && _holdsSharedState.GetOrAdd(type, t => HoldsSharedStateUncached(t));

    private bool HoldsSharedStateUncached(ITypeSymbol? type)
    {
        var s = _symbols;
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.OriginalDefinition is not INamedTypeSymbol t)
            {
                return false;
            }

            if (IsCollection(t) || Is(t, s.ManualResetEventSlim) || Is(t, s.SemaphoreSlim) || Is(t, s.Task) || Is(t, s.TaskOfT)
                || Is(t, s.TaskCompletionSource) || Is(t, s.TaskCompletionSourceOfT) || Is(t, s.CancellationTokenSource) || Is(t, s.CancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsStarter(INamedTypeSymbol type, string name)
    {
        var s = _symbols;
        return ((Is(type, s.Task) || Is(type, s.TaskOfT)) && name == "Run")
            || ((Is(type, s.TaskFactory) || Is(type, s.TaskFactoryOfT)) && name == "StartNew")
            || (Is(type, s.ThreadPool) && name is "QueueUserWorkItem" or "UnsafeQueueUserWorkItem" or "RegisterWaitForSingleObject")
            || (Is(type, s.Parallel) && name is "Invoke" or "For" or "ForEach");
    }

    /// <summary>
    /// <c>CancellationToken.Register</c> / <c>UnsafeRegister</c>, <c>Task.ContinueWith</c>, and <c>OnCompleted</c> /
    /// <c>UnsafeOnCompleted</c> of an awaiter (a type implementing <c>INotifyCompletion</c>).
    /// </summary>
    private bool IsCallbackRegistration(INamedTypeSymbol type, IMethodSymbol method)
    {
        var s = _symbols;
        var name = method.Name;
        if (Is(type, s.CancellationToken))
        {
            return name is "Register" or "UnsafeRegister";
        }

        if (Is(type, s.Task) || Is(type, s.TaskOfT))
        {
            return name == "ContinueWith";
        }

        return name is "OnCompleted" or "UnsafeOnCompleted"
            && type.AllInterfaces.Any(i => i.Name == "INotifyCompletion" && i.ContainingNamespace?.ToDisplayString() == "System.Runtime.CompilerServices");
    }

    private bool IsCollection(INamedTypeSymbol type)
    {
        var s = _symbols;
        return Is(type, s.ConcurrentQueue) || Is(type, s.ConcurrentBag) || Is(type, s.ConcurrentStack) || Is(type, s.ConcurrentDictionary);
    }

    private static MemoryLocation? Held(MemoryLocationKind kind, IOperation? instance, IOperationContext context) =>
        OperationLocations.Held(kind, instance, context);

    private static MemoryLocation? FirstRefLocation(IInvocationOperation invocation, IOperationContext context)
    {
        var first = Argument(invocation, 0);
        return first is null ? null : OperationLocations.OfVariable(first, context);
    }

    private static IOperation? Argument(IInvocationOperation invocation, int ordinal)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal)
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>A lock taken by a call that may fail: when it returns a bool, only on success.</summary>
    private static KnownEffect Entering(IMethodSymbol method, MemoryStep enter)
    {
        var effect = new KnownEffect();
        (method.ReturnType.SpecialType == SpecialType.System_Boolean || method.ReturnType is INamedTypeSymbol { Name: "Task", TypeArguments.Length: 1 } task && task.TypeArguments[0].SpecialType == SpecialType.System_Boolean
            ? effect.OnSuccess
            : effect.Steps).Add(enter);
        return effect;
    }

    private static LockId? Mutex(IOperation? instance, IOperationContext context) =>
        OperationLocations.Held(MemoryLocationKind.State, instance, context) is { Kind: MemoryLocationKind.State } held && context.IsMutex(held.Field)
            ? new LockId(held.Field, isThis: false)
            : null;

    private static KnownEffect Steps(MemoryStep step)
    {
        var effect = new KnownEffect();
        effect.Steps.Add(step);
        return effect;
    }

    private static bool Is(ITypeSymbol? type, KnownType wellKnown) => wellKnown.Matches(type);
}

/// <summary>What a library call stores into the state of the object it is called on (<see cref="CallKnowledge.WritesHeldState"/>).</summary>
internal enum HeldStateWrite
{
    /// <summary>No store into the object's state.</summary>
    Nothing,

    /// <summary>A store that may stay pending after the call.</summary>
    Store,

    /// <summary>A read-modify-write: a full fence.</summary>
    ReadModifyWrite,
}
