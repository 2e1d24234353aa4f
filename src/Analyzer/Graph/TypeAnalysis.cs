using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Fencer.Analyzer.Extraction;
using Fencer.Analyzer.Model;

namespace Fencer.Analyzer.Graph;

/// <summary>
/// The cross-thread graph of one type: its bodies, the halves of each, which bodies may run concurrently,
/// and the store-buffer (SB) and R cycles among them with their verdicts.
/// </summary>
internal sealed class TypeAnalysis
{
    /// <summary>How deep calls into the same type are followed. Handshakes sit in small helpers a level or two down; deeper chains cost more than they find.</summary>
    private const int MaxCallDepth = 3;

    private readonly List<Body> _bodies = new();
    private readonly Dictionary<IMethodSymbol, Body> _bySymbol = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<Body, (IReadOnlyCollection<Half> Halves, Summary Summary)> _results = new();
    private readonly HashSet<Body> _inProgress = new();
    private readonly HashSet<MemoryLocation> _marked = new();
    private readonly HashSet<IMethodSymbol> _started = new(SymbolEqualityComparer.Default);
    private readonly Relevance _relevance;

    private TypeAnalysis(IEnumerable<Body> roots)
    {
        foreach (var root in roots)
        {
            Add(root);
        }

        _relevance = Index();
    }

    /// <summary>Finds the sides that need a change among <paramref name="roots"/>, the bodies of one type.</summary>
    public static IReadOnlyList<HandshakeFinding> Find(IEnumerable<Body> roots, CancellationToken cancellationToken) =>
        new TypeAnalysis(roots).Search(cancellationToken);

    private void Add(Body body)
    {
        _bodies.Add(body);
        _bySymbol[body.Symbol.OriginalDefinition] = body;
        _started.UnionWith(body.Starts);
        foreach (var nested in body.Nested)
        {
            Add(nested);
        }
    }

    /// <summary>Which locations are stored and loaded where, and which carry evidence of sharing (<see cref="_marked"/>).</summary>
    private Relevance Index()
    {
        var pendable = new HashSet<MemoryLocation>();
        var stored = new HashSet<MemoryLocation>();
        foreach (var step in _bodies.SelectMany(b => b.AllSteps()))
        {
            if (step.Access is not { } access)
            {
                continue;
            }

            if (access.Kind == AccessKind.Load || !stored.Add(access.Location))
            {
                pendable.Add(access.Location);
            }

            if (access.Ordering != AccessOrdering.Plain || access.Location.Kind is MemoryLocationKind.Contents or MemoryLocationKind.State)
            {
                _marked.Add(access.Location);
            }
        }

        return new Relevance(pendable, stored);
    }

    private (IReadOnlyCollection<Half> Halves, Summary Summary)? Result(Body body, int depth)
    {
        if (_results.TryGetValue(body, out var done))
        {
            return done;
        }

        if (depth > MaxCallDepth || !_inProgress.Add(body))
        {
            return null; // too deep, or recursive: the call is treated as unknown
        }

        var result = PendingStoreAnalysis.Run(body, _relevance, callee =>
            _bySymbol.TryGetValue(callee.OriginalDefinition, out var target) ? Result(target, depth + 1)?.Summary : null);
        _inProgress.Remove(body);
        _results[body] = result;
        return result;
    }

