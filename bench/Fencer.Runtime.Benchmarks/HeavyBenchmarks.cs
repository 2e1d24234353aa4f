using System;
using System.Runtime.InteropServices;
using System.Threading;
using BenchmarkDotNet.Attributes;

namespace Fencer.Runtime.Benchmarks;

/// <summary>
/// The rare side: AsymmetricBarrier.Heavy() against the runtime's Interlocked.MemoryBarrierProcessWide() and
/// the bare membarrier system call, with the other core idle and with another thread of this process
/// spinning on it (then every call interrupts that core). Goal: Heavy at most 1.1x the raw system call.
/// </summary>
public class HeavyBenchmarks
{
    private Thread? _spinner;
    private volatile bool _stop;

    [Params(false, true)]
    public bool OtherThreadSpinning { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            throw new PlatformNotSupportedException("the raw-syscall baseline uses the x86-64 Linux syscall number");
        }

        // Initialize the barrier (and its registration) before measuring.
        _ = AsymmetricBarrier.Mechanism;
        if (OtherThreadSpinning)
        {
            _stop = false;
            _spinner = new Thread(() =>
            {
                while (!_stop)
                {
                    Thread.SpinWait(1);
                }
            })
            { IsBackground = true };
            _spinner.Start();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stop = true;
        _spinner?.Join();
        _spinner = null;
    }

    [Benchmark(Baseline = true, Description = "raw membarrier syscall")]
    public nint RawSyscall() => RawMembarrier.PrivateExpeditedCall();

    [Benchmark(Description = "AsymmetricBarrier.Heavy()")]
    public void Heavy() => AsymmetricBarrier.Heavy();

    [Benchmark(Description = "Interlocked.MemoryBarrierProcessWide()")]
    public void ProcessWide() => Interlocked.MemoryBarrierProcessWide();
}
