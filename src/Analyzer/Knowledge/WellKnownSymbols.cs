using System;
using Microsoft.CodeAnalysis;

namespace Fencer.Analyzer.Knowledge;

/// <summary>The library types whose calls Fencer knows, resolved once per compilation.</summary>
internal sealed class WellKnownSymbols
{
    private readonly Compilation _compilation;

    private WellKnownSymbols(Compilation compilation)
    {
        // Resolved on first use: most compilations never ask for most of them (GetTypeByMetadataName searches every
        // reference the first time), and the gate turns most types away before any is needed.
        _compilation = compilation;
        _volatile = new Lazy<INamedTypeSymbol?>(() => Get(_compilation, "System.Threading.Volatile"));
        _interlocked = new Lazy<INamedTypeSymbol?>(() => Get(_compilation, "System.Threading.Interlocked"));
        _thread = new Lazy<INamedTypeSymbol?>(() => Get(_compilation, "System.Threading.Thread"));
        _monitor = new Lazy<INamedTypeSymbol?>(() => Get(_compilation, "System.Threading.Monitor"));
        _lock = new Lazy<INamedTypeSymbol?>(() => Get(_compilation, "System.Threading.Lock"));
        _lockScope = new Lazy<INamedTypeSymbol?>(() => Get(_compilation, "System.Threading.Lock+Scope"));
        _spinLock = new Lazy<INamedTypeSymbol?>(() => Get(_compilation, "System.Threading.SpinLock"));
        _readerWriterLockSlim = new Lazy<INamedTypeSymbol?>(() => Get(_compilation, "System.Threading.ReaderWriterLockSlim"));
        _threadPool = new Lazy<INamedTypeSymbol?>(() => Get(_compilation, "System.Threading.ThreadPool"));
        _timer = new Lazy<INamedTypeSymbol?>(() => Get(_compilation, "System.Threading.Timer"));
        _manualResetEventSlim = new Lazy<INamedTypeSymbol?>(() => Get(_compilation, "System.Threading.ManualResetEventSlim"));
        _semaphoreSlim = new Lazy<INamedTypeSymbol?>(() => Get(_compilation, "System.Threading.SemaphoreSlim"));
        _cancellationTokenSource = new Lazy<INamedTypeSymbol?>(() => Get(_compilation, "System.Threading.CancellationTokenSource"));
        _cancellationToken = new Lazy<INamedTypeSymbol?>(() => Get(_compilation, "System.Threading.CancellationToken"));
        _task = new Lazy<INamedTypeSymbol?>(() => Get(_compilation, "System.Threading.Tasks.Task"));
        _taskOfT = new Lazy<INamedTypeSymbol?>(() => Get(_compilation, "System.Threading.Tasks.Task`1"));
        _taskFactory = new Lazy<INamedTypeSymbol?>(() => Get(_compilation, "System.Threading.Tasks.TaskFactory"));
        _taskFactoryOfT = new Lazy<INamedTypeSymbol?>(() => Get(_compilation, "System.Threading.Tasks.TaskFactory`1"));
        _parallel = new Lazy<INamedTypeSymbol?>(() => Get(_compilation, "System.Threading.Tasks.Parallel"));
        _taskCompletionSource = new Lazy<INamedTypeSymbol?>(() => Get(_compilation, "System.Threading.Tasks.TaskCompletionSource"));
        _taskCompletionSourceOfT = new Lazy<INamedTypeSymbol?>(() => Get(_compilation, "System.Threading.Tasks.TaskCompletionSource`1"));
        _concurrentQueue = new Lazy<INamedTypeSymbol?>(() => Get(_compilation, "System.Collections.Concurrent.ConcurrentQueue`1"));
        _concurrentBag = new Lazy<INamedTypeSymbol?>(() => Get(_compilation, "System.Collections.Concurrent.ConcurrentBag`1"));
        _concurrentStack = new Lazy<INamedTypeSymbol?>(() => Get(_compilation, "System.Collections.Concurrent.ConcurrentStack`1"));
        _concurrentDictionary = new Lazy<INamedTypeSymbol?>(() => Get(_compilation, "System.Collections.Concurrent.ConcurrentDictionary`2"));
        _asymmetricBarrier = new Lazy<INamedTypeSymbol?>(() => Get(_compilation, "Fencer.AsymmetricBarrier"));
    }

    private readonly Lazy<INamedTypeSymbol?> _volatile;

    public INamedTypeSymbol? Volatile => _volatile.Value;

    private readonly Lazy<INamedTypeSymbol?> _interlocked;

