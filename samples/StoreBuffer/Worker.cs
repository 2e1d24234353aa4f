using System.Collections.Concurrent;
using System.Threading;

namespace StoreBuffer;

/// <summary>
/// A worker that goes idle when there is no work. Post() enqueues an item, raises the work flag, then checks
/// whether the worker is idle; the worker marks itself idle, then checks the work flag once more. Each side stores
/// one flag and loads the other: a store-buffer handshake. The worker fences between its store and its load; Post()
/// does not (a volatile store then a volatile load is release then acquire), so Post can miss the idle flag while
/// the worker misses the work flag, and the item waits forever.
/// </summary>
public sealed class Worker
{
    private readonly ConcurrentQueue<int> _queue = new();
    private volatile bool _idle;
    private int _workPosted;

    public void Post(int item)
    {
        _queue.Enqueue(item);
        Volatile.Write(ref _workPosted, 1);
        if (_idle)
        {
            Wake();
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

    public int Processed => Volatile.Read(ref _processed);

    private int _processed;

    private void Wake() => _idle = false;
}
