using System;
using System.Threading;
using System.Threading.Tasks;
using Fencer;
using StoreBuffer.Fixed;

const int Items = 10_000;

var fenced = new FencedWorker();
await Drive(fenced.Post, fenced.RunOnce, () => fenced.Processed);
Console.WriteLine($"fenced worker:     processed {fenced.Processed} of {Items}, {fenced.WakeUps} wake-ups");

var asymmetric = new AsymmetricWorker();
await Drive(asymmetric.Post, asymmetric.RunOnce, () => asymmetric.Processed);
Console.WriteLine($"asymmetric worker: processed {asymmetric.Processed} of {Items}, {asymmetric.WakeUps} wake-ups (barrier: {AsymmetricBarrier.Mechanism})");

static async Task Drive(Action<int> post, Action runOnce, Func<int> processed)
{
    using var stop = new CancellationTokenSource();
    var consumer = Task.Run(() =>
    {
        while (!stop.IsCancellationRequested || processed() < Items)
        {
            runOnce();
        }
    });

    for (var i = 0; i < Items; i++)
    {
        post(i);
    }

    stop.Cancel();
    await consumer;
}
