using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Fencer.Analyzer.Extraction;
using Fencer.Analyzer.Knowledge;

namespace Fencer.Analyzer.Rules;

/// <summary>
/// The analysis of chosen types of a compilation, outside the analyzer driver: the code fixes ask it whether their
/// edit left a finding behind (docs/design.md §10, "A fix leaves no finding"). It hands <see cref="TypeReport"/> the
/// roots the driver hands the analyzer's symbol-start action (<see cref="BoundBodies"/>), so the findings are the
/// analyzer's own. (The driver's per-file analysis cannot stand
/// in: a partial type split over several files was never reported by it on real code.)
/// </summary>
internal static class TypeAnalysisRequest
{
    public static List<Diagnostic> Analyze(Compilation compilation, AnalyzerOptions options, IEnumerable<INamedTypeSymbol> types, CancellationToken cancellationToken)
    {
        var findings = new List<Diagnostic>();
        var knowledge = new CallKnowledge(WellKnownSymbols.Instance);
        var callees = new CalleeSummaries(compilation, knowledge);
        var gate = new CollectedTypes();
        foreach (var type in types)
        {
            var settings = gate.Settings(options, type);
            if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct)
                || !(gate.Worth(type, settings, cancellationToken) || gate.HoldsSharingObject(type, settings, cancellationToken)))
            {
                continue;
            }

            var (roots, initializers) = BoundBodies.Of(compilation, type, cancellationToken);
            TypeReport.Report(type, settings, d => findings.Add(d), cancellationToken, knowledge, callees, roots, initializers, observer: null);
        }

        return findings;
    }
}
