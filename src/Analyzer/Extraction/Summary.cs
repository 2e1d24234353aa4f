using System.Collections.Generic;
using Fencer.Analyzer.Model;

namespace Fencer.Analyzer.Extraction;

/// <summary>
/// What a callee means to its caller's dataflow: the accesses it makes with what protects each from the
/// callee's entry, what protects everything from entry to exit (whether it always fences), and the stores
/// it leaves pending at exit.
/// </summary>
internal sealed class Summary
{
    public Summary(IReadOnlyDictionary<Access, Guard> accesses, Guard atExit, IReadOnlyDictionary<PendingKey, Guard> pendingAtExit)
    {
        Accesses = accesses;
        AtExit = atExit;
        PendingAtExit = pendingAtExit;
    }

    /// <summary>Loads and stores the callee makes, each with the weakest protection from entry to it.</summary>
    public IReadOnlyDictionary<Access, Guard> Accesses { get; }

    /// <summary>The protection from entry to exit on every path: a callee that always fences orders its caller.</summary>
    public Guard AtExit { get; }

    public IReadOnlyDictionary<PendingKey, Guard> PendingAtExit { get; }
}
