using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Fencer.Analyzer.Model;

namespace Fencer.Analyzer.Extraction;

/// <summary>
/// One body that can run on a thread: a method, accessor, lambda or local function, with its control-flow
/// graph and, per basic block, its memory steps in evaluation order.
/// </summary>
internal sealed class Body
{
    public Body(IMethodSymbol symbol, ControlFlowGraph graph, IReadOnlyList<MemoryStep>[] blockSteps, IReadOnlyList<MemoryStep>?[] whenBranchTaken, IReadOnlyList<MemoryStep>?[] whenFallingThrough, string displayName)
    {
        Symbol = symbol;
        Graph = graph;
        BlockSteps = blockSteps;
        WhenBranchTaken = whenBranchTaken;
        WhenFallingThrough = whenFallingThrough;
        DisplayName = displayName;
    }

    public IMethodSymbol Symbol { get; }

    public ControlFlowGraph Graph { get; }

    /// <summary>Steps of each basic block, indexed by block ordinal.</summary>
    public IReadOnlyList<MemoryStep>[] BlockSteps { get; }

    /// <summary>
    /// Steps that happen only on the edge to a block's conditional successor, or only on its fall-through edge: what
    /// a tested call does when it succeeds (a compare-and-swap that takes a spin lock, a <c>TryEnter</c> that takes a
    /// lock). Null where the block's branch tests nothing of the kind.
    /// </summary>
    public IReadOnlyList<MemoryStep>?[] WhenBranchTaken { get; }

    public IReadOnlyList<MemoryStep>?[] WhenFallingThrough { get; }

    /// <summary>The name users see in messages: <c>Drain</c>, <c>Flag.set</c>, <c>lambda in Start</c>.</summary>
    public string DisplayName { get; }

    /// <summary>Symbols of the delegates this body starts as threads, tasks, work items or timer callbacks.</summary>
    public HashSet<IMethodSymbol> Starts { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// Symbols of the delegates this body subscribes to an event (<c>process.Exited += OnExited</c>): each runs only after
    /// its subscription, as a started body does, but whoever raises the event may be the subscriber's own thread, so a
    /// subscription is no sign that the handler runs concurrently (docs/design.md §6, "Happens-before").
    /// </summary>
    public HashSet<IMethodSymbol> Subscribes { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>The delegates this body starts or subscribes: each runs only after the step that hands it on.</summary>
    public IEnumerable<IMethodSymbol> RunsAfter => Starts.Concat(Subscribes);

    /// <summary>Lambdas and local functions declared in this body.</summary>
    public List<Body> Nested { get; } = new();

    public IEnumerable<MemoryStep> AllSteps()
    {
        foreach (var steps in BlockSteps)
        {
            foreach (var step in steps)
            {
                yield return step;
            }
        }

        foreach (var steps in WhenBranchTaken)
        {
            foreach (var step in steps ?? System.Array.Empty<MemoryStep>())
            {
                yield return step;
            }
        }

        foreach (var steps in WhenFallingThrough)
        {
            foreach (var step in steps ?? System.Array.Empty<MemoryStep>())
            {
                yield return step;
            }
        }
    }

    public override string ToString() => DisplayName;
}
