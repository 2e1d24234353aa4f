using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Fencer.Analyzer.Extraction;
using Fencer.Analyzer.Knowledge;

namespace Fencer.Analyzer.Rules;

/// <summary>
/// FEN001-FEN003: store-buffer handshakes (and the R shape) within a type, fenced on one side only, on
/// neither side, or asymmetric with a hot side the JIT may reorder. One analyzer reports the three rules
/// because one cross-thread graph yields all three verdicts; three analyzers would build it three times.
/// Per type (symbol start/end), so results show live in the editor. FEN011-FEN013: the same, with one side in a
/// class and the other in a base class of it (<see cref="InheritanceReport"/>), or the sides in two types that share
/// static fields (<see cref="StaticFieldsReport"/>), at the compilation's end.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StoreBufferHandshakeAnalyzer : DiagnosticAnalyzer
{
    private const string OneSidedMessage =
        "'{0}' {1} with no full fence between them, while '{2}' {3} with one: a fence on one side of a store-buffer handshake orders nothing{4}";

    private const string OneSidedDescription =
        "A store followed by a load of another location can be reordered by every x86 CPU and by the .NET memory model. When two threads each store one flag and then load the other's, both sides need a full fence between the store and the load; a fence on one side only guarantees nothing.";

    private const string UnfencedMessage =
        "'{0}' {1} and '{2}' {3}, with no full fence on either side: volatile does not order a store before a later load{4}";

    private const string UnfencedDescription =
        "Volatile.Write/Volatile.Read, volatile fields and lock exit/entry are release/acquire: none of them keeps a store before a later load of another location. A store-buffer handshake needs a full fence on both sides, or a process-wide barrier on the rare side.";

    private const string HotSideMessage =
        "'{0}' {1} with accesses the JIT may reorder (not both volatile, no AsymmetricBarrier.Light() between), while '{2}' {3} with a process-wide barrier: the hot side still needs compiler ordering{4}";

    private const string HotSideDescription =
        "A process-wide barrier (AsymmetricBarrier.Heavy, Interlocked.MemoryBarrierProcessWide) makes every other thread's hardware order its accesses, but not the JIT: the hot side still needs compiler ordering between its store and its load.";

    internal static readonly DiagnosticDescriptor FEN001 = RuleDescriptors.Create(
        DiagnosticIds.OneSidedFence,
        "Fence on one side only of a store-buffer handshake",
        OneSidedMessage,
        OneSidedDescription);

    internal static readonly DiagnosticDescriptor FEN002 = RuleDescriptors.Create(
        DiagnosticIds.UnfencedHandshake,
        "Store-buffer handshake with no full fence (volatile is not enough)",
        UnfencedMessage,
        UnfencedDescription);

    internal static readonly DiagnosticDescriptor FEN003 = RuleDescriptors.Create(
        DiagnosticIds.AsymmetricHotSideUnordered,
        "Process-wide barrier paired with a side the JIT may reorder",
        HotSideMessage,
        HotSideDescription);

    // FEN011-FEN013: the same rules with the sides in two types — a class and a base class of it, or two types sharing
    // static fields — reported at the compilation's end (docs/design.md §8, "Across a class and its bases", "Across types
    // through static fields").
    private const string AcrossTypesDescription =
        " Here the two sides are members of two types: a class and a class it derives from (on an object of the derived class they share its fields), or two types that share static fields.";

    internal static readonly DiagnosticDescriptor FEN011 = RuleDescriptors.Create(
        DiagnosticIds.OneSidedFenceAcrossTypes,
        "Fence on one side only of a store-buffer handshake across types",
        OneSidedMessage,
        OneSidedDescription + AcrossTypesDescription,
        WellKnownDiagnosticTags.CompilationEnd);

    internal static readonly DiagnosticDescriptor FEN012 = RuleDescriptors.Create(
        DiagnosticIds.UnfencedHandshakeAcrossTypes,
        "Store-buffer handshake across types with no full fence",
        UnfencedMessage,
        UnfencedDescription + AcrossTypesDescription,
        WellKnownDiagnosticTags.CompilationEnd);

    internal static readonly DiagnosticDescriptor FEN013 = RuleDescriptors.Create(
        DiagnosticIds.AsymmetricHotSideUnorderedAcrossTypes,
        "Process-wide barrier paired with a side the JIT may reorder, across types",
        HotSideMessage,
        HotSideDescription + AcrossTypesDescription,
        WellKnownDiagnosticTags.CompilationEnd);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(FEN001, FEN002, FEN003, FEN011, FEN012, FEN013);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var knowledge = new CallKnowledge(WellKnownSymbols.Instance);
            var callees = new CalleeSummaries(start.Compilation, knowledge);
            var classes = new CollectedTypes();
            start.RegisterSymbolStartAction(typeStart => OnTypeStart(typeStart, knowledge, callees, classes), SymbolKind.NamedType);
            start.RegisterCompilationEndAction(end =>
            {
                var observer = AnalysisObservers.Current;
                observer?.Starting();
                var started = observer is null ? 0 : Stopwatch.GetTimestamp();
                callees.TakeUp(classes.Bodies.Values.SelectMany(b => b.Roots)); // the callees' bodies the actions handed over are not bound again
                var analysed = InheritanceReport.Report(classes, end.Compilation, end.ReportDiagnostic, knowledge, callees, end.CancellationToken)
                    + StaticFieldsReport.Report(classes, end.ReportDiagnostic, knowledge, callees, end.CancellationToken);
                observer?.AcrossTypesAnalysed(analysed, TypeReport.Elapsed(Stopwatch.GetTimestamp() - started));
            });
        });
    }

    /// <param name="classes">Collects the bodies of the classes the analysis across a class and its bases may need.</param>
    private static void OnTypeStart(SymbolStartAnalysisContext context, CallKnowledge knowledge, CalleeSummaries callees, CollectedTypes classes)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var observer = AnalysisObservers.Current;
        var settings = classes.Settings(context.Options, type);
        var showsSharing = type.TypeKind is TypeKind.Class or TypeKind.Struct && classes.Worth(type, settings, context.CancellationToken);
        // A type that holds an object whose type shows sharing pairs that object's accesses through its calls (§5).
        var worth = showsSharing || (type.TypeKind is TypeKind.Class or TypeKind.Struct && classes.HoldsSharingObject(type, settings, context.CancellationToken));
        // A class whose own text shows no sharing still shares its fields with a base class in source that does (its
        // modifiers are not asked: a static class derives from `object`, and they cost a binding of every type's
        // declaration); a type that shows sharing may also share static fields with another type (StaticFieldsReport).
        var collect = showsSharing || classes.BaseShowsSharing(type, settings, context.CancellationToken);
        if (!worth)
        {
            observer?.TypeSkipped(type);
            if (!collect)
            {
                return;
            }
        }

        var roots = new ConcurrentBag<(IMethodSymbol Method, IOperation Root)>();
        var initializers = new ConcurrentBag<(IFieldSymbol Field, IOperation Value)>();
        context.RegisterOperationBlockAction(block =>
        {
            if (block.OwningSymbol is IFieldSymbol field && SymbolEqualityComparer.Default.Equals(field.ContainingType, type))
            {
                foreach (var operation in block.OperationBlocks)
                {
                    if (operation is IFieldInitializerOperation { Value: { } value })
                    {
                        initializers.Add((field, value));
                    }
                }

                return;
            }

            if (block.OwningSymbol is not IMethodSymbol method || !SymbolEqualityComparer.Default.Equals(method.ContainingType, type))
            {
                return;
            }

            // A method's operation block is its body block (or, for constructors with initializers, the
            // constructor body); parameter default values and attribute arguments are not bodies. Its control-flow
            // graph is built at the type's end, only if the cheap scan finds it can take part in a cycle.
            foreach (var operation in block.OperationBlocks)
            {
                if (operation is IBlockOperation or IMethodBodyBaseOperation)
                {
                    roots.Add((method, operation));
                    break;
                }
            }
        });
        context.RegisterSymbolEndAction(end =>
        {
            List<CandidateScan.StaticFields>? statics = null;
            if (worth)
            {
                observer?.Starting();
                var started = observer is null ? 0 : Stopwatch.GetTimestamp();
                // A class the analyses across types may take up keeps its members' walks for them, and a type that shows
                // sharing the static fields its members use, for the pairs of static fields across types (docs/design.md §8, "Cost").
                statics = TypeReport.Report(type, settings, end.ReportDiagnostic, end.CancellationToken, knowledge, callees, roots, initializers, observer,
                    collect && type.TypeKind == TypeKind.Class ? classes.Walks : null, findStatics: collect && showsSharing);
                observer?.TypeAnalysed(type, TypeReport.Elapsed(Stopwatch.GetTimestamp() - started));
            }

            if (collect)
            {
                classes.Add(type, new CollectedBodies(settings, showsSharing, roots.ToArray(), initializers.ToArray()) { StaticAccesses = statics });
            }
        });
    }
}
