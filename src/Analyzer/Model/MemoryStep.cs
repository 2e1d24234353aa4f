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
}

/// <summary>
/// One step of a body in evaluation order: an access, a fence of some strength, a lock entry or exit,
/// or a call to a method of the same type (whose summary the dataflow applies).
/// </summary>
internal sealed class MemoryStep
{
    private MemoryStep(StepKind kind, SyntaxNode syntax, Access? access, Protection fence, LockId? lockId, IMethodSymbol? callee, bool deliberate = false)
    {
        IsDeliberate = deliberate;
        Kind = kind;
        Syntax = syntax;
        Access = access;
        Fence = fence;
        Lock = lockId;
        Callee = callee;
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

    public static MemoryStep ForAccess(MemoryLocation location, AccessKind kind, AccessOrdering ordering, SyntaxNode syntax) =>
        new(StepKind.Access, syntax, new Access(location, kind, ordering, syntax), Protection.None, null, null);

    public static MemoryStep ForFence(Protection level, SyntaxNode syntax, bool deliberate = false) =>
        new(StepKind.Fence, syntax, null, level, null, null, deliberate);

    public static MemoryStep ForLockEnter(LockId? lockId, SyntaxNode syntax) => new(StepKind.LockEnter, syntax, null, Protection.None, lockId, null);

    public static MemoryStep ForLockExit(LockId? lockId, SyntaxNode syntax) => new(StepKind.LockExit, syntax, null, Protection.None, lockId, null);

    public static MemoryStep ForCall(IMethodSymbol callee, SyntaxNode syntax) => new(StepKind.Call, syntax, null, Protection.None, null, callee);

    public override string ToString() => Kind switch
    {
        StepKind.Access => Access!.ToString(),
        StepKind.Fence => "Fence " + Fence,
        StepKind.Call => "Call " + Callee!.Name,
        _ => Kind + " " + Lock,
    };
}
