using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace Fencer.Runtime.Benchmarks;

/// <summary>The two fences of a <see cref="ReaderBiasedLock{TFences}"/>: one between a reader's announcement and its check of the writer flag, one between the writer's flag and its check of the readers.</summary>
public interface IReaderWriterFences
{
    /// <summary>Hot side: executed by every read-lock entry.</summary>
    static abstract void ReaderFence();

    /// <summary>Rare side: executed by every write-lock entry.</summary>
    static abstract void WriterFence();
}

/// <summary>Asymmetric: <see cref="AsymmetricBarrier.Light"/> for readers, <see cref="AsymmetricBarrier.Heavy"/> for the writer.</summary>
public readonly struct AsymmetricFences : IReaderWriterFences
{
    public static void ReaderFence() => AsymmetricBarrier.Light();

    public static void WriterFence() => AsymmetricBarrier.Heavy();
}

/// <summary>Symmetric twin: a full fence on both sides.</summary>
public readonly struct SymmetricFences : IReaderWriterFences
{
    public static void ReaderFence() => Interlocked.MemoryBarrier();

    public static void WriterFence() => Interlocked.MemoryBarrier();
}

/// <summary>
/// A reader-biased reader/writer lock. Each reader thread registers once and gets its own
/// <see cref="Reader"/> (its "I am reading" flag alone on a cache line); entering the read lock is a store
/// to that flag, a fence, and a load of the writer flag. The writer raises the writer flag, fences, and waits
/// until no reader flag is set. That is a store-buffer handshake (Dekker): with a fence on both sides, either
/// the reader sees the writer flag and backs off, or the writer sees the reader flag and waits, never
/// neither. With <see cref="AsymmetricFences"/> the readers' fence is only a compiler barrier and the writer
/// pays a process-wide barrier instead.
/// </summary>
/// <typeparam name="TFences">Which fences the two sides use.</typeparam>
public sealed class ReaderBiasedLock<TFences>
    where TFences : struct, IReaderWriterFences
{
    /// <summary>Serializes writers and reader registration; readers that meet a writer wait on it.</summary>
    private readonly object _writerGate = new();

    private PaddedInt _writerActive;

    private Reader[] _readers = Array.Empty<Reader>();

    /// <summary>Registers a reader; call once per reading thread and keep the result.</summary>
    public Reader RegisterReader()
    {
        lock (_writerGate)
        {
            var reader = new Reader(this);
            var readers = new Reader[_readers.Length + 1];
            _readers.CopyTo(readers, 0);
            readers[^1] = reader;
            Volatile.Write(ref _readers, readers);
            return reader;
        }
    }

    /// <summary>Takes the write lock: excludes every reader and other writers. Costs a process-wide barrier with <see cref="AsymmetricFences"/>.</summary>
    public void EnterWrite()
    {
        Monitor.Enter(_writerGate);
        Volatile.Write(ref _writerActive.Value, 1);
        TFences.WriterFence();
        foreach (var reader in Volatile.Read(ref _readers))
        {
            var spinner = default(SpinWait);
            while (Volatile.Read(ref reader.Active.Value) != 0)
            {
                spinner.SpinOnce();
            }
        }
    }

    /// <summary>Releases the write lock.</summary>
    public void ExitWrite()
    {
        Volatile.Write(ref _writerActive.Value, 0);
        Monitor.Exit(_writerGate);
    }

    /// <summary>One reading thread's handle. Not thread-safe: one thread per handle.</summary>
    public sealed class Reader
    {
        private readonly ReaderBiasedLock<TFences> _lock;

        internal PaddedInt Active;

        internal Reader(ReaderBiasedLock<TFences> owner) => _lock = owner;

        /// <summary>Takes the read lock. Fast path (inlined): a store, <typeparamref name="TFences"/>'s reader fence, a load.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Enter()
        {
            Volatile.Write(ref Active.Value, 1);
            TFences.ReaderFence();
            if (Volatile.Read(ref _lock._writerActive.Value) != 0)
            {
                EnterSlow();
            }
        }

        /// <summary>A writer is in (or entering): step aside, wait for it to finish, and announce again.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void EnterSlow()
        {
            do
            {
                Volatile.Write(ref Active.Value, 0);
                lock (_lock._writerGate)
                {
                }

                Volatile.Write(ref Active.Value, 1);
                TFences.ReaderFence();
            }
            while (Volatile.Read(ref _lock._writerActive.Value) != 0);
        }

        /// <summary>Releases the read lock (a release store: the reads inside happen before the writer's).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Exit() => Volatile.Write(ref Active.Value, 0);
    }
}

/// <summary>An int alone on its cache line (readers' flags and the writer flag must not share lines).</summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
public struct PaddedInt
{
    [FieldOffset(64)]
    public int Value;
}
