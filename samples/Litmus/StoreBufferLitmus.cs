using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace Fencer.Litmus;

/// <summary>Which barrier each side of the store-buffer test uses. Thread A runs <c>x = 1; r1 = y</c>, thread B <c>y = 1; r2 = x</c>.</summary>
internal enum StoreBufferVariant
{
    /// <summary>Volatile.Write then Volatile.Read on both sides (release then acquire: no store-load order).</summary>
    VolatileOnly,

    /// <summary>Interlocked.MemoryBarrier() between store and load on B only.</summary>
    FenceOneSide,

    /// <summary>Interlocked.MemoryBarrier() on both sides.</summary>
    FencesBothSides,

    /// <summary>A: plain accesses around AsymmetricBarrier.Light(); B: plain accesses around AsymmetricBarrier.Heavy().</summary>
    HeavyLight,

    /// <summary>A: Volatile.Write then Volatile.Read; B: plain accesses around AsymmetricBarrier.Heavy().</summary>
    HeavyVolatile,
}

/// <summary>Outcome counts of one run. Index <c>r1 * 2 + r2</c>; index 0 (<c>r1 == 0 &amp;&amp; r2 == 0</c>) is forbidden by sequential consistency.</summary>
internal sealed class StoreBufferResult
{
    public StoreBufferResult(StoreBufferVariant variant, long rounds, long[] outcomes, TimeSpan elapsed)
    {
        Variant = variant;
        Rounds = rounds;
        Outcomes = outcomes;
        Elapsed = elapsed;
    }

    public StoreBufferVariant Variant { get; }

    public long Rounds { get; }

    /// <summary>Counts of (r1, r2) = (0,0), (0,1), (1,0), (1,1).</summary>
    public long[] Outcomes { get; }

    public TimeSpan Elapsed { get; }

    public long Forbidden => Outcomes[0];

    public double ForbiddenPerMillion => Rounds == 0 ? 0 : Forbidden * 1_000_000.0 / Rounds;

    public double NanosecondsPerRound => Rounds == 0 ? 0 : Elapsed.TotalMilliseconds * 1_000_000.0 / Rounds;

    public override string ToString() =>
        $"{Variant}: {Forbidden} forbidden of {Rounds} rounds ({ForbiddenPerMillion:F1} per million; " +
        $"00={Outcomes[0]} 01={Outcomes[1]} 10={Outcomes[2]} 11={Outcomes[3]}), {NanosecondsPerRound:F0} ns/round";
}

/// <summary>
/// A jcstress-style store-buffer litmus test: two threads meet at a spin rendezvous before every round,
/// then run <c>W x; R y</c> and <c>W y; R x</c> on fresh locations. Each round uses its own slot of a batch
/// (no reset between rounds); after each batch the threads meet, thread A counts outcomes and clears the
/// slots, and they meet again.
/// </summary>
internal static class StoreBufferLitmus
{
    private const int BatchSize = 4096;

    /// <summary>
    /// The last thread to reach a rendezvous waits 0..<see cref="DefaultDelaySpread"/>-1 iterations (varying
    /// by round) before its side, so that some rounds start the two sides within the store-buffer window.
    /// 512 showed the reordering most often on the 2-core build VM.
    /// </summary>
    public const int DefaultDelaySpread = 512;

    public static StoreBufferResult Run(StoreBufferVariant variant, long rounds, Action<long>? progress = null, int delaySpread = DefaultDelaySpread) => variant switch
    {
        StoreBufferVariant.VolatileOnly => Run<VolatileSide, VolatileSide>(variant, rounds, progress, delaySpread),
        StoreBufferVariant.FenceOneSide => Run<VolatileSide, FenceSide>(variant, rounds, progress, delaySpread),
        StoreBufferVariant.FencesBothSides => Run<FenceSide, FenceSide>(variant, rounds, progress, delaySpread),
        StoreBufferVariant.HeavyLight => Run<LightSide, HeavySide>(variant, rounds, progress, delaySpread),
        StoreBufferVariant.HeavyVolatile => Run<VolatileSide, HeavySide>(variant, rounds, progress, delaySpread),
        _ => throw new ArgumentOutOfRangeException(nameof(variant)),
    };

