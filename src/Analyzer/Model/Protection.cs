namespace Fencer.Analyzer.Model;

/// <summary>
/// How strongly a store is kept before a later access of this thread, as seen by other threads.
/// The order of the members is the protection order: None &lt; Compiler &lt; Full &lt; Heavy.
/// </summary>
internal enum Protection
{
    /// <summary>Nothing keeps the two accesses in order: the JIT and the hardware may reorder them.</summary>
    None = 0,

    /// <summary>The JIT keeps them in order (<c>AsymmetricBarrier.Light()</c>, or both accesses volatile); the hardware may not.</summary>
    Compiler = 1,

    /// <summary>A full fence of this thread lies between them (<c>Interlocked.MemoryBarrier</c>, an <c>Interlocked</c> read-modify-write).</summary>
    Full = 2,

    /// <summary>A process-wide barrier lies between them: a full fence here that also pairs with compiler order on every other thread.</summary>
    Heavy = 3,
}

internal static class ProtectionExtensions
{
    public static Protection Weakest(this Protection a, Protection b) => a <= b ? a : b;

    public static Protection Strongest(this Protection a, Protection b) => a >= b ? a : b;
}
