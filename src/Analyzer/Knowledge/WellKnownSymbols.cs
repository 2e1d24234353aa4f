using Microsoft.CodeAnalysis;

namespace Fencer.Analyzer.Knowledge;

/// <summary>
/// The library types whose calls Fencer knows, matched by name (docs/design.md §8, "Cost"): resolving them with
/// <c>GetTypeByMetadataName</c> searched every reference of every compilation, which cost more than the analysis of a
/// small library. A type of the same namespace and name declared in the compilation itself (a polyfill of
/// <c>System.Threading.Lock</c> for an older framework) is taken for the type it stands in for.
/// </summary>
internal sealed class WellKnownSymbols
{
    public static WellKnownSymbols Instance { get; } = new();

    private WellKnownSymbols()
    {
    }

    public KnownType Volatile { get; } = new("System.Threading.Volatile");

    public KnownType Interlocked { get; } = new("System.Threading.Interlocked");

    public KnownType Thread { get; } = new("System.Threading.Thread");

    public KnownType Monitor { get; } = new("System.Threading.Monitor");

    public KnownType Lock { get; } = new("System.Threading.Lock");

    public KnownType LockScope { get; } = new("System.Threading.Lock+Scope");

    public KnownType SpinLock { get; } = new("System.Threading.SpinLock");

    public KnownType ReaderWriterLockSlim { get; } = new("System.Threading.ReaderWriterLockSlim");

    public KnownType ThreadPool { get; } = new("System.Threading.ThreadPool");

    public KnownType Timer { get; } = new("System.Threading.Timer");

    public KnownType ManualResetEventSlim { get; } = new("System.Threading.ManualResetEventSlim");

    public KnownType TimeSpan { get; } = new("System.TimeSpan");

    public KnownType SemaphoreSlim { get; } = new("System.Threading.SemaphoreSlim");

    public KnownType CancellationTokenSource { get; } = new("System.Threading.CancellationTokenSource");

    public KnownType CancellationToken { get; } = new("System.Threading.CancellationToken");

    public KnownType Task { get; } = new("System.Threading.Tasks.Task");

    public KnownType TaskOfT { get; } = new("System.Threading.Tasks.Task`1");

    public KnownType TaskFactory { get; } = new("System.Threading.Tasks.TaskFactory");

    public KnownType TaskFactoryOfT { get; } = new("System.Threading.Tasks.TaskFactory`1");

    public KnownType Parallel { get; } = new("System.Threading.Tasks.Parallel");

    public KnownType TaskCompletionSource { get; } = new("System.Threading.Tasks.TaskCompletionSource");

    public KnownType TaskCompletionSourceOfT { get; } = new("System.Threading.Tasks.TaskCompletionSource`1");

    public KnownType ConcurrentQueue { get; } = new("System.Collections.Concurrent.ConcurrentQueue`1");

    public KnownType ConcurrentBag { get; } = new("System.Collections.Concurrent.ConcurrentBag`1");

    public KnownType ConcurrentStack { get; } = new("System.Collections.Concurrent.ConcurrentStack`1");

    public KnownType ConcurrentDictionary { get; } = new("System.Collections.Concurrent.ConcurrentDictionary`2");

    public KnownType AsymmetricBarrier { get; } = new("Fencer.AsymmetricBarrier");
}

/// <summary>A type named by its metadata name (<c>System.Threading.Tasks.Task`1</c>, <c>System.Threading.Lock+Scope</c>).</summary>
internal sealed class KnownType
{
    private readonly string[] _namespace;
    private readonly (string Name, int Arity)[] _types;

    public KnownType(string metadataName)
    {
        var types = metadataName.Split('+');
        var outer = types[0];
        var dot = outer.LastIndexOf('.');
        _namespace = dot < 0 ? System.Array.Empty<string>() : outer.Substring(0, dot).Split('.');
        types[0] = outer.Substring(dot + 1);
        _types = System.Array.ConvertAll(types, NameAndArity);
    }

    /// <summary>
    /// Whether <paramref name="type"/> (or its generic definition) is this type. Compared by name and arity: a generic
    /// type's <c>MetadataName</c> (<c>Task`1</c>) is a string Roslyn builds at every call, and this is asked of every
    /// field's and receiver's type.
    /// </summary>
    public bool Matches(ITypeSymbol? type)
    {
        var named = type?.OriginalDefinition as INamedTypeSymbol;
        for (var i = _types.Length - 1; i >= 0; i--)
        {
            if (named is null || named.Arity != _types[i].Arity || named.Name != _types[i].Name)
            {
                return false;
            }

            if (i > 0)
            {
                named = named.ContainingType;
            }
        }

        if (named!.ContainingType is not null)
        {
            return false;
        }

        var space = named.ContainingNamespace;
        for (var i = _namespace.Length - 1; i >= 0; i--)
        {
            if (space is null || space.IsGlobalNamespace || space.Name != _namespace[i])
            {
                return false;
            }

            space = space.ContainingNamespace;
        }

        return space is { IsGlobalNamespace: true };
    }

    /// <summary>A metadata name's type name and arity (<c>Task`1</c>: Task, 1).</summary>
    private static (string Name, int Arity) NameAndArity(string metadataName)
    {
        var tick = metadataName.IndexOf('`');
        return tick < 0 ? (metadataName, 0) : (metadataName.Substring(0, tick), int.Parse(metadataName.Substring(tick + 1), System.Globalization.CultureInfo.InvariantCulture));
    }
}
