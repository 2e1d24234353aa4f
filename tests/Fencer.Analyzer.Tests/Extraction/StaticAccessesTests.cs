using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;
using Fencer.Analyzer.Extraction;
using Fencer.Analyzer.Knowledge;
using Fencer.Analyzer.Rules;
using Fencer.Analyzer.Tests.Verifiers;

namespace Fencer.Analyzer.Tests.Extraction;

/// <summary>
/// The static fields a type's members use, for the pairs of static fields across types (docs/design.md §8, "Across types
/// through static fields"), are found by the per-type analysis's own walk of each member (§8, "Cost"): they must be
/// exactly what a walk made for them alone (<see cref="CandidateScan.StaticAccesses"/>) finds.
/// </summary>
public class StaticAccessesTests
{
    private const string Source = """
        using System;
        using System.Collections.Concurrent;
        using System.Threading;

        static class Shared
        {
            public static volatile int s_requested;
            public static int s_active;
        }

        class Worker
        {
            static int s_count;
            static readonly int[] s_slots = new int[8];
            static ConcurrentQueue<int> s_queue = new();
            static int s_setUp;
            static int s_inLambda;
            int _own;
            Action? _later;

            Worker()
            {
                s_setUp = 1;                       // a constructor's own stores: no side
                _later = () => s_inLambda = 1;     // but a lambda written in it runs later
            }

            public void Run()
            {
                Shared.s_active = 1;
                if (Shared.s_requested == 0) { _own++; }
            }

            public void Count() => Interlocked.Increment(ref s_count);

            public int Slots() => s_slots.Length + s_slots[0];

            public void Mark(int i) { s_slots[i] = 1; }

            public bool Idle() { var q = s_queue; return q.IsEmpty; }

            public int Instance() => _own;
        }
        """;

    [Fact]
    public void TheTypesOwnWalksFindTheStaticFieldsAWalkOfTheirOwnFinds()
    {
        var compilation = AnalyzerRunner.Compile(Source);
        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        var type = compilation.GetTypeByMetadataName("Worker")!;
        var roots = tree.GetRoot().DescendantNodes().OfType<BaseMethodDeclarationSyntax>()
            .Where(m => SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(m)?.ContainingType, type))
            .Select(m => ((IMethodSymbol)model.GetDeclaredSymbol(m)!, model.GetOperation(m)!))
            .ToList();
        var knowledge = new CallKnowledge(WellKnownSymbols.Instance);

        var found = TypeReport.Report(type, AnalysisSettings.Default, _ => { }, default, knowledge, new CalleeSummaries(compilation, knowledge),
            roots, Array.Empty<(IFieldSymbol, IOperation)>(), observer: null, findStatics: true);
        var walked = CandidateScan.StaticAccesses(roots);

        Assert.NotNull(found);
        Assert.Equal(Describe(walked), Describe(found!));
        Assert.Equal(
            new[]
            {
                "s_active s_requested / s_active",   // Run: another type's static fields
                "s_count / s_count",                  // Count: passed by reference to an Interlocked update
                "s_inLambda s_setUp / s_inLambda s_setUp", // the constructor, a side through the lambda written in it
                "s_queue / s_queue",                  // Idle: copied into a local (what is done through it may store)
                "s_slots / s_slots",                  // Mark: an element stored
                "s_slots / s_slots",                  // Slots: an element's array counts as written (its element may be)
            },
            Describe(found!));
    }

    [Fact]
    public void NoStaticFieldsAreFound_WhenTheyAreNotAskedFor()
    {
        var compilation = AnalyzerRunner.Compile(Source);
        var type = compilation.GetTypeByMetadataName("Worker")!;
        var knowledge = new CallKnowledge(WellKnownSymbols.Instance);

        var found = TypeReport.Report(type, AnalysisSettings.Default, _ => { }, default, knowledge, new CalleeSummaries(compilation, knowledge),
            Array.Empty<(IMethodSymbol, IOperation)>(), Array.Empty<(IFieldSymbol, IOperation)>(), observer: null);

        Assert.Null(found);
    }

    /// <summary>Each member's fields as "touched / written", names sorted, members sorted.</summary>
    private static string[] Describe(IEnumerable<CandidateScan.StaticFields> accesses) =>
        accesses
            .Select(a => string.Join(" ", a.Touched.Select(f => f.Name).OrderBy(n => n, StringComparer.Ordinal))
                + " / " + string.Join(" ", a.Written.Select(f => f.Name).OrderBy(n => n, StringComparer.Ordinal)))
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToArray();
}
