using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

namespace Fencer.Runtime.Benchmarks;

/// <summary>
/// dotnet run -c Release --project bench/Fencer.Runtime.Benchmarks -- --filter '*'
/// The default job is short (1 launch, 3 warm-up and 15 measured iterations): minutes, not an hour.
/// Pass --job default (or any BenchmarkDotNet option) to override.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        var config = DefaultConfig.Instance
            .AddJob(Job.ShortRun.WithIterationCount(15).WithId("short").AsDefault())
            // The build machine is shared: other processes steal time from some iterations. The minimum is the
            // figure least disturbed by them; docs/runtime.md compares minima and medians.
            .AddColumn(StatisticColumn.Min, StatisticColumn.Median);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
