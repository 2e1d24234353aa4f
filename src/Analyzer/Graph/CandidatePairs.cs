using System;
using System.Collections.Generic;
using Fencer.Analyzer.Extraction;
using Fencer.Analyzer.Model;

namespace Fencer.Analyzer.Graph;

/// <summary>
/// The candidate pairs of a type's bodies (docs/design.md §8, "Cost"): (x, y) is one when some body stores x and may
/// then access y, and some body stores y and accesses x, each counting what its callees in the type do. Locations are
/// numbered and every set is a bit set: across a class and its bases a family has hundreds of bodies and thousands of
/// locations, and the sets are united many times over.
/// </summary>
internal sealed class CandidatePairs
{
    private readonly Dictionary<MemoryLocation, int> _ids = new();
    private readonly List<MemoryLocation> _locations = new();
    private readonly Dictionary<Body, (List<int> Stored, List<int> Accessed)> _own = new();
    private Dictionary<Body, List<Body>>? _assigns;

    /// <summary>
    /// Records that <paramref name="body"/> assigns or increments a property one of whose accessors is
    /// <paramref name="accessor"/>: the accessor's own stores are written in the body.
    /// </summary>
    public void Assigns(Body body, Body accessor)
    {
        _assigns ??= new Dictionary<Body, List<Body>>();
        if (!_assigns.TryGetValue(body, out var accessors))
        {
            _assigns[body] = accessors = new List<Body>();
        }

        accessors.Add(accessor);
    }

    /// <summary>Records that <paramref name="body"/> itself accesses <paramref name="location"/> (stores it when <paramref name="stored"/>).</summary>
    public void Own(Body body, MemoryLocation location, bool stored)
    {
        if (!_own.TryGetValue(body, out var sets))
        {
            _own[body] = sets = (new List<int>(), new List<int>());
        }

        if (!_ids.TryGetValue(location, out var id))
        {
            _ids[location] = id = _locations.Count;
            _locations.Add(location);
        }

        sets.Accessed.Add(id);
        if (stored)
        {
            sets.Stored.Add(id);
        }
    }

    /// <summary>For each y, the x of the pairs (x, y).</summary>
    /// <param name="bodies">Every body of the type, also those that access nothing themselves.</param>
    /// <param name="callees">The bodies of the type a body calls.</param>
    /// <param name="calleeStores">
    /// Whether what a body's callees store counts as its stores (the audit level); else a body stores what it writes
    /// itself and what the accessors of the properties it assigns or increments write themselves (<see cref="Assigns"/>),
    /// and what its callees do counts only as its accesses.
    /// </param>
    public Dictionary<MemoryLocation, HashSet<MemoryLocation>> Find(IEnumerable<Body> bodies, Func<Body, IEnumerable<Body>> callees, bool calleeStores = true)
    {
        var words = (_locations.Count + 63) >> 6;

        // What a body does includes what its callees do: summed once per strongly connected component of the calls,
        // callees first, shared by the component's bodies. At the default level a callee's stores are only accesses to
        // its callers: each body's stores are its own (Written).
        var effective = new Dictionary<Body, (ulong[] Stored, ulong[] Accessed)>();
        foreach (var component in StronglyConnected.Components(bodies, callees))
        {
            var stored = calleeStores ? new ulong[words] : null;
            var accessed = new ulong[words];
            foreach (var body in component)
            {
                if (_own.TryGetValue(body, out var own))
                {
                    if (stored is not null)
                    {
                        own.Stored.ForEach(id => Set(stored, id));
                    }

                    own.Accessed.ForEach(id => Set(accessed, id));
                }

                foreach (var callee in callees(body))
                {
                    if (effective.TryGetValue(callee, out var reached))
                    {
                        if (stored is not null)
                        {
                            Or(stored, reached.Stored);
                        }

                        Or(accessed, reached.Accessed);
                    }
                }
            }

            foreach (var body in component)
            {
                effective[body] = (stored ?? Written(body, words), accessed);
            }
        }

        var storers = new List<ulong[]>?[_locations.Count];
        foreach (var sets in Distinct(effective.Values))
        {
            foreach (var id in Ones(sets.Stored))
            {
                (storers[id] ??= new List<ulong[]>()).Add(sets.Accessed);
            }
        }

        // For each y: what the storers of y access (made when y is first met), and the x some body stores and
        // accesses y with.
        var closing = new ulong[]?[_locations.Count];
        var firsts = new ulong[]?[_locations.Count];
        foreach (var sets in Distinct(effective.Values))
        {
            foreach (var y in Ones(sets.Accessed))
            {
                if (storers[y] is not { } storersOfY)
                {
                    continue;
                }

                if (closing[y] is not { } accessedByStorers)
                {
                    closing[y] = accessedByStorers = new ulong[words];
                    storersOfY.ForEach(accessed => Or(accessedByStorers, accessed));
                }

                var xs = firsts[y] ??= new ulong[words];
                for (var w = 0; w < words; w++)
                {
                    xs[w] |= sets.Stored[w] & accessedByStorers[w];
                }
            }
        }

        var partners = new Dictionary<MemoryLocation, HashSet<MemoryLocation>>();
        for (var y = 0; y < firsts.Length; y++)
        {
            if (firsts[y] is not { } xs)
            {
                continue;
            }

            var set = new HashSet<MemoryLocation>();
            foreach (var x in Ones(xs))
            {
                if (x != y)
                {
                    set.Add(_locations[x]);
                }
            }

            if (set.Count > 0)
            {
                partners[_locations[y]] = set;
            }
        }

        return partners;
    }

