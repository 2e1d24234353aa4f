using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Fencer;

// Two readers check that the pair (a, b) is never seen half-written while a writer updates it now and then.
var gate = new ReaderBiasedLock.ReaderBiasedLock(readers: 2);
long a = 0, b = 0, torn = 0, reads = 0;
var stop = false;
var clock = Stopwatch.StartNew();

var readers = new Task[2];
for (var r = 0; r < readers.Length; r++)
{
    var slot = r;
    readers[r] = Task.Run(() =>
    {
        while (!Volatile.Read(ref stop))
        {
            gate.EnterRead(slot);
            if (a != b)
            {
                Interlocked.Increment(ref torn);
            }

            gate.ExitRead(slot);
            Interlocked.Increment(ref reads);
        }
    });
}

for (var i = 0; i < 200; i++)
{
    gate.EnterWrite();
    a++;
    b++;
    gate.ExitWrite();
    Thread.Sleep(1);
}

Volatile.Write(ref stop, true);
await Task.WhenAll(readers);
Console.WriteLine($"{reads:N0} reads, 200 writes in {clock.ElapsedMilliseconds} ms, {torn} torn reads (barrier: {AsymmetricBarrier.Mechanism})");
return torn == 0 ? 0 : 1;
