using System.Threading;
using Fencer;

namespace ReaderBiasedLock;

/// <summary>
/// A reader-biased reader/writer lock for data read constantly and written rarely. Each reader owns a
/// slot; entering the read lock stores 1 to the slot and then loads the writer flag. The writer stores the
/// flag and then loads every slot. That is a store-buffer handshake, made asymmetric: readers (hot) need
/// only <see cref="AsymmetricBarrier.Light"/>, the writer (rare) pays <see cref="AsymmetricBarrier.Heavy"/>.
/// Either the reader sees the writer and steps aside, or the writer sees the reader and waits — never neither.
/// </summary>
public sealed class ReaderBiasedLock
{
    private readonly int[] _slots;
    private readonly object _writers = new();
    private int _writing;

    public ReaderBiasedLock(int readers) => _slots = new int[readers];

    /// <summary>Takes the read lock for reader <paramref name="slot"/> (one thread per slot).</summary>
    public void EnterRead(int slot)
    {
        while (true)
        {
            Volatile.Write(ref _slots[slot], 1);
            AsymmetricBarrier.Light();
            if (Volatile.Read(ref _writing) == 0)
            {
                return;
            }

            // A writer is in or entering: step aside until it leaves.
            Volatile.Write(ref _slots[slot], 0);
            SpinWait.SpinUntil(() => Volatile.Read(ref _writing) == 0);
        }
    }

    public void ExitRead(int slot) => Volatile.Write(ref _slots[slot], 0);

    /// <summary>Takes the write lock: waits until no reader is inside. Costs a process-wide barrier.</summary>
    public void EnterWrite()
    {
        Monitor.Enter(_writers);
        Volatile.Write(ref _writing, 1);
        AsymmetricBarrier.Heavy();
        for (var i = 0; i < _slots.Length; i++)
        {
            SpinWait.SpinUntil(() => Volatile.Read(ref _slots[i]) == 0);
        }
    }

    public void ExitWrite()
    {
        Volatile.Write(ref _writing, 0);
        Monitor.Exit(_writers);
    }
}
