using System;
using Fencer.Platform;
using Xunit;

namespace Fencer.Runtime.Tests;

/// <summary>Heavy() for a mechanism already chosen: it keeps covering the hot side whatever fails, and never throws.</summary>
public sealed class HeavyBarrierTests
{
    [Fact]
    public void Membarrier_CallsOnlyTheSyscall_WhenItSucceeds()
    {
        var operations = new RecordingOperations { MembarrierSucceeds = true };

        HeavyBarrier.Run(BarrierMechanism.Membarrier, 324, ref operations);

        Assert.Equal(1, operations.MembarrierCalls);
        Assert.Equal(324, operations.LastSyscallNumber);
        Assert.Equal(0, operations.ProcessWideCalls);
    }

    [Fact]
    public void Membarrier_FallsBackToTheRuntimeProcessWideBarrier_WhenTheSyscallFails()
    {
        var operations = new RecordingOperations { MembarrierSucceeds = false };

        HeavyBarrier.Run(BarrierMechanism.Membarrier, 324, ref operations);

        Assert.Equal(1, operations.MembarrierCalls);
        Assert.Equal(1, operations.ProcessWideCalls);
    }

    [Fact]
    public void Membarrier_FallsBackToTheRuntimeProcessWideBarrier_WhenTheSyscallThrows()
    {
        var operations = new RecordingOperations { MembarrierThrows = true };

        HeavyBarrier.Run(BarrierMechanism.Membarrier, 324, ref operations);

        Assert.Equal(1, operations.ProcessWideCalls);
    }

    [Fact]
    public void ProcessWide_CallsTheRuntimeBarrier()
    {
        var operations = new RecordingOperations();

        HeavyBarrier.Run(BarrierMechanism.ProcessWide, -1, ref operations);

        Assert.Equal(1, operations.ProcessWideCalls);
        Assert.Equal(0, operations.MembarrierCalls);
    }

    [Fact]
    public void FlushProcessWriteBuffers_CallsKernel32_AndFallsBackIfItThrows()
    {
        var operations = new RecordingOperations();
        HeavyBarrier.Run(BarrierMechanism.FlushProcessWriteBuffers, -1, ref operations);
        Assert.Equal(1, operations.FlushCalls);
        Assert.Equal(0, operations.ProcessWideCalls);

        var failing = new RecordingOperations { FlushThrows = true };
        HeavyBarrier.Run(BarrierMechanism.FlushProcessWriteBuffers, -1, ref failing);
        Assert.Equal(1, failing.ProcessWideCalls);
    }

    [Fact]
    public void Fence_CallsNothingProcessWide()
    {
        var operations = new RecordingOperations();

        HeavyBarrier.Run(BarrierMechanism.Fence, -1, ref operations);

        Assert.Equal(0, operations.MembarrierCalls + operations.ProcessWideCalls + operations.FlushCalls);
    }

    [Fact]
    public void RealSyscall_WithAnInvalidNumber_FailsWithEnosys_AndHeavyFallsBackWithoutThrowing()
    {
        // A system call number no kernel has: the real libc returns -1/ENOSYS, as an old kernel would
        // for membarrier itself.
        const long bogus = 100_000;
        Assert.Equal(Errno.ENOSYS, Membarrier.Invoke(bogus, Membarrier.CommandPrivateExpedited).Errno);

        var operations = default(NativeHeavyBarrierOperations);
        HeavyBarrier.Run(BarrierMechanism.Membarrier, (nint)bogus, ref operations);
    }

    [Theory]
    [InlineData(BarrierMechanism.ProcessWide)]
    [InlineData(BarrierMechanism.Fence)]
    public void RealOperations_DoNotThrow(BarrierMechanism mechanism)
    {
        var operations = default(NativeHeavyBarrierOperations);

        HeavyBarrier.Run(mechanism, -1, ref operations);
    }

    private struct RecordingOperations : IHeavyBarrierOperations
    {
        public bool MembarrierSucceeds;
        public bool MembarrierThrows;
        public bool FlushThrows;
        public int MembarrierCalls;
        public nint LastSyscallNumber;
        public int ProcessWideCalls;
        public int FlushCalls;

        public bool TryMembarrier(nint syscallNumber)
        {
            MembarrierCalls++;
            LastSyscallNumber = syscallNumber;
            if (MembarrierThrows)
            {
                throw new EntryPointNotFoundException("syscall");
            }

            return MembarrierSucceeds;
        }

        public void RuntimeProcessWide() => ProcessWideCalls++;

        public void FlushProcessWriteBuffers()
        {
            FlushCalls++;
            if (FlushThrows)
            {
                throw new DllNotFoundException("kernel32.dll");
            }
        }
    }
}
