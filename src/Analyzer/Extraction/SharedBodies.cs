using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace Fencer.Analyzer.Extraction;

/// <summary>
/// What the analyses across a class and its bases find of a member's body once for every class derived from its class
/// (docs/design.md §8, "Cost"): its candidate-scan walk and its control-flow graph. One instance serves one pass over a
/// compilation's classes, which runs on one thread; it is dropped with the pass.
/// </summary>
internal sealed class SharedBodies
{
    private readonly Dictionary<IOperation, List<(bool Audit, Rules.ConcurrencyAssumption Concurrency, INamedTypeSymbol? Only, CandidateScan.Walked Walk)>> _walks = new();
    private readonly Dictionary<IOperation, ControlFlowGraph?> _graphs = new();
    private readonly TypeWalks? _kept;

    /// <param name="kept">The walks the per-type analyses kept (<see cref="TypeWalks"/>), taken up when they fit.</param>
    public SharedBodies(TypeWalks? kept = null) => _kept = kept;

    /// <summary>
    /// The walk of a body made for <paramref name="scope"/>'s report level and concurrency assumption (what a walk depends
    /// on of the options), by the class analysed or, unless it asked about a class derived from the member's own
    /// (<see cref="CandidateScan.Walked.AsksBelow"/>), by any class derived from the member's; null when none was made.
    /// </summary>
    public CandidateScan.Walked? Walk(IOperation root, TypeScope scope)
    {
        if (_walks.TryGetValue(root, out var found))
        {
            foreach (var entry in found)
            {
                if (entry.Audit == scope.Audit && entry.Concurrency == scope.Settings.Concurrency
                    && (entry.Only is null || SymbolEqualityComparer.Default.Equals(entry.Only, scope.Type)))
                {
                    return entry.Walk;
                }
            }
        }

        return _kept?.Walk(root, scope);
    }

    /// <summary>Keeps a walk made for <paramref name="scope"/> (<see cref="Walk(IOperation, TypeScope)"/>).</summary>
    public void Add(IOperation root, TypeScope scope, CandidateScan.Walked walk)
    {
        if (!_walks.TryGetValue(root, out var found))
        {
            _walks[root] = found = new();
        }

        found.Add((scope.Audit, scope.Settings.Concurrency, walk.AsksBelow ? scope.Type : null, walk));
    }

    /// <summary>The control-flow graph of a body, which depends on the body only, built by <paramref name="build"/> once.</summary>
    public ControlFlowGraph? Graph(IOperation root, System.Func<IOperation, ControlFlowGraph?> build)
    {
        if (!_graphs.TryGetValue(root, out var graph))
        {
            _graphs[root] = graph = build(root);
        }

        return graph;
    }
}

/// <summary>
/// The candidate-scan walks the per-type analyses made of the members of the classes the analyses across a class and its
/// bases may take up (docs/design.md §8, "Cost"): a member's walk depends on its body, the report level, the concurrency
/// assumption and — only where it asked about them — the other classes of its scope, so a walk that asked about none
/// (<see cref="CandidateScan.Walked.AsksFamily"/>) serves every family the member is in. Filled concurrently by the
/// per-type analyses, read by the compilation's end.
/// </summary>
internal sealed class TypeWalks
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<IOperation, (bool Audit, Rules.ConcurrencyAssumption Concurrency, INamedTypeSymbol? Only, CandidateScan.Walked Walk)> _walks = new();

    public void Add(IOperation root, TypeScope scope, CandidateScan.Walked walk) =>
        _walks[root] = (scope.Audit, scope.Settings.Concurrency, walk.AsksBelow ? scope.Type : null, walk);

    /// <summary>The walk kept for <paramref name="root"/>, when it was made with <paramref name="scope"/>'s options and serves its class.</summary>
    public CandidateScan.Walked? Walk(IOperation root, TypeScope scope) =>
        _walks.TryGetValue(root, out var kept) && kept.Audit == scope.Audit && kept.Concurrency == scope.Settings.Concurrency
        && (kept.Only is null || SymbolEqualityComparer.Default.Equals(kept.Only, scope.Type))
            ? kept.Walk
            : null;
}
