using System;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using Fencer.Platform;
using Xunit;

namespace Fencer.Runtime.Tests;

public sealed class AsymmetricBarrierTests
{
    [Fact]
    public void Mechanism_IsMembarrier_OnLinuxX64()
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && RuntimeInformation.ProcessArchitecture == Architecture.X64)
        {
            // The build machine: kernel 6.x, QUERY mask 0x3ff.
            Assert.Equal(BarrierMechanism.Membarrier, AsymmetricBarrier.Mechanism);
            Assert.Contains("syscall 324", AsymmetricBarrier.MechanismReason);
        }
        else
        {
            Assert.Equal(MechanismSelector.Decide(BarrierPlatform.Current()).Mechanism, AsymmetricBarrier.Mechanism);
        }
    }

    [Fact]
    public void RealMembarrier_QueryListsPrivateExpedited_OnLinux()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            Assert.NotEqual(BarrierMechanism.Membarrier, AsymmetricBarrier.Mechanism);
            return;
        }

        long number = Membarrier.SyscallNumber(RuntimeInformation.ProcessArchitecture);
        var query = Membarrier.Invoke(number, Membarrier.CommandQuery);

        Assert.False(query.Failed, "QUERY failed with errno " + query.Errno);
        Assert.NotEqual(0, query.Value & Membarrier.CommandPrivateExpedited);
    }

    [Fact]
    public void Mechanism_NeverChanges()
    {
        var first = AsymmetricBarrier.Mechanism;
        for (int i = 0; i < 100; i++)
        {
            AsymmetricBarrier.Heavy();
            AsymmetricBarrier.Light();
        }

        Assert.Equal(first, AsymmetricBarrier.Mechanism);
    }

    [Fact]
    public void Heavy_FromManyThreadsAtOnce_DoesNotThrow()
    {
        const int threads = 8;
        const int callsPerThread = 200;
        int completed = 0;
        Exception? failure = null;
        using var start = new ManualResetEventSlim();
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            start.Wait();
            try
            {
                for (int i = 0; i < callsPerThread; i++)
                {
                    AsymmetricBarrier.Heavy();
                    AsymmetricBarrier.Light();
                }

                Interlocked.Increment(ref completed);
            }
            catch (Exception exception)
            {
                Interlocked.CompareExchange(ref failure, exception, null);
            }
        })).ToList();

        workers.ForEach(worker => worker.Start());
        start.Set();
        workers.ForEach(worker => worker.Join());

        Assert.Null(failure);
        Assert.Equal(threads, completed);
    }

    [Fact]
    public void Light_IsAFenceOnlyWhenHeavyIsNotProcessWide()
    {
        // Decision and Light agree: a process-wide Heavy is what lets Light skip its fence.
        var decision = MechanismSelector.Decide(BarrierPlatform.Current());

        Assert.Equal(decision.Mechanism, AsymmetricBarrier.Mechanism);
        Assert.Equal(decision.Mechanism != BarrierMechanism.Fence, decision.HeavyIsProcessWide);
    }
}
