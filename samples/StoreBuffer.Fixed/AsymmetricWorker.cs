using System.Collections.Concurrent;
using System.Threading;
using Fencer;

namespace StoreBuffer.Fixed;

/// <summary>
/// The same worker fixed the asymmetric way. Post is the hot side: it only needs compiler ordering
/// (<see cref="AsymmetricBarrier.Light"/>, about the cost of an empty call). Going idle is the rare side:
/// it pays <see cref="AsymmetricBarrier.Heavy"/>, a process-wide barrier (Linux membarrier) that orders
/// every other thread's pending stores before its own load of the work flag.
/// </summary>
public sealed class AsymmetricWorker
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
        AsymmetricBarrier.Light();
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
        AsymmetricBarrier.Heavy();
        if (Interlocked.Exchange(ref _workPosted, 0) == 1)
        {
            _idle = false; // work arrived while going idle: stay awake
        }
    }
}