    /// <summary>What a body stores itself, and what the accessors of the properties it assigns or increments store themselves.</summary>
    private ulong[] Written(Body body, int words)
    {
        var stored = new ulong[words];
        if (_own.TryGetValue(body, out var own))
        {
            own.Stored.ForEach(id => Set(stored, id));
        }

        if (_assigns is not null && _assigns.TryGetValue(body, out var accessors))
        {
            foreach (var accessor in accessors)
            {
                if (_own.TryGetValue(accessor, out var written))
                {
                    written.Stored.ForEach(id => Set(stored, id));
                }
            }
        }

        return stored;
    }

    /// <summary>Each component's sets once (its bodies share them).</summary>
    private static IEnumerable<(ulong[] Stored, ulong[] Accessed)> Distinct(IEnumerable<(ulong[] Stored, ulong[] Accessed)> sets)
    {
        var seen = new HashSet<ulong[]>();
        foreach (var set in sets)
        {
            if (seen.Add(set.Stored))
            {
                yield return set;
            }
        }
    }

    private static void Set(ulong[] bits, int index) => bits[index >> 6] |= 1UL << (index & 63);

    private static void Or(ulong[] into, ulong[] from)
    {
        for (var w = 0; w < into.Length; w++)
        {
            into[w] |= from[w];
        }
    }

    private static IEnumerable<int> Ones(ulong[] bits)
    {
        for (var w = 0; w < bits.Length; w++)
        {
            for (var word = bits[w]; word != 0; word &= word - 1)
            {
                yield return (w << 6) + TrailingZeros(word);
            }
        }
    }

    /// <summary>The number of zero bits below the lowest one bit of a non-zero word (a de Bruijn sequence: netstandard2.0 has no BitOperations).</summary>
    private static int TrailingZeros(ulong word) => DeBruijnPositions[(int)(((word & (0UL - word)) * DeBruijn) >> 58)];

    private const ulong DeBruijn = 0x03f79d71b4cb0a89UL;

    private static readonly int[] DeBruijnPositions = Positions();

    private static int[] Positions()
    {
        var positions = new int[64];
        for (var i = 0; i < 64; i++)
        {
            positions[(int)(((1UL << i) * DeBruijn) >> 58)] = i;
        }

        return positions;
    }
}
