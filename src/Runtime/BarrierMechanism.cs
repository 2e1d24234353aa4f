namespace Fencer;

/// <summary>
/// How <see cref="AsymmetricBarrier.Heavy"/> reaches the other threads of the process, and therefore
/// what <see cref="AsymmetricBarrier.Light"/> has to do. Chosen once per process, see
/// <see cref="AsymmetricBarrier.Mechanism"/>.
/// </summary>
public enum BarrierMechanism
{
    /// <summary>
    /// Full fences on both sides: <see cref="AsymmetricBarrier.Heavy"/> and
    /// <see cref="AsymmetricBarrier.Light"/> are both <c>Interlocked.MemoryBarrier()</c>. Always correct,
    /// never fast: the hot side pays a full fence (a few nanoseconds, a <c>lock</c>-prefixed instruction
    /// on x86, <c>dmb ish</c> on ARM). Used where no process-wide barrier is known to be sound, or when
    /// forced with <c>FENCER_BARRIER=fence</c>.
    /// </summary>
    Fence = 0,

    /// <summary>
    /// Linux <c>membarrier(2)</c> with <c>MEMBARRIER_CMD_PRIVATE_EXPEDITED</c>: the kernel interrupts every
    /// CPU currently running a thread of this process and makes it execute a full memory barrier before
    /// the call returns. One system call per <see cref="AsymmetricBarrier.Heavy"/>: about a microsecond when
    /// the other CPUs are idle, tens of microseconds when they run threads of this process (inter-processor
    /// interrupts, slower inside virtual machines).
    /// </summary>
    Membarrier = 1,

    /// <summary>
    /// The runtime's <c>Interlocked.MemoryBarrierProcessWide()</c> (Windows: <c>FlushProcessWriteBuffers</c>;
    /// macOS: register sampling of every thread; Linux: the runtime's own <c>membarrier</c> registration, or
    /// an <c>mprotect</c> TLB shoot-down that is a barrier on x86/x64 only). Used only where it is sound.
    /// </summary>
    ProcessWide = 2,

    /// <summary>
    /// <c>kernel32!FlushProcessWriteBuffers</c>, called directly by the netstandard2.0 asset on Windows
    /// (.NET Framework and other runtimes without <c>Interlocked.MemoryBarrierProcessWide</c>): an
    /// inter-processor interrupt to every processor the process may run on.
    /// </summary>
    FlushProcessWriteBuffers = 3,
}
