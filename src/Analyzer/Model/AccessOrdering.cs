namespace Fencer.Analyzer.Model;

/// <summary>Whether an access reads or writes its location.</summary>
internal enum AccessKind
{
    Load,
    Store,
}

/// <summary>The ordering semantics an access carries on its own (the rows and columns of <see cref="OrderingTable"/>).</summary>
internal enum AccessOrdering
{
    /// <summary>A plain field access: no ordering at all.</summary>
    Plain,

    /// <summary><c>Volatile.Read</c>, a volatile field load, <c>Thread.VolatileRead</c>, a lock entry.</summary>
    Acquire,

    /// <summary><c>Volatile.Write</c>, a volatile field store, <c>Thread.VolatileWrite</c>, a lock exit.</summary>
    Release,

    /// <summary>An <c>Interlocked</c> read-modify-write: a full fence around the access.</summary>
    ReadModifyWrite,
}
