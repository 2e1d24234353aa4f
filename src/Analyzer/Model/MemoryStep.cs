using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Fencer.Analyzer.Model;

/// <summary>What one step of a body does to memory ordering.</summary>
internal enum StepKind
{
    Access,
    Fence,
    LockEnter,
    LockExit,
    Call,

    /// <summary>Starts bodies (a thread, task, work item, timer): what came before happens before them.</summary>
    Start,

    /// <summary>Waits for started bodies to finish (<c>Join</c>, <c>Wait</c>, <c>await</c>): what they did happens before what follows.</summary>
    Join,

    /// <summary>An edge of a branch on a field fixed for the object's life: what follows knows <see cref="MemoryStep.Fact"/>.</summary>
    Assume,
}

/// <summary>
/// One step of a body in evaluation order: an access, a fence of some strength, a lock entry or exit, a call to a
/// method whose summary the dataflow applies, or the start or join of other bodies.
/// </summary>
internal sealed class MemoryStep
{
    private MemoryStep(StepKind kind, SyntaxNode syntax, Access? access, Protection fence, LockId? lockId, IMethodSymbol? callee, bool deliberate, ImmutableArray<IMethodSymbol> bodies, bool onThis = true)
    {
        OnThis = onThis;
        IsDeliberate = deliberate;
        Kind = kind;
        Syntax = syntax;
        Access = access;
        Fence = fence;
        Lock = lockId;
        Callee = callee;
        Bodies = bodies;
    }

    public StepKind Kind { get; }

    /// <summary>Where the step is written in its body.</summary>
    public SyntaxNode Syntax { get; }

    public Access? Access { get; }

    /// <summary>For <see cref="StepKind.Fence"/>: the protection it gives every store before it.</summary>
    public Protection Fence { get; }

    public LockId? Lock { get; }

    /// <summary>
    /// For <see cref="StepKind.Fence"/>: an explicit barrier call (<c>Interlocked.MemoryBarrier</c>,
    /// <c>Thread.MemoryBarrier</c>, <c>MemoryBarrierProcessWide</c>, <c>AsymmetricBarrier.Light/Heavy</c>),
    /// written to order the accesses around it, as opposed to the incidental fence of an await, a thread
    /// start or an unrelated read-modify-write. It is evidence that the author expects another thread.
    /// </summary>
    public bool IsDeliberate { get; }

    public IMethodSymbol? Callee { get; }

    /// <summary>
    /// For <see cref="StepKind.Call"/>: whether the callee runs on this object (a call on <c>this</c>, or a static
    /// method). A call on another object (<c>other.Help()</c>) touches that object's fields: the callee's accesses of
    /// its <c>this</c> are not this object's, and only its fences count.
    /// </summary>
    public bool OnThis { get; }

    /// <summary>For <see cref="StepKind.Start"/> and <see cref="StepKind.Join"/>: the bodies started or waited for.</summary>
    public ImmutableArray<IMethodSymbol> Bodies { get; }

    public static MemoryStep ForAccess(MemoryLocation location, AccessKind kind, AccessOrdering ordering, SyntaxNode syntax, LoadUse use = LoadUse.Decides) =>
        new(StepKind.Access, syntax, new Access(location, kind, ordering, syntax, use), Protection.None, null, null, false, ImmutableArray<IMethodSymbol>.Empty);

    public static MemoryStep ForFence(Protection level, SyntaxNode syntax, bool deliberate = false) =>
        new(StepKind.Fence, syntax, null, level, null, null, deliberate, ImmutableArray<IMethodSymbol>.Empty);

    public static MemoryStep ForLockEnter(LockId? lockId, SyntaxNode syntax) => new(StepKind.LockEnter, syntax, null, Protection.None, lockId, null, false, ImmutableArray<IMethodSymbol>.Empty);

    /// <summary>
    /// The same entry made only on success, where the success is returned to the caller rather than tested (a
    /// try-enter wrapper): the body tries to take the lock, and holds it on no known path (docs/design.md §7).
    /// </summary>
    public MemoryStep Attempted() => Kind == StepKind.LockEnter ? new(StepKind.LockEnter, Syntax, null, Protection.None, Lock, null, false, ImmutableArray<IMethodSymbol>.Empty) { IsAttempt = true } : this;

    /// <summary>For <see cref="StepKind.LockEnter"/>: an entry that may fail with nothing testing it (<see cref="Attempted"/>).</summary>
    public bool IsAttempt { get; private set; }

    /// <param name="checksOwner">Whether the release throws on a thread that does not hold the lock (<see cref="ChecksOwner"/>).</param>
    public static MemoryStep ForLockExit(LockId? lockId, SyntaxNode syntax, bool checksOwner = false) =>
        new(StepKind.LockExit, syntax, null, Protection.None, lockId, null, false, ImmutableArray<IMethodSymbol>.Empty) { ChecksOwner = checksOwner };

    /// <summary>
    /// For <see cref="StepKind.LockExit"/>: the release throws when the calling thread does not hold the lock
    /// (<c>Monitor.Exit</c>, <c>Lock.Exit</c>, <c>ReaderWriterLockSlim.Exit…</c>), so a body that reaches it without
    /// having taken the lock was entered holding it (docs/design.md §7, "A lock released and never taken").
    /// </summary>
    public bool ChecksOwner { get; private set; }

