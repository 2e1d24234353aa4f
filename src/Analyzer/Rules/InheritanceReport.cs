using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Fencer.Analyzer.Extraction;
using Fencer.Analyzer.Graph;
using Fencer.Analyzer.Knowledge;
using Fencer.Analyzer.Model;

namespace Fencer.Analyzer.Rules;

/// <summary>
/// FEN011–FEN013: handshakes whose two sides are members of a class and of a base class of it (docs/design.md §8,
/// "Across a class and its bases"). On an object of the derived class, the base class's members and its own share one
/// <c>this</c>: a field the base class stores and the derived class loads is one location. The per-type analysis sees
/// only one class's members, so these are found at the compilation's end, when every class's bodies are known.
/// </summary>
internal static class InheritanceReport
{
    /// <summary>
    /// Analyses each collected class with the collected classes it derives from, and reports the sides of the cycles that
    /// have one side in the class and the other in one of those bases. A cycle within one class is the per-type
    /// analysis's (FEN001–FEN003), and a cycle between two bases is reported for the nearer of them: each is reported once.
    /// </summary>
    /// <returns>How many classes were analysed with their bases.</returns>
    public static int Report(
        CollectedTypes collected,
        Compilation compilation,
        System.Action<Diagnostic> report,
        CallKnowledge knowledge,
        CalleeSummaries callees,
        CancellationToken cancellationToken)
    {
        var classes = collected.Bodies;
        var families = new List<(INamedTypeSymbol Derived, CollectedBodies Own, List<INamedTypeSymbol> Family, List<CollectedBodies> Bodies)>();
        foreach (var entry in classes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var derived = entry.Key;
            var family = new List<INamedTypeSymbol> { derived };
            var bodies = new List<CollectedBodies> { entry.Value };
            for (var type = SourceBase(derived); type is not null; type = SourceBase(type))
            {
                // A base class whose text shows no sign of sharing (and none of whose bases does) was not collected: at
                // the audit level its bodies are bound when a class below it shows sharing, whose handshakes may have
                // their other side there (binding them again costs as much as the gate saved: design §8).
                var baseBodies = classes.TryGetValue(type, out var collectedBase) ? collectedBase
                    : entry.Value.Settings.Audit && bodies.Any(b => b.ShowsSharing) ? collected.Bound(compilation, type, cancellationToken)
                    : null;
                if (baseBodies is not null)
                {
                    family.Add(type);
                    bodies.Add(baseBodies);
                }
            }

            if (family.Count == 1 || !bodies.Any(b => b.ShowsSharing) || family.Any(entry.Value.Settings.IsConfined))
            {
                continue; // no base to pair with, no sign of sharing, or one thread owns each object (fencer.thread_confined_types)
            }

            families.Add((derived, entry.Value, family, bodies));
        }

        // In a fixed order (the classes' names), so that diagnostics come in the same order whatever order the types were
        // collected in; only the classes analysed are named.
        var shared = new SharedBodies(collected.Walks); // a base class's member is walked, and its graph built, once for every class derived from it (or taken from its per-type analysis)
        // One diagnostic per side: a base class's member that stores one location is a side in the family of every class
        // derived from it that closes a cycle with it, and is reported once, with every such partner (docs/design.md §8).
        var sides = new List<(HandshakeFinding Finding, bool Audit)>();
        var sideOf = new Dictionary<(ISymbol Member, MemoryLocation Stored, bool Audit), int>(new SideComparer());
        foreach (var (derived, own, family, bodies) in families.OrderBy(f => f.Derived.ToDisplayString(), System.StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var settings = own.Settings;
            var scope = new TypeScope(family, knowledge, callees, settings) { TypeShowsSharing = own.ShowsSharing, Shared = shared };
            var roots = bodies.SelectMany(b => b.Roots);
            var initializers = bodies.SelectMany(b => b.Initializers);
            var throughBase = new ThroughBase(derived, family, compilation);
            foreach (var finding in TypeReport.Find(scope, roots, initializers, cancellationToken, observer: null))
            {
                if (TypeReport.Across(finding, derived, sameSide: throughBase.Reaches) is not { } across)
                {
                    continue;
                }

                var side = (across.Body.Symbol.OriginalDefinition, across.Half.First.Location, settings.Audit);
                if (sideOf.TryGetValue(side, out var index))
                {
                    var first = sides[index].Finding;
                    sides[index] = (new HandshakeFinding(first.Body, TypeAnalysis.WorstFirst(first.Partners.Concat(across.Partners))), settings.Audit);
                }
                else
                {
                    sideOf[side] = sides.Count;
                    sides.Add((across, settings.Audit));
                }
            }
        }

        foreach (var (finding, audit) in sides)
        {
            report(TypeReport.Create(finding, audit, acrossTypes: true));
        }

        return families.Count;
    }

    /// <summary>
    /// Whether a cycle of two of the class's own members reaches one of its locations through a base member (docs/design.md
    /// §8, "Across a class and its bases"): an access made in a base class's body, or reached through a call whose target
    /// is a base class's member (<c>base.OnCleanup()</c>, a base <c>Drain()</c> that runs the class's override). The
    /// per-type analysis follows neither, so such a cycle is this analysis's; any other cycle of two own members is the
    /// per-type analysis's.
    /// </summary>
    private sealed class ThroughBase
    {
        private readonly INamedTypeSymbol _derived;
        private readonly HashSet<INamedTypeSymbol> _bases;
        private readonly Compilation _compilation;

        public ThroughBase(INamedTypeSymbol derived, List<INamedTypeSymbol> family, Compilation compilation)
        {
            _derived = derived;
            _bases = new HashSet<INamedTypeSymbol>(family.Skip(1).Select(t => t.OriginalDefinition), SymbolEqualityComparer.Default);
            _compilation = compilation;
        }

        public bool Reaches(HandshakePartner partner) => Reaches(partner.Half) || Reaches(partner.Other);

        private bool Reaches(Half half) =>
            Reaches(half.FirstAnchor, half.First.Syntax) || Reaches(half.SecondAnchor, half.Second.Syntax);

        private bool Reaches(SyntaxNode anchor, SyntaxNode access)
        {
            if (anchor.SyntaxTree == access.SyntaxTree && anchor.Span.Contains(access.Span))
            {
                return false; // written in the member itself
            }

            if (In(_bases, access))
            {
                return true; // made in a base class's member
            }

            if (!In(_derived, access))
            {
                return false; // made in another type, as the per-type analysis sees it
            }

#pragma warning disable RS1030 // Asked at the compilation's end of a finding's call sites only: which member a call on this object runs.
            var model = _compilation.GetSemanticModel(anchor.SyntaxTree);
#pragma warning restore RS1030
            return model.GetSymbolInfo(anchor).Symbol is { ContainingType: { } owner } && _bases.Contains(owner.OriginalDefinition);
        }

        private static bool In(IEnumerable<INamedTypeSymbol> types, SyntaxNode access) => types.Any(t => In(t, access));

        private static bool In(INamedTypeSymbol type, SyntaxNode access) =>
            type.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == access.SyntaxTree && r.Span.Contains(access.Span));
    }

    /// <summary>Compares sides by member (its definition), stored location and report level.</summary>
    private sealed class SideComparer : IEqualityComparer<(ISymbol Member, MemoryLocation Stored, bool Audit)>
    {
        public bool Equals((ISymbol Member, MemoryLocation Stored, bool Audit) x, (ISymbol Member, MemoryLocation Stored, bool Audit) y) =>
            SymbolEqualityComparer.Default.Equals(x.Member, y.Member) && x.Stored.Equals(y.Stored) && x.Audit == y.Audit;

        public int GetHashCode((ISymbol Member, MemoryLocation Stored, bool Audit) obj) =>
            (SymbolEqualityComparer.Default.GetHashCode(obj.Member) * 397) ^ obj.Stored.GetHashCode() ^ (obj.Audit ? 1 : 0);
    }

    /// <summary>The class <paramref name="type"/> derives from when it is declared in source (its definition), else null.</summary>
    internal static INamedTypeSymbol? SourceBase(INamedTypeSymbol type) =>
        type.BaseType?.OriginalDefinition is { TypeKind: TypeKind.Class, DeclaringSyntaxReferences.IsEmpty: false } baseType ? baseType : null;
}