    public INamedTypeSymbol? Interlocked => _interlocked.Value;

    private readonly Lazy<INamedTypeSymbol?> _thread;

    public INamedTypeSymbol? Thread => _thread.Value;

    private readonly Lazy<INamedTypeSymbol?> _monitor;

    public INamedTypeSymbol? Monitor => _monitor.Value;

    private readonly Lazy<INamedTypeSymbol?> _lock;

    public INamedTypeSymbol? Lock => _lock.Value;

    private readonly Lazy<INamedTypeSymbol?> _lockScope;

    public INamedTypeSymbol? LockScope => _lockScope.Value;

    private readonly Lazy<INamedTypeSymbol?> _spinLock;

    public INamedTypeSymbol? SpinLock => _spinLock.Value;

    private readonly Lazy<INamedTypeSymbol?> _readerWriterLockSlim;

    public INamedTypeSymbol? ReaderWriterLockSlim => _readerWriterLockSlim.Value;

    private readonly Lazy<INamedTypeSymbol?> _threadPool;

    public INamedTypeSymbol? ThreadPool => _threadPool.Value;

    private readonly Lazy<INamedTypeSymbol?> _timer;

    public INamedTypeSymbol? Timer => _timer.Value;

    private readonly Lazy<INamedTypeSymbol?> _manualResetEventSlim;

    public INamedTypeSymbol? ManualResetEventSlim => _manualResetEventSlim.Value;

    private readonly Lazy<INamedTypeSymbol?> _semaphoreSlim;

    public INamedTypeSymbol? SemaphoreSlim => _semaphoreSlim.Value;

    private readonly Lazy<INamedTypeSymbol?> _cancellationTokenSource;

    public INamedTypeSymbol? CancellationTokenSource => _cancellationTokenSource.Value;

    private readonly Lazy<INamedTypeSymbol?> _cancellationToken;

    public INamedTypeSymbol? CancellationToken => _cancellationToken.Value;

    private readonly Lazy<INamedTypeSymbol?> _task;

    public INamedTypeSymbol? Task => _task.Value;

    private readonly Lazy<INamedTypeSymbol?> _taskOfT;

    public INamedTypeSymbol? TaskOfT => _taskOfT.Value;

    private readonly Lazy<INamedTypeSymbol?> _taskFactory;

    public INamedTypeSymbol? TaskFactory => _taskFactory.Value;

    private readonly Lazy<INamedTypeSymbol?> _taskFactoryOfT;

    public INamedTypeSymbol? TaskFactoryOfT => _taskFactoryOfT.Value;

    private readonly Lazy<INamedTypeSymbol?> _parallel;

    public INamedTypeSymbol? Parallel => _parallel.Value;

    private readonly Lazy<INamedTypeSymbol?> _taskCompletionSource;

    public INamedTypeSymbol? TaskCompletionSource => _taskCompletionSource.Value;

    private readonly Lazy<INamedTypeSymbol?> _taskCompletionSourceOfT;

    public INamedTypeSymbol? TaskCompletionSourceOfT => _taskCompletionSourceOfT.Value;

    private readonly Lazy<INamedTypeSymbol?> _concurrentQueue;

    public INamedTypeSymbol? ConcurrentQueue => _concurrentQueue.Value;

    private readonly Lazy<INamedTypeSymbol?> _concurrentBag;

    public INamedTypeSymbol? ConcurrentBag => _concurrentBag.Value;

    private readonly Lazy<INamedTypeSymbol?> _concurrentStack;

    public INamedTypeSymbol? ConcurrentStack => _concurrentStack.Value;

    private readonly Lazy<INamedTypeSymbol?> _concurrentDictionary;

    public INamedTypeSymbol? ConcurrentDictionary => _concurrentDictionary.Value;

    private readonly Lazy<INamedTypeSymbol?> _asymmetricBarrier;

    public INamedTypeSymbol? AsymmetricBarrier => _asymmetricBarrier.Value;


    /// <summary>Resolves the types, or returns null when the compilation has none of the threading primitives at all.</summary>
    public static WellKnownSymbols? Create(Compilation compilation)
    {
        var symbols = new WellKnownSymbols(compilation);
        return symbols.Volatile is null && symbols.Interlocked is null && symbols.Thread is null && symbols.Monitor is null
            ? null
            : symbols;
    }

    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? wellKnown) =>
        type is not null && wellKnown is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, wellKnown);

    private static INamedTypeSymbol? Get(Compilation compilation, string metadataName) => compilation.GetTypeByMetadataName(metadataName);
}
