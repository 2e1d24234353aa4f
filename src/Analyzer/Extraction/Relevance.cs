using System.Collections.Generic;
using Fencer.Analyzer.Model;

namespace Fencer.Analyzer.Extraction;

/// <summary>
/// The location pairs that can take part in a cycle of the analyzed type, found cheaply before any dataflow runs
/// (docs/design.md, "Cost"): a half (store x, then an access of y) can close a cycle only if some body stores y
/// and accesses x. Only stores of such an x are kept pending, and only accesses of such a y pair with them.
/// </summary>
internal sealed class Relevance
{
    private readonly Dictionary<MemoryLocation, HashSet<MemoryLocation>> _partners;

    private readonly bool _everyStore;

    public Relevance(Dictionary<MemoryLocation, HashSet<MemoryLocation>> partners)
    {
        _partners = partners;
        foreach (var firsts in partners.Values)
        {
            Pendable.UnionWith(firsts);
        }
    }

    private Relevance()
    {
        _partners = new Dictionary<MemoryLocation, HashSet<MemoryLocation>>();
        _everyStore = true;
    }

    /// <summary>
    /// For the summary of a method of another type (<see cref="CalleeSummaries"/>): no pair is known there, and every
    /// store may be one a caller's pair starts with, so every store stays pending; nothing pairs inside.
    /// </summary>
    public static Relevance EveryStore() => new();

    /// <summary>Locations whose stores are worth keeping pending: the first location of some candidate pair.</summary>
    private HashSet<MemoryLocation> Pendable { get; } = new();

    /// <summary>Whether no store stays pending: no location pair is used both ways round.</summary>
    public bool PendsNothing => !_everyStore && Pendable.Count == 0;

    /// <summary>Whether a store of <paramref name="location"/> stays pending.</summary>
    public bool IsPendable(MemoryLocation location) => _everyStore || Pendable.Contains(location);

    /// <summary>The stored locations a later access of <paramref name="second"/> pairs with, or null for none.</summary>
    public HashSet<MemoryLocation>? Partners(MemoryLocation second) => _partners.TryGetValue(second, out var firsts) ? firsts : null;
}
