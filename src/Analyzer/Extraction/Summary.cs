using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Fencer.Analyzer.Model;

namespace Fencer.Analyzer.Extraction;

/// <summary>
/// What a callee means to its caller's dataflow: the accesses it makes with what protects each from the
/// callee's entry, what protects everything from entry to exit (whether it always fences), and the stores
/// it leaves pending at exit.
/// </summary>
internal sealed class Summary
{
    private static readonly ImmutableHashSet<LockId> NoLocks = ImmutableHashSet<LockId>.Empty;

    public Summary(IReadOnlyDictionary<Access, Guard> accesses, Guard atExit, IReadOnlyDictionary<PendingKey, Guard> pendingAtExit, IReadOnlyDictionary<Access, int> depths, ImmutableHashSet<IMethodSymbol>? started = null, ImmutableHashSet<IMethodSymbol>? startedUnderLock = null, ImmutableHashSet<LockId>? acquired = null, ImmutableHashSet<LockId>? released = null)
    {
        Acquired = acquired ?? NoLocks;
        Released = released ?? NoLocks;
        Started = started ?? ImmutableHashSet.Create<IMethodSymbol>(SymbolEqualityComparer.Default);
        StartedUnderLock = startedUnderLock ?? ImmutableHashSet.Create<IMethodSymbol>(SymbolEqualityComparer.Default);
        Accesses = accesses;
        AtExit = atExit;
        PendingAtExit = pendingAtExit;
        Depths = depths;
    }

    /// <summary>
    /// How many calls deep each access (and pending store) is made, counted from the callee's own body (0). Callers
    /// see what lies at most <c>fencer.max_call_depth</c> calls down; fences are seen at any depth.
    /// </summary>
    public IReadOnlyDictionary<Access, int> Depths { get; }

    /// <summary>The bodies the callee (or a callee of it) starts: a call to it starts them.</summary>
    public ImmutableHashSet<IMethodSymbol> Started { get; }

    /// <summary>
    /// The bodies started while a lock is held (the drain-lock idiom: the work is scheduled by whoever takes the gate):
    /// a body started so may still be running from an earlier start, so the start orders nothing before it.
    /// </summary>
    public ImmutableHashSet<IMethodSymbol> StartedUnderLock { get; }

    /// <summary>
    /// The locks the callee takes and still holds when it returns, on every path (an <c>EnterLock()</c> wrapper): a
    /// lock belongs to the thread, so its caller holds them after the call (docs/design.md §7).
    /// </summary>
    public ImmutableHashSet<LockId> Acquired { get; }

    /// <summary>The locks held at the callee's entry that it lets go of on some path (an <c>ExitLock()</c> wrapper).</summary>
    public ImmutableHashSet<LockId> Released { get; }

    public int Depth(Access access) => Depths.TryGetValue(access, out var depth) ? depth : 0;

    /// <summary>Loads and stores the callee makes, each with the weakest protection from entry to it.</summary>
    public IReadOnlyDictionary<Access, Guard> Accesses { get; }

    /// <summary>The protection from entry to exit on every path: a callee that always fences orders its caller.</summary>
    public Guard AtExit { get; }

    public IReadOnlyDictionary<PendingKey, Guard> PendingAtExit { get; }
}