    /// <param name="valueDecides">Whether the call's value decides something in this body (a property read, <c>if (IsIdle())</c>, <c>return HasWork()</c>).</param>
    /// <param name="below">For a property setter: where what the methods it calls do is anchored (<see cref="Below"/>).</param>
    /// <param name="refArguments">The shared locations the call passes by reference (<see cref="RefArguments"/>).</param>
    public static MemoryStep ForCall(IMethodSymbol callee, SyntaxNode syntax, bool onThis = true, bool valueDecides = false, SyntaxNode? below = null, ImmutableArray<RefArgument> refArguments = default) =>
        new(StepKind.Call, syntax, null, Protection.None, null, callee, false, ImmutableArray<IMethodSymbol>.Empty, onThis) { ValueDecides = valueDecides, Below = below, RefArguments = OrNone(refArguments) };

    /// <summary>A call to a method (or property accessor) of another type of the compilation.</summary>
    /// <param name="holder">The field of this object (or the static field) that holds the object the call runs on, when the call's receiver is read from one; else null.</param>
    /// <param name="refArguments">The shared locations the call passes by reference (<see cref="RefArguments"/>).</param>
    public static MemoryStep ForForeignCall(IMethodSymbol callee, SyntaxNode syntax, IFieldSymbol? holder, bool valueDecides, SyntaxNode? below = null, ImmutableArray<RefArgument> refArguments = default) =>
        new(StepKind.Call, syntax, null, Protection.None, null, callee, false, ImmutableArray<IMethodSymbol>.Empty, onThis: false) { ValueDecides = valueDecides, Foreign = true, Holder = holder, Below = below, RefArguments = OrNone(refArguments) };

    /// <summary>
    /// For <see cref="StepKind.Call"/>: the callee is a method of another type of the compilation. Its fences count; its
    /// accesses of its own fields count only through <see cref="Holder"/> (docs/design.md §5, "Calls on a field's object").
    /// </summary>
    public bool Foreign { get; private set; }

    /// <summary>
    /// For a property setter's <see cref="StepKind.Call"/>: where the accesses made inside the methods the setter calls are
    /// anchored (the property reference), while those of the setter's own body are anchored at the assignment
    /// (<see cref="Syntax"/>). A setter's own store is the author's, written where the property is assigned; what the
    /// methods it calls store is their business (docs/design.md §6, weakness <c>StoreInCallee</c>).
    /// </summary>
    public SyntaxNode? Below { get; private set; }

    /// <summary>Where a callee's access made <paramref name="depth"/> calls below the callee's own body (0) is anchored in this body.</summary>
    public SyntaxNode AnchorOf(int depth) => depth > 0 && Below is { } below ? below : Syntax;

    /// <summary>
    /// For a <see cref="Foreign"/> call: the field of this object (or the static field) holding the object the call runs
    /// on (<c>_flag.Set()</c>, <c>_state.IsIdle</c>), so the callee's <c>this.f</c> is this object's <c>_flag.f</c>; null
    /// when the receiver is anything else (a parameter, a method's result), whose fields Fencer does not name.
    /// </summary>
    public IFieldSymbol? Holder { get; private set; }

    /// <summary>
    /// For <see cref="StepKind.Call"/>: the shared locations passed by reference (docs/design.md §5, "By-reference
    /// parameters"). What the callee does to such a parameter it does to this body's location, at the call.
    /// </summary>
    public ImmutableArray<RefArgument> RefArguments { get; private set; } = ImmutableArray<RefArgument>.Empty;

    private static ImmutableArray<RefArgument> OrNone(ImmutableArray<RefArgument> arguments) => arguments.IsDefault ? ImmutableArray<RefArgument>.Empty : arguments;

    /// <summary>
    /// For <see cref="StepKind.Call"/>: whether the call's value decides something in this body: a load the callee returns
    /// is then a check this body makes (a property, a predicate), not a load made for the callee's own purpose.
    /// </summary>
    public bool ValueDecides { get; private set; }

    public static MemoryStep ForAssume(FieldFact fact, SyntaxNode syntax) =>
        new(StepKind.Assume, syntax, null, Protection.None, null, null, false, ImmutableArray<IMethodSymbol>.Empty) { Fact = fact };

    /// <summary>For <see cref="StepKind.Assume"/>: what the edge knows about a fixed field.</summary>
    public FieldFact Fact { get; private set; }

    public static MemoryStep ForStart(ImmutableArray<IMethodSymbol> bodies, SyntaxNode syntax) => new(StepKind.Start, syntax, null, Protection.None, null, null, false, bodies);

    public static MemoryStep ForJoin(ImmutableArray<IMethodSymbol> bodies, SyntaxNode syntax) => new(StepKind.Join, syntax, null, Protection.None, null, null, false, bodies);

    /// <summary>The same step with the load's use recorded (known effects build loads before their use is known).</summary>
    public MemoryStep WithUse(LoadUse use) =>
        Access is { Kind: AccessKind.Load } access && access.Use != use
            ? ForAccess(access.Location, access.Kind, access.Ordering, access.Syntax, use)
            : this;

    public override string ToString() => Kind switch
    {
        StepKind.Access => Access!.ToString(),
        StepKind.Fence => "Fence " + Fence,
        StepKind.Call => "Call " + Callee!.Name,
        StepKind.Start or StepKind.Join => Kind + " " + string.Join(", ", Bodies),
        StepKind.Assume => "Assume " + Fact,
        _ => Kind + " " + Lock,
    };
}
