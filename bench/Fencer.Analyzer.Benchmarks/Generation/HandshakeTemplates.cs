using System.Collections.Generic;

namespace Fencer.Analyzer.Benchmarks.Generation;

/// <summary>
/// Types with cross-thread handshakes of the kinds Fencer looks at, each with the diagnostics docs/design.md says
/// it must get (not what the analyzer happens to report today): the benchmark's sanity check.
/// </summary>
internal static class HandshakeTemplates
{
    /// <summary>The kinds, each with its relative weight among the concurrent types and its expected diagnostics.</summary>
    public static IReadOnlyList<TypeTemplate> All { get; } = new[]
    {
        // Store-buffer handshake, full fence on the slow side only: FEN001 at the fast side.
        new TypeTemplate("sb-one-sided", 3, OneSided, new Expected(Fen001: 1)),
        // Both sides fenced: nothing.
        new TypeTemplate("sb-fenced", 3, FullyFenced, default),
        // Volatile fields only on both sides: FEN002 at each side.
        new TypeTemplate("sb-volatile-only", 2, VolatileOnly, new Expected(Fen002: 2)),
        // Process-wide barrier on the rare side, AsymmetricBarrier.Light on the hot side: nothing.
        new TypeTemplate("sb-asymmetric", 2, Asymmetric, default),
        // Process-wide barrier on the rare side, plain accesses on the hot side: FEN003 at the hot side.
        new TypeTemplate("sb-asymmetric-plain-hot", 1, AsymmetricPlainHot, new Expected(Fen003: 1)),
        // Both sides under the same lock: nothing.
        new TypeTemplate("lock-both-sides", 2, LockBothSides, default),
        // Lock on one side only, fence on the other: the lock side gets FEN001.
        new TypeTemplate("lock-one-side", 2, LockOneSide, new Expected(Fen001: 1)),
        // Concurrent queue + idle flag, the worker not fenced: the enqueue's CAS fences the producer, FEN001 at the worker.
        new TypeTemplate("queue-idle-flag", 2, QueueIdleFlag, new Expected(Fen001: 1)),
        // Concurrent queue + idle flag with a fence after setting the flag: nothing.
        new TypeTemplate("queue-idle-flag-fenced", 2, QueueIdleFlagFenced, default),
        // Sharing evidence but no handshake: an Interlocked counter, a locked cache.
        new TypeTemplate("interlocked-counter", 4, InterlockedCounter, default),
        new TypeTemplate("locked-cache", 4, LockedCache, default),
    };

    private static void OneSided(SourceWriter w, string name)
    {
        w.Open($"public sealed class {name}");
        w.Line("private int _fastWants;");
        w.Line("private int _slowWants;");
        w.Line("private int _entered;");
        w.Blank();
        w.Open("public bool TryEnterFast()");
        w.Line("Volatile.Write(ref _fastWants, 1);");
        w.Open("if (Volatile.Read(ref _slowWants) == 0)");
        w.Line("_entered++;");
        w.Line("return true;");
        w.Close();
        w.Line("Volatile.Write(ref _fastWants, 0);");
        w.Line("return false;");
        w.Close();
        w.Blank();
        w.Open("public bool TryEnterSlow()");
        w.Line("Volatile.Write(ref _slowWants, 1);");
        w.Line("Interlocked.MemoryBarrier();");
        w.Open("if (Volatile.Read(ref _fastWants) == 0)");
        w.Line("return true;");
        w.Close();
        w.Line("Volatile.Write(ref _slowWants, 0);");
        w.Line("return false;");
        w.Close();
        w.Blank();
        w.Line("public int Entered => _entered;");
        w.Close();
    }

    private static void FullyFenced(SourceWriter w, string name)
    {
        w.Open($"public sealed class {name}");
        w.Line("private int _left;");
        w.Line("private int _right;");
        w.Blank();
        foreach (var (mine, theirs, method) in new[] { ("_left", "_right", "EnterLeft"), ("_right", "_left", "EnterRight") })
        {
            w.Open($"public bool {method}()");
            w.Line($"Volatile.Write(ref {mine}, 1);");
            w.Line("Interlocked.MemoryBarrier();");
            w.Line($"var other = Volatile.Read(ref {theirs});");
            w.Open("if (other != 0)");
            w.Line($"Volatile.Write(ref {mine}, 0);");
            w.Line("return false;");
            w.Close();
            w.Line("return true;");
            w.Close();
            w.Blank();
        }

        w.Close();
    }

    private static void VolatileOnly(SourceWriter w, string name)
    {
        w.Open($"public sealed class {name}");
        w.Line("private volatile bool _producerWaiting;");
        w.Line("private volatile bool _consumerWaiting;");
        w.Line("private int _rounds;");
        w.Blank();
        w.Open("public bool ProducerMayProceed()");
        w.Line("_producerWaiting = true;");
        w.Line("return !_consumerWaiting;");
        w.Close();
        w.Blank();
        w.Open("public bool ConsumerMayProceed()");
        w.Line("_consumerWaiting = true;");
        w.Line("_rounds++;");
        w.Line("return !_producerWaiting;");
        w.Close();
        w.Blank();
        w.Line("public int Rounds => _rounds;");
        w.Close();
    }

