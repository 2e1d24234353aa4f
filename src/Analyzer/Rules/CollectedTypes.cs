using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Fencer.Analyzer.Extraction;
using Fencer.Analyzer.Knowledge;

namespace Fencer.Analyzer.Rules;

/// <summary>
/// The types of one compilation whose bodies the per-type actions hand over for the analyses across types at its end
/// (docs/design.md §8): those whose text shows sharing (the per-type gate), and the classes that derive from such a class.
/// </summary>
internal sealed class CollectedTypes
{
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _lockFree = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<SyntaxTree, AnalysisSettings> _settings = new();
    private readonly ConcurrentDictionary<INamedTypeSymbol, CollectedBodies> _bodies = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<INamedTypeSymbol, CollectedBodies?> _bound = new(SymbolEqualityComparer.Default);

    public IReadOnlyDictionary<INamedTypeSymbol, CollectedBodies> Bodies => _bodies;

    /// <summary>The walks the per-type analyses of the collected classes kept for the analyses across a class and its bases.</summary>
    public TypeWalks Walks { get; } = new();

    /// <summary>
    /// The per-type gate: a type with no sign of sharing (no volatile, Interlocked, lock, thread or task API in its text)
    /// has no handshake the evidence rules would report — unless <c>fencer.concurrency</c> assumes concurrency without
    /// evidence, or it holds an atomic wrapper (<see cref="HoldsSharingObject"/>). Its file's signs are found once
    /// (<see cref="TreeSigns"/>).
    /// </summary>
    public bool Worth(INamedTypeSymbol type, AnalysisSettings settings, CancellationToken cancellationToken) =>
        settings.Concurrency != ConcurrencyAssumption.Evidence || SharingEvidence.Scan(type, cancellationToken);

    /// <summary>The options of <paramref name="type"/>'s analysis, read once per file of the compilation.</summary>
    public AnalysisSettings Settings(AnalyzerOptions options, INamedTypeSymbol type)
    {
        var tree = AnalysisSettings.FileOf(type);
        if (tree is null)
        {
            return AnalysisSettings.Read(options, tree);
        }

        if (!_settings.TryGetValue(tree, out var settings))
        {
            settings = AnalysisSettings.Read(options, tree);
            _settings.TryAdd(tree, settings);
        }

        return settings;
    }

    /// <summary>
    /// Whether <paramref name="type"/> declares a field holding an object of another type in source whose text shows
    /// lock-free ordering (volatile, Volatile, Interlocked, a barrier) in a property's accessor: using that property on
    /// the object runs the held type's ordered accesses on it, which are the type's own to pair
    /// (docs/design.md §5, "Calls on a field's object"), so the type is analysed as if its own text showed them.
    /// </summary>
    public bool HoldsSharingObject(INamedTypeSymbol type, AnalysisSettings settings, CancellationToken cancellationToken) =>
        settings.Concurrency != ConcurrencyAssumption.Evidence
        || SharingEvidence.HoldsObjectOfSharingType(type, held => IsAtomicWrapper(held, cancellationToken));

    private bool IsAtomicWrapper(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        if (!_lockFree.TryGetValue(type, out var wraps))
        {
            wraps = SharingEvidence.IsAtomicWrapper(type, cancellationToken);
            _lockFree.TryAdd(type, wraps);
        }

        return wraps;
    }

    /// <summary>Whether a class <paramref name="type"/> derives from (declared in source) passes the gate; its options are taken as the derived class's.</summary>
    public bool BaseShowsSharing(INamedTypeSymbol type, AnalysisSettings settings, CancellationToken cancellationToken)
    {
        for (var baseType = InheritanceReport.SourceBase(type); baseType is not null; baseType = InheritanceReport.SourceBase(baseType))
        {
            if (Worth(baseType, settings, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    public void Add(INamedTypeSymbol type, CollectedBodies bodies) => _bodies[type] = bodies;

    /// <summary>
    /// The bodies of a class no action collected (a base class whose text shows no sharing), bound from its syntax once
    /// per compilation (<see cref="BoundBodies"/>); null for a class with no declaration in the compilation.
    /// </summary>
    public CollectedBodies? Bound(Compilation compilation, INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        if (!_bound.TryGetValue(type, out var bodies))
        {
            var (roots, initializers) = BoundBodies.Of(compilation, type, cancellationToken);
            bodies = roots.Count == 0 && initializers.Count == 0 ? null : new CollectedBodies(AnalysisSettings.Default, showsSharing: false, roots, initializers);
            _bound.TryAdd(type, bodies);
        }

        return bodies;
    }
}

/// <summary>What the per-type analysis collected of a type: its options, whether it passed the gate, and its bodies.</summary>
internal sealed class CollectedBodies
{
    public CollectedBodies(AnalysisSettings settings, bool showsSharing, IReadOnlyList<(IMethodSymbol Method, IOperation Root)> roots, IReadOnlyList<(IFieldSymbol Field, IOperation Value)> initializers)
    {
        Settings = settings;
        ShowsSharing = showsSharing;
        Roots = roots;
        Initializers = initializers;
    }

    public AnalysisSettings Settings { get; }

    /// <summary>Whether the type's own text passed the gate.</summary>
    public bool ShowsSharing { get; }

    public IReadOnlyList<(IMethodSymbol Method, IOperation Root)> Roots { get; }

    public IReadOnlyList<(IFieldSymbol Field, IOperation Value)> Initializers { get; }

    /// <summary>
    /// The static fields the members that can be sides write and touch (<see cref="CandidateScan.StaticAccesses"/>), as
    /// the type's own analysis found them while walking its members; null when it did not.
    /// </summary>
    public List<CandidateScan.StaticFields>? StaticAccesses { get; set; }
}
