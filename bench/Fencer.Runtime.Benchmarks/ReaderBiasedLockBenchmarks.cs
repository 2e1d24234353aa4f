using BenchmarkDotNet.Attributes;

namespace Fencer.Runtime.Benchmarks;

/// <summary>
/// Hot-path throughput of <see cref="ReaderBiasedLock{TFences}"/>: enter the read lock, read the protected
/// value, leave, with no writer around (the case a reader-biased lock is built for). Asymmetric (Light on
/// the reader, Heavy on the writer) against its symmetric twin (a full fence on both sides).
/// Goal: the asymmetric hot path at least 5x faster.
/// </summary>
public class ReaderBiasedLockBenchmarks
{
    private const int Operations = 1024;

    private readonly ReaderBiasedLock<AsymmetricFences> _asymmetric = new();
    private readonly ReaderBiasedLock<SymmetricFences> _symmetric = new();
    private ReaderBiasedLock<AsymmetricFences>.Reader _asymmetricReader = null!;
    private ReaderBiasedLock<SymmetricFences>.Reader _symmetricReader = null!;
    private int _protected = 42;

    [GlobalSetup]
    public void Setup()
    {
        _asymmetricReader = _asymmetric.RegisterReader();
        _symmetricReader = _symmetric.RegisterReader();

        // One write each, so the write path is compiled and the barrier initialized.
        _asymmetric.EnterWrite();
        _protected++;
        _asymmetric.ExitWrite();
        _symmetric.EnterWrite();
        _protected++;
        _symmetric.ExitWrite();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Operations, Description = "symmetric read lock (full fence)")]
    public int Symmetric()
    {
        var reader = _symmetricReader;
        int sum = 0;
        for (int i = 0; i < Operations; i++)
        {
            reader.Enter();
            sum += _protected;
            reader.Exit();
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Operations, Description = "asymmetric read lock (Light)")]
    public int Asymmetric()
    {
        var reader = _asymmetricReader;
        int sum = 0;
        for (int i = 0; i < Operations; i++)
        {
            reader.Enter();
            sum += _protected;
            reader.Exit();
        }

        return sum;
    }
}
