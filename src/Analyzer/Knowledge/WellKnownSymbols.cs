using Microsoft.CodeAnalysis;

namespace Fencer.Analyzer.Knowledge;

/// <summary>The library types whose calls Fencer knows, resolved once per compilation.</summary>
internal sealed class WellKnownSymbols
{
    private WellKnownSymbols(Compilation compilation)
    {
        Volatile = Get(compilation, "System.Threading.Volatile");
        Interlocked = Get(compilation, "System.Threading.Interlocked");
        Thread = Get(compilation, "System.Threading.Thread");
        Monitor = Get(compilation, "System.Threading.Monitor");
        Lock = Get(compilation, "System.Threading.Lock");
        LockScope = Get(compilation, "System.Threading.Lock+Scope");
        SpinLock = Get(compilation, "System.Threading.SpinLock");
        ReaderWriterLockSlim = Get(compilation, "System.Threading.ReaderWriterLockSlim");
        ThreadPool = Get(compilation, "System.Threading.ThreadPool");
        Timer = Get(compilation, "System.Threading.Timer");
        ManualResetEventSlim = Get(compilation, "System.Threading.ManualResetEventSlim");
        SemaphoreSlim = Get(compilation, "System.Threading.SemaphoreSlim");
        CancellationTokenSource = Get(compilation, "System.Threading.CancellationTokenSource");
        CancellationToken = Get(compilation, "System.Threading.CancellationToken");
        Task = Get(compilation, "System.Threading.Tasks.Task");
        TaskOfT = Get(compilation, "System.Threading.Tasks.Task`1");
        TaskFactory = Get(compilation, "System.Threading.Tasks.TaskFactory");
        TaskFactoryOfT = Get(compilation, "System.Threading.Tasks.TaskFactory`1");
        Parallel = Get(compilation, "System.Threading.Tasks.Parallel");
        TaskCompletionSource = Get(compilation, "System.Threading.Tasks.TaskCompletionSource");
        TaskCompletionSourceOfT = Get(compilation, "System.Threading.Tasks.TaskCompletionSource`1");
        ConcurrentQueue = Get(compilation, "System.Collections.Concurrent.ConcurrentQueue`1");
        ConcurrentBag = Get(compilation, "System.Collections.Concurrent.ConcurrentBag`1");
        ConcurrentStack = Get(compilation, "System.Collections.Concurrent.ConcurrentStack`1");
        ConcurrentDictionary = Get(compilation, "System.Collections.Concurrent.ConcurrentDictionary`2");
        AsymmetricBarrier = Get(compilation, "Fencer.AsymmetricBarrier");
    }

    public INamedTypeSymbol? Volatile { get; }
    public INamedTypeSymbol? Interlocked { get; }
    public INamedTypeSymbol? Thread { get; }
    public INamedTypeSymbol? Monitor { get; }
    public INamedTypeSymbol? Lock { get; }
    public INamedTypeSymbol? LockScope { get; }
    public INamedTypeSymbol? SpinLock { get; }
    public INamedTypeSymbol? ReaderWriterLockSlim { get; }
    public INamedTypeSymbol? ThreadPool { get; }
    public INamedTypeSymbol? Timer { get; }
    public INamedTypeSymbol? ManualResetEventSlim { get; }
    public INamedTypeSymbol? SemaphoreSlim { get; }
    public INamedTypeSymbol? CancellationTokenSource { get; }
    public INamedTypeSymbol? CancellationToken { get; }
    public INamedTypeSymbol? Task { get; }
    public INamedTypeSymbol? TaskOfT { get; }
    public INamedTypeSymbol? TaskFactory { get; }
    public INamedTypeSymbol? TaskFactoryOfT { get; }
    public INamedTypeSymbol? Parallel { get; }
    public INamedTypeSymbol? TaskCompletionSource { get; }
    public INamedTypeSymbol? TaskCompletionSourceOfT { get; }
    public INamedTypeSymbol? ConcurrentQueue { get; }
    public INamedTypeSymbol? ConcurrentBag { get; }
    public INamedTypeSymbol? ConcurrentStack { get; }
    public INamedTypeSymbol? ConcurrentDictionary { get; }
    public INamedTypeSymbol? AsymmetricBarrier { get; }

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
