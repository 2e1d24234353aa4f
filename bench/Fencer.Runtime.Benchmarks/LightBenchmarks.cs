using System.Runtime.CompilerServices;
using System.Threading;
using BenchmarkDotNet.Attributes;

namespace Fencer.Runtime.Benchmarks;

/// <summary>
/// The hot side: AsymmetricBarrier.Light() against the two compiler barriers it could be made of (an empty
/// non-inlined call, a Volatile.Read of a static) and against the full fence it replaces. Each invocation
/// runs a store, the barrier and a load <see cref="Operations"/> times, as a handshake's hot side would.
/// Goals: Light at most 1.2x the empty call; Interlocked.MemoryBarrier at least 5x Light.
/// </summary>
public class LightBenchmarks
{
    private const int Operations = 1024;

    private static int s_compilerBarrier;

    private int _x;
    private int _y;

    [GlobalSetup]
    public void Setup()
    {
        _y = 1;
        s_compilerBarrier = 1;
        _ = AsymmetricBarrier.Mechanism;
    }

    /// <summary>The loop, the store and the load alone: subtract it to get what each barrier adds.</summary>
    [Benchmark(OperationsPerInvoke = Operations, Description = "no barrier (store, load)")]
    public int NoBarrier()
    {
        int sum = 0;
        for (int i = 0; i < Operations; i++)
        {
            _x = i;
            sum += _y;
        }

        return sum;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Operations, Description = "empty NoInlining call")]
    public int EmptyCall()
    {
        int sum = 0;
        for (int i = 0; i < Operations; i++)
        {
            _x = i;
            Empty();
            sum += _y;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Operations, Description = "AsymmetricBarrier.Light()")]
    public int Light()
    {
        int sum = 0;
        for (int i = 0; i < Operations; i++)
        {
            _x = i;
            AsymmetricBarrier.Light();
            sum += _y;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Operations, Description = "Volatile.Read(static)")]
    public int VolatileRead()
    {
        int sum = 0;
        for (int i = 0; i < Operations; i++)
        {
            _x = i;
            _ = Volatile.Read(ref s_compilerBarrier);
            sum += _y;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Operations, Description = "Interlocked.MemoryBarrier()")]
    public int MemoryBarrier()
    {
        int sum = 0;
        for (int i = 0; i < Operations; i++)
        {
            _x = i;
            Interlocked.MemoryBarrier();
            sum += _y;
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Empty()
    {
    }
}
