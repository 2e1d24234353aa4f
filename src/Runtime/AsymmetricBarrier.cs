using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Fencer.Platform;

namespace Fencer;

/// <summary>
/// An asymmetric memory barrier: a nearly free <see cref="Light"/> for the hot side of a handshake and an
/// expensive, process-wide <see cref="Heavy"/> for the rare side.
/// </summary>
/// <remarks>
/// <para>
/// Store-buffer handshake (<c>x = 1; Light(); r1 = y;</c> on the hot thread, <c>y = 1; Heavy(); r2 = x;</c>
/// on the rare thread): the outcome <c>r1 == 0 &amp;&amp; r2 == 0</c> is impossible, exactly as with
/// <c>Interlocked.MemoryBarrier()</c> on both sides. In general, for every <see cref="Heavy"/> call H and every
/// <see cref="Light"/> call L on another thread, either everything before L (in L's thread) is visible to what
/// follows H, or everything before H is visible to what follows L.
/// </para>
/// <para>
/// The mechanism is chosen once, in this type's static constructor (the first call to any member, or
/// <see cref="System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(RuntimeTypeHandle)"/>
/// earlier), and never changes: a <see cref="Light"/> call that skipped its fence stays covered by every later
/// <see cref="Heavy"/>. The static constructor issues <c>membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED)</c>
/// on Linux; registering while few threads exist is cheapest, so touch <see cref="Mechanism"/> at start-up if
/// that matters (the .NET runtime on Linux has usually registered the process already, which makes it cheap anyway).
/// Nothing here throws: every failure (ENOSYS, EINVAL, EPERM from a seccomp filter, a missing libc entry
/// point, an unknown platform) moves to the next mechanism, down to full fences on both sides.
/// </para>
/// <para>
/// The environment variable <c>FENCER_BARRIER</c> (<c>membarrier</c>, <c>processwide</c> or <c>fence</c>),
/// read once by the static constructor, chooses where that chain starts; a mechanism this platform cannot
/// provide falls back, and <see cref="Mechanism"/> reports the one really used.
/// </para>
/// </remarks>
public static class AsymmetricBarrier
{
    private static readonly BarrierMechanism s_mechanism;

    /// <summary>
    /// Decided once, by the static constructor, and never written again: 1 when <see cref="Heavy"/> is not
    /// process-wide (<see cref="BarrierMechanism.Fence"/>) and <see cref="Light"/> must fence, 0 otherwise.
    /// Not readonly on purpose: <see cref="Light"/> reads it with <c>Volatile.Read</c>, and that read is its
    /// compiler barrier (see <see cref="Light"/>).
    /// </summary>
    private static int s_lightMustFence;

    private static readonly nint s_membarrierSyscallNumber;

    private static readonly BarrierDecision s_decision;

    static AsymmetricBarrier()
    {
        BarrierDecision decision;
        try
        {
            decision = MechanismSelector.Decide(BarrierPlatform.Current());
        }
        catch (Exception exception)
        {
            // Reading the platform cannot fail in practice; a barrier type that fails to initialize would
            // throw from every call, so fall back to what is always correct.
            decision = new BarrierDecision(BarrierMechanism.Fence, -1, "platform could not be read (" + exception.GetType().Name + "); using full fences on both sides");
        }

        s_decision = decision;
        s_mechanism = decision.Mechanism;
        s_membarrierSyscallNumber = (nint)decision.MembarrierSyscallNumber;
        s_lightMustFence = decision.HeavyIsProcessWide ? 0 : 1;
    }

    /// <summary>
    /// The mechanism <see cref="Heavy"/> uses in this process, decided once and never changed.
    /// </summary>
    /// <value>
    /// <see cref="BarrierMechanism.Membarrier"/> on Linux kernels with <c>MEMBARRIER_CMD_PRIVATE_EXPEDITED</c>
    /// (4.14+, any of x86-64, x86, arm64, arm); <see cref="BarrierMechanism.ProcessWide"/> on Windows and macOS
    /// (net8.0 asset) and on x86/x64 Linux without membarrier; <see cref="BarrierMechanism.FlushProcessWriteBuffers"/>
    /// on Windows with the netstandard2.0 asset; <see cref="BarrierMechanism.Fence"/> elsewhere or when forced.
    /// Reading it costs a static field read (the first read runs the static constructor).
    /// </value>
    public static BarrierMechanism Mechanism => s_mechanism;

