using System.Collections.Concurrent;
using System.Threading;

namespace StoreBuffer.Fixed;

/// <summary>
/// The worker of samples/StoreBuffer fixed the symmetric way: a full fence between the store and the load
/// on both sides, so either Post sees the worker idle and wakes it, or the worker sees the work flag.
/// </summary>
public sealed class FencedWorker
{
    private readonly ConcurrentQueue<int> _queue = new();
    private volatile bool _idle;
    private int _workPosted;
    private int _processed;
    private int _wakeUps;

    public int Processed => Volatile.Read(ref _processed);

    public int WakeUps => Volatile.Read(ref _wakeUps);

    public void Post(int item)
    {
        _queue.Enqueue(item);
        Volatile.Write(ref _workPosted, 1);
        Interlocked.MemoryBarrier();
        if (_idle)
        {
            Interlocked.Increment(ref _wakeUps);
        }
    }

    public void RunOnce()
    {
        while (_queue.TryDequeue(out _))
        {
            Interlocked.Increment(ref _processed);
        }

        _idle = true;
        Interlocked.MemoryBarrier();
        if (Interlocked.Exchange(ref _workPosted, 0) == 1)
        {
            _idle = false; // work arrived while going idle: stay awake
        }
    }
}
