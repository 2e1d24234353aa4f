using System;
using System.Threading;
using Fencer.Runtime.Benchmarks;
using Xunit;

namespace Fencer.Runtime.Tests;

/// <summary>The benchmark's reader-biased lock really excludes: a reader never sees a half-done write.</summary>
[Collection(StressCollection.Name)]
public sealed class ReaderBiasedLockTests
{
    private const int Writes = 3_000;

    [Fact]
    public void Asymmetric_ReadersNeverSeeAHalfDoneWrite() => AssertExclusion(new ReaderBiasedLock<AsymmetricFences>());

    [Fact]
    public void Symmetric_ReadersNeverSeeAHalfDoneWrite() => AssertExclusion(new ReaderBiasedLock<SymmetricFences>());

    private static void AssertExclusion<TFences>(ReaderBiasedLock<TFences> gate)
        where TFences : struct, IReaderWriterFences
    {
        var data = new Pair();
        int torn = 0;
        long reads = 0;
        bool done = false;
        Exception? failure = null;

        void Read()
        {
            try
            {
                var reader = gate.RegisterReader();
                while (!Volatile.Read(ref done))
                {
                    reader.Enter();
                    int first = data.First;
                    Thread.SpinWait(4);
                    int second = data.Second;
                    reader.Exit();
                    if (first != second)
                    {
                        Interlocked.Increment(ref torn);
                    }

                    Interlocked.Increment(ref reads);
                }
            }
            catch (Exception exception)
            {
                Interlocked.CompareExchange(ref failure, exception, null);
            }
        }

        var readers = new[] { new Thread(Read), new Thread(Read) };
        foreach (var thread in readers)
        {
            thread.Start();
        }

        // Both readers are in their loops before the first write.
        while (Interlocked.Read(ref reads) < 2 && Volatile.Read(ref failure) is null)
        {
            Thread.Yield();
        }

        for (int i = 1; i <= Writes; i++)
        {
            gate.EnterWrite();
            data.First = i;
            Thread.SpinWait(4);
            data.Second = i;
            gate.ExitWrite();
        }

        Volatile.Write(ref done, true);
        foreach (var thread in readers)
        {
            thread.Join();
        }

        Assert.Null(failure);
        Assert.Equal(0, torn);
        Assert.Equal(Writes, data.Second);
    }

    private sealed class Pair
    {
        public int First;
        public int Second;
    }
}