    private static StoreBufferResult Run<TSideA, TSideB>(StoreBufferVariant variant, long rounds, Action<long>? progress, int delaySpread)
        where TSideA : struct, ISide
        where TSideB : struct, ISide
    {
        var state = new State(Math.Max(1, delaySpread));
        Exception? failure = null;
        var outcomes = new long[4];
        var a = new Thread(() => Capture(ref failure, () => Loop<TSideA>(state, state.X, state.Y, state.R1, rounds, outcomes, progress)));
        var b = new Thread(() => Capture(ref failure, () => Loop<TSideB>(state, state.Y, state.X, state.R2, rounds, null, null)));
        a.IsBackground = b.IsBackground = true;
        var stopwatch = Stopwatch.StartNew();
        a.Start();
        b.Start();
        a.Join();
        b.Join();
        stopwatch.Stop();
        if (failure is not null)
        {
            throw new InvalidOperationException("litmus thread failed", failure);
        }

        return new StoreBufferResult(variant, rounds, outcomes, stopwatch.Elapsed);
    }

    private static void Capture(ref Exception? failure, Action body)
    {
        try
        {
            body();
        }
        catch (Exception exception)
        {
            Interlocked.CompareExchange(ref failure, exception, null);
        }
    }

    /// <summary>
    /// One thread's loop. <paramref name="outcomes"/> is non-null for thread A, which tallies each batch
    /// between two rendezvous (so thread B is neither reading nor writing the slots meanwhile).
    /// </summary>
    private static void Loop<TSide>(State state, int[] mine, int[] other, int[] results, long rounds, long[]? outcomes, Action<long>? progress)
        where TSide : struct, ISide
    {
        var side = default(TSide);
        long expected = 0;
        for (long done = 0; done < rounds;)
        {
            int batch = (int)Math.Min(BatchSize, rounds - done);
            for (int i = 0; i < batch; i++)
            {
                Meet(state, ref expected);
                results[i] = side.Run(ref mine[i], ref other[i]);
            }

            Meet(state, ref expected);
            if (outcomes is not null)
            {
                for (int i = 0; i < batch; i++)
                {
                    outcomes[(state.R1[i] << 1) | state.R2[i]]++;
                }

                Array.Clear(state.X, 0, batch);
                Array.Clear(state.Y, 0, batch);
                Array.Clear(state.R1, 0, batch);
                Array.Clear(state.R2, 0, batch);
            }

            done += batch;
            Meet(state, ref expected);
            progress?.Invoke(done);
        }
    }

    /// <summary>Both threads arrive (a full fence), then spin until the other has arrived too.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Meet(State state, ref long expected)
    {
        expected += 2;
        if (Interlocked.Increment(ref state.Arrivals.Value) == expected)
        {
            // Last to arrive: the other thread sees the count only a cache-line transfer later. Wait a
            // varying while so that in some rounds the two sides' stores and loads overlap.
            int delay = (int)((expected >> 1) % state.DelaySpread);
            for (int d = 0; d < delay; d++)
            {
                _ = Volatile.Read(ref state.Arrivals.Value);
            }

            return;
        }

        int spins = 0;
        while (Volatile.Read(ref state.Arrivals.Value) < expected)
        {
            // Busy spinning keeps the two threads within a cache-line transfer of each other; yield now and
            // then so that an oversubscribed machine still makes progress.
            if (++spins == 1 << 14)
            {
                spins = 0;
                Thread.Yield();
            }
        }
    }

    private sealed class State
    {
        public readonly int DelaySpread;

        public State(int delaySpread) => DelaySpread = delaySpread;

        public PaddedLong Arrivals;
        public readonly int[] X = new int[BatchSize];
        public readonly int[] Y = new int[BatchSize];
        public readonly int[] R1 = new int[BatchSize];
        public readonly int[] R2 = new int[BatchSize];
    }

    /// <summary>A counter alone on its cache line.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 192)]
    private struct PaddedLong
    {
        [FieldOffset(64)]
        public long Value;
    }

    /// <summary>One side of the test: store 1 to <c>mine</c>, then load <c>other</c>.</summary>
    private interface ISide
    {
        int Run(ref int mine, ref int other);
    }

    private struct VolatileSide : ISide
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Run(ref int mine, ref int other)
        {
            Volatile.Write(ref mine, 1);
            return Volatile.Read(ref other);
        }
    }

    private struct FenceSide : ISide
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Run(ref int mine, ref int other)
        {
            Volatile.Write(ref mine, 1);
            Interlocked.MemoryBarrier();
            return Volatile.Read(ref other);
        }
    }

    private struct LightSide : ISide
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Run(ref int mine, ref int other)
        {
            mine = 1;
            AsymmetricBarrier.Light();
            return other;
        }
    }

    private struct HeavySide : ISide
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Run(ref int mine, ref int other)
        {
            mine = 1;
            AsymmetricBarrier.Heavy();
            return other;
        }
    }
}
