using System.Collections.Concurrent;
using System.Threading;

namespace StoreBuffer;

/// <summary>
/// A worker that goes idle when its queue is empty. Post() enqueues then checks whether the worker is idle;
/// the worker marks itself idle then checks the queue once more. Each side stores one thing and loads the
/// other: a store-buffer handshake. The worker fences between its store and its load; Post() does not, so
/// Post can miss the idle flag while the worker misses the item, and the item waits forever.
/// </summary>
public sealed class Worker
{
    private readonly ConcurrentQueue<int> _queue = new();
    private volatile bool _idle;
    private int _processed;

    public int Processed => Volatile.Read(ref _processed);

    public void Post(int item)
    {
        _queue.Enqueue(item);
        if (_idle)
        {
            Wake();
        }
    }

    public void RunOnce()
    {
        _idle = true;
        Interlocked.MemoryBarrier();
        if (_queue.TryDequeue(out _))
        {
            _idle = false;
            Interlocked.Increment(ref _processed);
        }
    }

    private void Wake() => _idle = false;
}
