using System;
using System.Threading.Tasks;
using StoreBuffer;

var worker = new Worker();
var consumer = Task.Run(() =>
{
    for (var i = 0; i < 1000; i++)
    {
        worker.RunOnce();
    }
});
for (var i = 0; i < 1000; i++)
{
    worker.Post(i);
}

await consumer;
Console.WriteLine($"processed {worker.Processed} of 1000 posted items");
