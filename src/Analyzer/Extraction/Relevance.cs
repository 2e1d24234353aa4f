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

    public Relevance(Dictionary<MemoryLocation, HashSet<MemoryLocation>> partners)
    {
        _partners = partners;
        foreach (var firsts in partners.Values)
        {
            Pendable.UnionWith(firsts);
        }
    }

    /// <summary>Locations whose stores are worth keeping pending: the first location of some candidate pair.</summary>
    public HashSet<MemoryLocation> Pendable { get; } = new();

    /// <summary>The stored locations a later access of <paramref name="second"/> pairs with, or null for none.</summary>
    public HashSet<MemoryLocation>? Partners(MemoryLocation second) => _partners.TryGetValue(second, out var firsts) ? firsts : null;
}