    private IReadOnlyList<HandshakeFinding> Search(CancellationToken cancellationToken)
    {
        var sides = new List<(Body Body, Half Half)>();
        foreach (var body in _bodies)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Result(body, 0) is { } result && CanBeSide(body))
            {
                sides.AddRange(result.Halves.Select(h => (body, h)));
            }
        }

        // Index by (first location, second location): a cycle pairs x -> y with y -> x. The search is
        // linear in the halves times the partners of each, and partners exist only for the few location
        // pairs a type really uses in both directions.
        var byLocations = sides.ToLookup(s => (s.Half.First.Location, s.Half.Second.Location));
        // One diagnostic per side: (body, store, later location), with the worst verdict among its partners
        // (the other side may have several paths, fenced on some and not on others).
        var findings = new Dictionary<(Body, SyntaxNode, MemoryLocation), HandshakeFinding>();
        foreach (var (body, half) in sides.OrderBy(s => Position(s.Half.FirstAnchor)).ThenBy(s => Position(s.Half.SecondAnchor)))
        {
            foreach (var (otherBody, other) in byLocations[(half.Second.Location, half.First.Location)])
            {
                // SB (load, load) and R (store, load in either order); two store-store halves are 2+2W, not these rules.
                if (!half.IsStoreLoad && !other.IsStoreLoad)
                {
                    continue;
                }

                if (half.Locks.Overlaps(other.Locks) || !MayRunConcurrently(body, otherBody, half, other))
                {
                    continue;
                }

                var verdict = OrderingTable.Judge(half.Protection, other.Protection);
                if (!OrderingTable.NeedsChange(verdict, half.Protection))
                {
                    continue;
                }

                var key = (body, half.FirstAnchor, half.Second.Location);
                if (!findings.TryGetValue(key, out var previous) || Severity(verdict) > Severity(previous.Verdict))
                {
                    findings[key] = new HandshakeFinding(body, half, otherBody, other, verdict);
                }
            }
        }

        return findings.Values.ToList();
    }

    /// <summary>Which verdict wins when one side has several partners: no fence anywhere, then one-sided, then the hot-side case.</summary>
    private static int Severity(HandshakeVerdict verdict) => verdict switch
    {
        HandshakeVerdict.Unfenced => 3,
        HandshakeVerdict.OneSided => 2,
        HandshakeVerdict.FastSideUnordered => 1,
        _ => 0,
    };

    /// <summary>
    /// Explicitly started bodies run concurrently with each other and with their starter. Otherwise the
    /// handshake itself must carry evidence that its two locations are shared between threads: both are
    /// accessed with volatile, Volatile, Interlocked or a concurrent API somewhere in the type, or one of
    /// the two halves is ordered on purpose (an explicit barrier call between its accesses, or a
    /// read-modify-write on one of them). Evidence elsewhere in the body (an await, an unrelated counter)
    /// says nothing about these two locations: measured on real low-lock code, it was what made most
    /// reports wrong.
    /// <para>
    /// A body paired with itself (two threads running the same member) and the R shape (one side stores
    /// twice) need the strongest evidence, an explicit barrier call in one half (the R shape also needs both
    /// locations shared): on real code they were otherwise threads of their own (a read loop, a snapshot
    /// taken by one collector) or status fields whose lost update is harmless, never a real handshake.
    /// </para>
    /// </summary>
    private bool MayRunConcurrently(Body a, Body b, Half half, Half other)
    {
        var aStarted = _started.Contains(a.Symbol.OriginalDefinition);
        var bStarted = _started.Contains(b.Symbol.OriginalDefinition);
        if (a != b && ((aStarted && bStarted) || a.Starts.Contains(b.Symbol) || b.Starts.Contains(a.Symbol)))
        {
            return true;
        }

        var explicitBarrier = half.ExplicitBarrier || other.ExplicitBarrier;
        var shared = _marked.Contains(half.First.Location) && _marked.Contains(half.Second.Location);
        var isStoreBuffer = half.IsStoreLoad && other.IsStoreLoad;
        if (!isStoreBuffer)
        {
            return explicitBarrier && shared; // R
        }

        return a == b ? explicitBarrier : shared || half.Deliberate || other.Deliberate;
    }

    /// <summary>Constructors run before the object is shared, finalizers after it is unreachable: never a side of a handshake.</summary>
    private static bool CanBeSide(Body body) =>
        body.Symbol.MethodKind is not (MethodKind.Constructor or MethodKind.StaticConstructor or MethodKind.Destructor);

    private static (string, int) Position(SyntaxNode node) => (node.SyntaxTree.FilePath, node.SpanStart);
}