    private static void Asymmetric(SourceWriter w, string name)
    {
        w.Open($"public sealed class {name}");
        w.Line("private int _inUse;");
        w.Line("private int _retired;");
        w.Blank();
        w.Open("public bool TryUse()");
        w.Line("_inUse = 1;");
        w.Line("Fencer.AsymmetricBarrier.Light();");
        w.Open("if (_retired != 0)");
        w.Line("_inUse = 0;");
        w.Line("return false;");
        w.Close();
        w.Line("return true;");
        w.Close();
        w.Blank();
        w.Open("public bool Retire()");
        w.Line("_retired = 1;");
        w.Line("Fencer.AsymmetricBarrier.Heavy();");
        w.Line("return _inUse == 0;");
        w.Close();
        w.Close();
    }

    private static void AsymmetricPlainHot(SourceWriter w, string name)
    {
        w.Open($"public sealed class {name}");
        w.Line("private int _reading;");
        w.Line("private int _resizing;");
        w.Blank();
        w.Open("public bool BeginRead()");
        w.Line("_reading = 1;");
        w.Line("return _resizing == 0;");
        w.Close();
        w.Blank();
        w.Open("public bool BeginResize()");
        w.Line("_resizing = 1;");
        w.Line("Interlocked.MemoryBarrierProcessWide();");
        w.Line("return _reading == 0;");
        w.Close();
        w.Close();
    }

    private static void LockBothSides(SourceWriter w, string name)
    {
        w.Open($"public sealed class {name}");
        w.Line("private readonly object _gate = new object();");
        w.Line("private int _a;");
        w.Line("private int _b;");
        w.Blank();
        foreach (var (mine, theirs, method) in new[] { ("_a", "_b", "First"), ("_b", "_a", "Second") })
        {
            w.Open($"public bool {method}()");
            w.Open("lock (_gate)");
            w.Line($"{mine} = 1;");
            w.Line($"return {theirs} == 0;");
            w.Close();
            w.Close();
            w.Blank();
        }

        w.Close();
    }

    private static void LockOneSide(SourceWriter w, string name)
    {
        w.Open($"public sealed class {name}");
        w.Line("private readonly object _gate = new object();");
        w.Line("private int _pending;");
        w.Line("private int _stopping;");
        w.Blank();
        w.Open("public bool Submit()");
        w.Open("lock (_gate)");
        w.Line("_pending = 1;");
        w.Close();
        w.Line("return Volatile.Read(ref _stopping) == 0;");
        w.Close();
        w.Blank();
        w.Open("public bool Stop()");
        w.Line("Volatile.Write(ref _stopping, 1);");
        w.Line("Interlocked.MemoryBarrier();");
        w.Line("return Volatile.Read(ref _pending) == 0;");
        w.Close();
        w.Close();
    }

    private static void QueueIdleFlag(SourceWriter w, string name) => QueueWorker(w, name, fenced: false);

    private static void QueueIdleFlagFenced(SourceWriter w, string name) => QueueWorker(w, name, fenced: true);

    private static void QueueWorker(SourceWriter w, string name, bool fenced)
    {
        w.Open($"public sealed class {name}");
        w.Line("private readonly ConcurrentQueue<string> _queue = new ConcurrentQueue<string>();");
        w.Line("private volatile bool _idle;");
        w.Line("private int _wakeups;");
        w.Line("private int _processed;");
        w.Blank();
        w.Open("public void Post(string item)");
        w.Line("_queue.Enqueue(item);");
        if (fenced)
        {
            w.Line("Interlocked.MemoryBarrier();");
        }

        w.Open("if (_idle)");
        w.Line("Wake();");
        w.Close();
        w.Close();
        w.Blank();
        w.Open("public bool RunOnce()");
        w.Open("while (_queue.TryDequeue(out var item))");
        w.Line("_processed += item.Length;");
        w.Close();
        w.Line("_idle = true;");
        if (fenced)
        {
            w.Line("Interlocked.MemoryBarrier();");
        }

        w.Open("if (!_queue.IsEmpty)");
        w.Line("_idle = false;");
        w.Line("return true;");
        w.Close();
        w.Line("return false;");
        w.Close();
        w.Blank();
        w.Line("private void Wake() => _wakeups++;");
        w.Blank();
        w.Line("public int Processed => _processed + _wakeups;");
        w.Close();
    }

    private static void InterlockedCounter(SourceWriter w, string name)
    {
        w.Open($"public sealed class {name}");
        w.Line("private long _hits;");
        w.Line("private long _misses;");
        w.Blank();
        w.Line("public void Hit() => Interlocked.Increment(ref _hits);");
        w.Blank();
        w.Line("public void Miss() => Interlocked.Increment(ref _misses);");
        w.Blank();
        w.Open("public double HitRatio()");
        w.Line("var hits = Interlocked.Read(ref _hits);");
        w.Line("var total = hits + Interlocked.Read(ref _misses);");
        w.Line("return total == 0 ? 0 : (double)hits / total;");
        w.Close();
        w.Close();
    }

    private static void LockedCache(SourceWriter w, string name)
    {
        w.Open($"public sealed class {name}");
        w.Line("private readonly object _sync = new object();");
        w.Line("private readonly Dictionary<string, int> _values = new Dictionary<string, int>(StringComparer.Ordinal);");
        w.Blank();
        w.Open("public int GetOrAdd(string key, Func<string, int> factory)");
        w.Open("lock (_sync)");
        w.Open("if (!_values.TryGetValue(key, out var value))");
        w.Line("value = factory(key);");
        w.Line("_values[key] = value;");
        w.Close();
        w.Line("return value;");
        w.Close();
        w.Close();
        w.Blank();
        w.Open("public void Clear()");
        w.Open("lock (_sync)");
        w.Line("_values.Clear();");
        w.Close();
        w.Close();
        w.Close();
    }
}
