namespace Fencer.Analyzer.Model;

/// <summary>
/// The .NET memory model as Fencer uses it: the one place that says which program-order pairs are kept
/// in order for other threads, what protection a store-then-later-access pair has on its own, and what a
/// store-buffer cycle's two halves amount to. Everything else in the analyzer asks this class.
/// </summary>
/// <remarks>
/// <code>
/// E \ L                    plain load  plain store  Volatile.Read  Volatile.Write  Interlocked RMW
/// plain load               no          no           no             yes (release)   yes
/// plain store              no          no           no             yes (release)   yes
/// Volatile.Read (acquire)  yes         yes          yes            yes             yes
/// Volatile.Write (release) NO          no           NO             yes             yes
/// Interlocked RMW          yes         yes          yes            yes             yes
/// </code>
/// A full fence between E and L orders any pair. RyuJIT does not reorder volatile operations among
/// themselves in practice (the specification does not promise it), so a volatile store followed by a
/// volatile load has <see cref="Protection.Compiler"/> order: enough for the hot side of an asymmetric
/// handshake, not enough on its own.
/// </remarks>
internal static class OrderingTable
{
    /// <summary>
    /// Whether the table keeps <paramref name="first"/> before <paramref name="second"/> (different locations).
    /// The first access's kind never changes the answer (its ordering says everything); it is taken so that
    /// callers state the row as the table does.
    /// </summary>
    public static bool Orders(AccessKind firstKind, AccessOrdering first, AccessKind secondKind, AccessOrdering second)
    {
        if (first == AccessOrdering.ReadModifyWrite || second == AccessOrdering.ReadModifyWrite)
        {
            return true;
        }

        if (first == AccessOrdering.Acquire)
        {
            return true;
        }

        // A release store orders everything before it, but nothing after it except other releases.
        if (second == AccessOrdering.Release && secondKind == AccessKind.Store)
        {
            return true;
        }

        return false;
    }

    /// <summary>
    /// The protection a pair has from the orderings of its own two accesses, before any fence between them:
    /// <see cref="Protection.Full"/> when the table orders them (an RMW on either end),
    /// <see cref="Protection.Compiler"/> when both are volatile (release/acquire), else <see cref="Protection.None"/>.
    /// </summary>
    public static Protection IntrinsicProtection(AccessKind firstKind, AccessOrdering first, AccessKind secondKind, AccessOrdering second)
    {
        if (first == AccessOrdering.ReadModifyWrite || second == AccessOrdering.ReadModifyWrite)
        {
            return Protection.Full;
        }

        if (first != AccessOrdering.Plain && second != AccessOrdering.Plain)
        {
            return Protection.Compiler;
        }

        // Release-then-acquire (and anything weaker) leaves a store free to pass a later load.
        return Protection.None;
    }

    /// <summary>
    /// The verdict for a store-buffer cycle (half A: store x then load y; half B: store y then load x),
    /// also used for the R shape (a store-store side against a store-load side).
    /// </summary>
    public static HandshakeVerdict Judge(Protection a, Protection b)
    {
        var strong = a.Strongest(b);
        var weak = a.Weakest(b);
        switch (strong)
        {
            case Protection.Heavy:
                return weak == Protection.None ? HandshakeVerdict.FastSideUnordered : HandshakeVerdict.Ordered;
            case Protection.Full:
                return weak >= Protection.Full ? HandshakeVerdict.Ordered : HandshakeVerdict.OneSided;
            default:
                return HandshakeVerdict.Unfenced;
        }
    }

    /// <summary>Whether a side with this protection is the one that needs the change under <paramref name="verdict"/>.</summary>
    public static bool NeedsChange(HandshakeVerdict verdict, Protection side) => verdict switch
    {
        HandshakeVerdict.OneSided => side < Protection.Full,
        HandshakeVerdict.Unfenced => true,
        HandshakeVerdict.FastSideUnordered => side == Protection.None,
        _ => false,
    };
}

/// <summary>What a store-buffer-like cycle amounts to (the verdict table of docs/design.md §2).</summary>
internal enum HandshakeVerdict
{
    /// <summary>Both sides fenced, or asymmetric with compiler order on the hot side, or both ordered by one lock.</summary>
    Ordered,

    /// <summary>A full fence on one side only (FEN001).</summary>
    OneSided,

    /// <summary>No full fence on either side (FEN002).</summary>
    Unfenced,

    /// <summary>A process-wide barrier on one side, the other side free for the JIT to reorder (FEN003).</summary>
    FastSideUnordered,
}
