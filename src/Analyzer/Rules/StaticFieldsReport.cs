using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Fencer.Analyzer.Extraction;
using Fencer.Analyzer.Knowledge;
using Fencer.Analyzer.Model;

namespace Fencer.Analyzer.Rules;

/// <summary>
/// FEN011–FEN013 between two types that share static fields (docs/design.md §8, "Across types through static
/// fields"): a static field is one location for the whole process, whichever type's member stores or loads it, so a
/// handshake can have one side in each of two unrelated types. Found at the compilation's end from the bodies the
/// per-type actions collected; only cycles whose two locations are static fields and whose sides are in the two types
/// are reported (a cycle within one type is the per-type analysis's, one between a class and its base the family's).
/// </summary>
internal static class StaticFieldsReport
{
    /// <returns>How many pairs of types were analysed together.</returns>
    public static int Report(
        CollectedTypes collected,
        System.Action<Diagnostic> report,
        CallKnowledge knowledge,
        CalleeSummaries callees,
        CancellationToken cancellationToken)
    {
        // Per type that shows sharing: the (stored, then accessed) static field pairs its members make in their own
        // bodies. Two types can close a cycle through static fields only if one makes (f, g) and the other (g, f), so
        // both fields are touched by both types: a field only one type touches (a type's private table of delegates,
        // every entry written by one loader) is in no such pair, and the pairs are formed of the others only.
        var types = collected.Bodies.Where(e => e.Value.ShowsSharing).OrderBy(e => e.Key.ToDisplayString(), System.StringComparer.Ordinal).ToList();
        var accesses = new List<List<CandidateScan.StaticFields>>(types.Count);
        var touchedBy = new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default); // how many types touch each static field
        var fields = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var entry in types)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var found = entry.Value.StaticAccesses ?? CandidateScan.StaticAccesses(entry.Value.Roots); // found by the type's own walks, unless it was not analysed
            accesses.Add(found);
            fields.Clear();
            foreach (var statics in found)
            {
                fields.UnionWith(statics.Touched);
            }

            foreach (var field in fields)
            {
                touchedBy[field] = touchedBy.TryGetValue(field, out var count) ? count + 1 : 1;
            }
        }

        System.Func<ISymbol, bool> inTwoTypes = field => touchedBy[field] > 1;
        var makers = new Dictionary<(ISymbol Stored, ISymbol Accessed), List<INamedTypeSymbol>>(CandidateScan.StaticPairComparer.Instance);
        var pairsOf = new Dictionary<INamedTypeSymbol, HashSet<(ISymbol, ISymbol)>>(SymbolEqualityComparer.Default);
        for (var i = 0; i < types.Count; i++)
        {
            var entry = types[i];
            var pairs = CandidateScan.StaticPairs(accesses[i], inTwoTypes);
            pairsOf[entry.Key] = pairs;
            foreach (var pair in pairs)
            {
                if (!makers.TryGetValue(pair, out var list))
                {
                    makers[pair] = list = new List<INamedTypeSymbol>();
                }

                list.Add(entry.Key);
            }
        }

        // Each unordered pair of types once, in the order of `types`.
        var order = new Dictionary<INamedTypeSymbol, int>(SymbolEqualityComparer.Default);
        for (var i = 0; i < types.Count; i++)
        {
            order[types[i].Key] = i;
        }

        var analysed = 0;
        var done = new HashSet<(int, int)>();
        foreach (var entry in types)
        {
            var first = entry.Key;
            foreach (var (stored, accessed) in pairsOf[first])
            {
                if (!makers.TryGetValue((accessed, stored), out var others))
                {
                    continue;
                }

                foreach (var second in others)
                {
                    var (a, b) = order[first] < order[second] ? (first, second) : (second, first);
                    if (CandidateScan.Related(first, second) || !done.Add((order[a], order[b]))) // one type, or a class and its base: the per-type analysis's or the family's
                    {
                        continue;
                    }

                    cancellationToken.ThrowIfCancellationRequested();
                    analysed++;
                    Analyse(a, b, collected, report, knowledge, callees, cancellationToken);
                }
            }
        }

        return analysed;
    }

    private static void Analyse(
        INamedTypeSymbol firstType,
        INamedTypeSymbol secondType,
        CollectedTypes collected,
        System.Action<Diagnostic> report,
        CallKnowledge knowledge,
        CalleeSummaries callees,
        CancellationToken cancellationToken)
    {
        var first = collected.Bodies[firstType];
        var second = collected.Bodies[secondType];
        var settings = first.Settings;
        if (settings.IsConfined(firstType) || second.Settings.IsConfined(secondType))
        {
            return; // one thread owns each object of one of them (fencer.thread_confined_types)
        }

        var scope = new TypeScope(new[] { firstType, secondType }, knowledge, callees, settings);
        var roots = first.Roots.Concat(second.Roots);
        var initializers = first.Initializers.Concat(second.Initializers);
        foreach (var finding in TypeReport.Find(scope, roots, initializers, cancellationToken, observer: null))
        {
            if (TypeReport.Across(finding, firstType, p => Static(p.Half)) is { } across)
            {
                report(TypeReport.Create(across, settings.Audit, acrossTypes: true));
            }
        }
    }

    /// <summary>Both locations of a half are static fields (or what they hold): one location for the whole process.</summary>
    private static bool Static(Half half) => half.First.Location.Receiver == ReceiverKind.Static && half.Second.Location.Receiver == ReceiverKind.Static;
}