    /// <summary>Why <see cref="Mechanism"/> was chosen: what was requested, tried and refused.</summary>
    internal static string MechanismReason => s_decision.Reason;

    /// <summary>
    /// The hot side of an asymmetric handshake. Place it between this thread's store and its later load
    /// (<c>x = 1; AsymmetricBarrier.Light(); r1 = y;</c>) when the other side uses <see cref="Heavy"/>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Guarantees: the JIT does not move any memory access of this thread across the call in either
    /// direction, does not cache a field read before it for use after it, and does not merge or drop a
    /// store before it. It does <em>not</em> order this thread's accesses for other CPUs on its own: that is
    /// <see cref="Heavy"/>'s job. Paired with a <see cref="Heavy"/> call on another thread it gives the
    /// store-buffer guarantee described on <see cref="AsymmetricBarrier"/>. Paired with anything else it is
    /// no fence at all. When <see cref="Mechanism"/> is <see cref="BarrierMechanism.Fence"/> it is a full
    /// fence (<c>Interlocked.MemoryBarrier()</c>) instead, so the guarantee holds on every platform.
    /// </para>
    /// <para>
    /// Cost: inlined; one load of a static field, a compare and a never-taken branch, no fence instruction:
    /// well under an empty non-inlined call. With <see cref="BarrierMechanism.Fence"/>, a full fence (a few
    /// nanoseconds).
    /// </para>
    /// <para>
    /// Why it is a two-way compiler barrier: the mode is read with <c>Volatile.Read</c> and the result is used
    /// (a discarded volatile read is dropped by the JIT at import, so it would order nothing). RyuJIT marks a
    /// volatile load as an ordering side effect (no side effect, store or other volatile access is reordered
    /// across it), value numbering treats it as a write of all of memory (no load before it is reused, CSE'd
    /// or hoisted past it), and the branch ends the basic block (forward substitution and store merging work
    /// within a block). On x86/x64 it compiles to a plain <c>mov</c>; on ARM64 to a load-acquire. The CLI
    /// specification promises only acquire semantics for the load: Fencer relies on RyuJIT's implementation here,
    /// as .NET's own runtime code does for volatile accesses, and the litmus tests check it on every build.
    /// </para>
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Light()
    {
        if (Volatile.Read(ref s_lightMustFence) != 0)
        {
            Interlocked.MemoryBarrier();
        }
    }

    /// <summary>
    /// The rare side of an asymmetric handshake: a full memory barrier on this thread and on every thread of
    /// the process that is running at the time of the call. Place it between this thread's store and its
    /// later load (<c>y = 1; AsymmetricBarrier.Heavy(); r2 = x;</c>).
    /// </summary>
    /// <remarks>
    /// <para>
    /// Guarantees: a full fence for the calling thread (as <c>Interlocked.MemoryBarrier()</c>), and, when it
    /// returns, every other thread of the process has passed a full memory barrier (or a context switch,
    /// which implies one) after the call began, so their stores that preceded a <see cref="Light"/> are
    /// visible here, and this thread's stores before the call are visible to their loads after it. Also a
    /// compiler barrier for the calling thread. Never throws; never changes <see cref="Mechanism"/>.
    /// </para>
    /// <para>
    /// Cost: with <see cref="BarrierMechanism.Membarrier"/>, one system call that interrupts every CPU
    /// currently running a thread of the process: about a microsecond when the other CPUs are idle, tens of
    /// microseconds when they are busy with this process (more in virtual machines). The other mechanisms
    /// cost about the same; <see cref="BarrierMechanism.Fence"/> costs a full fence. Calls from several threads
    /// at once are allowed and each is a complete barrier.
    /// </para>
    /// <para>
    /// If a <c>membarrier</c> call ever failed after the mechanism was chosen (the kernel has no reason to:
    /// registration and a first call succeeded), this call falls back to the runtime's
    /// <c>Interlocked.MemoryBarrierProcessWide()</c>, which is still process-wide, instead of throwing.
    /// </para>
    /// </remarks>
    public static void Heavy()
    {
        var operations = default(NativeHeavyBarrierOperations);
        HeavyBarrier.Run(s_mechanism, s_membarrierSyscallNumber, ref operations);
    }
}
