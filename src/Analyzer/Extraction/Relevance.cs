using System.Collections.Generic;
using Fencer.Analyzer.Model;

namespace Fencer.Analyzer.Extraction;

/// <summary>
/// Locations that can take part in a cycle of the analyzed type. A half's store must be read by the other side
/// (SB, and the store-store side of R) or overwritten by it (the store-load side of R); its second access must
/// be a location the other side stores.
/// </summary>
internal sealed class Relevance
{
    public Relevance(HashSet<MemoryLocation> pendable, HashSet<MemoryLocation> stored)
    {
        Pendable = pendable;
        Stored = stored;
    }

    /// <summary>Locations loaded somewhere, or stored in more than one place: worth keeping pending.</summary>
    public HashSet<MemoryLocation> Pendable { get; }

    /// <summary>Locations stored somewhere: worth pairing a pending store with.</summary>
    public HashSet<MemoryLocation> Stored { get; }
}
