namespace Fencer;

/// <summary>The mechanism chosen for this process, the membarrier system call number it uses, and why.</summary>
internal readonly struct BarrierDecision
{
    public BarrierDecision(BarrierMechanism mechanism, long membarrierSyscallNumber, string reason)
    {
        Mechanism = mechanism;
        MembarrierSyscallNumber = membarrierSyscallNumber;
        Reason = reason;
    }

    public BarrierMechanism Mechanism { get; }

    /// <summary>The <c>membarrier</c> system call number when <see cref="Mechanism"/> is <see cref="BarrierMechanism.Membarrier"/>; otherwise -1.</summary>
    public long MembarrierSyscallNumber { get; }

    /// <summary>One line, for logs and tests: what was requested, what was tried, what failed.</summary>
    public string Reason { get; }

    /// <summary>Whether <see cref="AsymmetricBarrier.Heavy"/> reaches every thread of the process, so that <see cref="AsymmetricBarrier.Light"/> needs only compiler ordering.</summary>
    public bool HeavyIsProcessWide => Mechanism != BarrierMechanism.Fence;
}
