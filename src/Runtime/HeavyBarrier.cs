using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Fencer.Platform;

namespace Fencer;

/// <summary>The primitive operations <see cref="HeavyBarrier.Run"/> is made of; a struct so that the JIT calls them directly.</summary>
internal interface IHeavyBarrierOperations
{
    /// <summary><c>MEMBARRIER_CMD_PRIVATE_EXPEDITED</c>; false if the system call failed.</summary>
    bool TryMembarrier(nint syscallNumber);

    void RuntimeProcessWide();

    void FlushProcessWriteBuffers();
}

/// <summary>The real operations.</summary>
internal struct NativeHeavyBarrierOperations : IHeavyBarrierOperations
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryMembarrier(nint syscallNumber) => Membarrier.TryPrivateExpedited(syscallNumber);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void RuntimeProcessWide() => RuntimeProcessWideBarrier.Invoke();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void FlushProcessWriteBuffers() => Kernel32.FlushProcessWriteBuffers();
}

/// <summary>
/// The body of <see cref="AsymmetricBarrier.Heavy"/> for a mechanism already chosen. It never changes the
/// mechanism and never throws: the hot side may already have skipped its fence, so every path must still be
/// process-wide.
/// </summary>
internal static class HeavyBarrier
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<TOperations>(BarrierMechanism mechanism, nint syscallNumber, ref TOperations operations)
        where TOperations : struct, IHeavyBarrierOperations
    {
        if (mechanism == BarrierMechanism.Membarrier)
        {
            // The kernel executes smp_mb() before and after interrupting the other CPUs, so the call is also
            // a full fence for this thread: nothing else to do on the fast path.
            if (!TryMembarrier(syscallNumber, ref operations))
            {
                AfterMembarrierFailure(ref operations);
            }

            return;
        }

        RunOther(mechanism, ref operations);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryMembarrier<TOperations>(nint syscallNumber, ref TOperations operations)
        where TOperations : struct, IHeavyBarrierOperations
    {
        try
        {
            return operations.TryMembarrier(syscallNumber);
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>
    /// Membarrier was chosen only after REGISTER and a first PRIVATE_EXPEDITED succeeded, so the kernel has
    /// no reason left to refuse (ENOMEM for a temporary CPU mask under memory exhaustion is the only
    /// documented one; a seccomp filter installed later would be another). The hot side may already rely on
    /// it, so fall back to the runtime's process-wide barrier, which exists: the decision required it.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AfterMembarrierFailure<TOperations>(ref TOperations operations)
        where TOperations : struct, IHeavyBarrierOperations
    {
        Interlocked.MemoryBarrier();
        operations.RuntimeProcessWide();
        Interlocked.MemoryBarrier();
    }

    private static void RunOther<TOperations>(BarrierMechanism mechanism, ref TOperations operations)
        where TOperations : struct, IHeavyBarrierOperations
    {
        // The full fences around the process-wide calls make Heavy a full fence for the calling thread
        // whatever the operating system's primitive promises about the caller itself; they cost
        // nanoseconds next to the microseconds of the interrupts.
        Interlocked.MemoryBarrier();
        switch (mechanism)
        {
            case BarrierMechanism.ProcessWide:
                operations.RuntimeProcessWide();
                Interlocked.MemoryBarrier();
                break;
            case BarrierMechanism.FlushProcessWriteBuffers:
                try
                {
                    operations.FlushProcessWriteBuffers();
                }
                catch (Exception)
                {
                    // Cannot happen: the decision called it successfully. Without it the hot side is
                    // uncovered, and the only other process-wide barrier on Windows is the runtime's.
                    operations.RuntimeProcessWide();
                }

                Interlocked.MemoryBarrier();
                break;
            default:
                // Fence: Light() is a full fence too, so this thread's fence is all that is needed.
                break;
        }
    }
}
