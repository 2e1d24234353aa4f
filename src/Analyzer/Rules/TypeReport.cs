using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Fencer.Analyzer.Extraction;
using Fencer.Analyzer.Graph;
using Fencer.Analyzer.Knowledge;
using Fencer.Analyzer.Model;

namespace Fencer.Analyzer.Rules;

/// <summary>
/// The end of one type's analysis: its bodies extracted (all prepared, then all built), the cross-thread graph
/// searched, and one diagnostic per side that needs a change (docs/design.md, "Rules").
/// </summary>
internal static class TypeReport
{
    /// <param name="keeps">Where the members' walks are kept for the analyses across a class and its bases, if they will need them.</param>
    /// <param name="findStatics">Whether to find, as the members are walked, the static fields they write and touch (<see cref="CandidateScan.StaticAccesses"/>).</param>
    /// <returns>Those static fields, when asked for and the members were walked; else null.</returns>
    public static List<CandidateScan.StaticFields>? Report(
        INamedTypeSymbol type,
        AnalysisSettings settings,
        System.Action<Diagnostic> report,
        System.Threading.CancellationToken cancellationToken,
        CallKnowledge knowledge,
        CalleeSummaries callees,
        IEnumerable<(IMethodSymbol Method, IOperation Root)> roots,
        IEnumerable<(IFieldSymbol Field, IOperation Value)> initializers,
        IAnalysisObserver? observer,
        TypeWalks? keeps = null,
        bool findStatics = false)
    {
        if (settings.IsConfined(type))
        {
            return null; // one thread owns each object of this type (fencer.thread_confined_types)
        }

        // The candidate scan walks every member of a type analysed on its own (CandidateScan.Relevant).
        var scope = new TypeScope(type, knowledge, callees, settings) { Keeps = keeps, StaticUses = findStatics ? new() : null };
        foreach (var finding in Find(scope, roots, initializers, cancellationToken, observer))
        {
            report(Create(finding, settings.Audit, acrossTypes: false));
        }

        return scope.StaticUses;
    }

    /// <summary>
    /// The sides that need a change among the bodies of <paramref name="scope"/>'s types: <paramref name="roots"/> (each
    /// member's body) and <paramref name="initializers"/> (its fields'), from every file of each type.
    /// </summary>
    internal static IReadOnlyList<HandshakeFinding> Find(
        TypeScope scope,
        IEnumerable<(IMethodSymbol Method, IOperation Root)> roots,
        IEnumerable<(IFieldSymbol Field, IOperation Value)> initializers,
        System.Threading.CancellationToken cancellationToken,
        IAnalysisObserver? observer)
    {
        foreach (var (field, value) in initializers)
        {
            Learn(scope.Facts, field, value);
        }

        var ordered = roots
            .OrderBy(r => r.Root.Syntax.SyntaxTree.FilePath, System.StringComparer.Ordinal)
            .ThenBy(r => r.Root.Syntax.SpanStart)
            .ToList();
        var relevant = CandidateScan.Relevant(ordered, scope);
        if (relevant.Count == 0)
        {
            return System.Array.Empty<HandshakeFinding>(); // no field pair is used both ways round: no cycle, and no control-flow graph to build
        }

        LockIdiom.Scan(ordered.Select(r => r.Root), scope.Facts.TryFinallies, scope.Declares, scope.Facts.Guards, scope.Facts.GuardCalls);
        var prepared = new List<(IMethodSymbol Method, BodyExtractor Extractor, long Ticks)>();
        foreach (var (method, root) in relevant)
        {
            var started = observer is null ? 0 : Stopwatch.GetTimestamp();
            var graph = scope.Shared is { } shared ? shared.Graph(root, r => Graph(r, cancellationToken)) : Graph(root, cancellationToken);
            if (graph is not null)
            {
                prepared.Add((method, BodyExtractor.Prepare(scope, method, graph, DisplayName(method)), observer is null ? 0 : Stopwatch.GetTimestamp() - started));
            }
        }

        var bodies = new List<Body>();
        foreach (var (method, extractor, ticks) in prepared)
        {
            var started = observer is null ? 0 : Stopwatch.GetTimestamp();
            bodies.Add(extractor.Build());
            observer?.MemberAnalysed(method, Elapsed(ticks + Stopwatch.GetTimestamp() - started));
        }

        return TypeAnalysis.Find(bodies, scope, (callee, accesses, byReference) => scope.Callees.Of(callee, accesses, byReference, cancellationToken), cancellationToken);
    }

    /// <summary>The control-flow graph of a body, built from its root operation (a method's body block hangs under its method body).</summary>
    private static ControlFlowGraph? Graph(IOperation operation, System.Threading.CancellationToken cancellationToken) =>
        BodyExtractor.GraphOf(BodyExtractor.RootOf(operation), cancellationToken);

    public static System.TimeSpan Elapsed(long ticks) => System.TimeSpan.FromTicks(ticks * System.TimeSpan.TicksPerSecond / Stopwatch.Frequency);

    /// <summary>Field initializers say what a field holds: a one-slot semaphore, a callback's method group.</summary>
    private static void Learn(TypeFacts facts, IFieldSymbol field, IOperation value)
    {
        if (BodyExtractor.MutexCreation(value))
        {
            facts.MutexSemaphores.Add(field.OriginalDefinition);
        }

        var op = value;
        while (op is Microsoft.CodeAnalysis.Operations.IConversionOperation or Microsoft.CodeAnalysis.Operations.IDelegateCreationOperation)
        {
            op = op is Microsoft.CodeAnalysis.Operations.IConversionOperation conversion ? conversion.Operand : ((Microsoft.CodeAnalysis.Operations.IDelegateCreationOperation)op).Target;
        }

        if (op is Microsoft.CodeAnalysis.Operations.IMethodReferenceOperation reference && field.IsStatic && field.IsReadOnly)
        {
            facts.DelegateField(field, reference.Method);
            facts.Escaping(reference.Method, passedAsCallback: true);
        }
    }

    /// <summary>
    /// The finding with only the partners on the other side of <paramref name="type"/> (this side declared by it and the
    /// other not, or the other way round) that <paramref name="keep"/> accepts; null when none is left. The analyses across
    /// types report only such cycles: one within a type is the per-type analysis's.
    /// </summary>
    /// <param name="sameSide">
    /// Which partners on the same side of the line (both members of <paramref name="type"/>) belong to this analysis too:
    /// across a class and its bases, those that reach a location through a base member (docs/design.md §8).
    /// </param>
    internal static HandshakeFinding? Across(HandshakeFinding finding, INamedTypeSymbol type, System.Func<HandshakePartner, bool>? keep = null, System.Func<HandshakePartner, bool>? sameSide = null)
    {
        var inType = Declares(type, finding.Body);
        var partners = finding.Partners.Where(p => (Declares(type, p.OtherBody) != inType || (inType && sameSide is not null && sameSide(p))) && (keep is null || keep(p))).ToList();
        return partners.Count == 0 ? null : partners.Count == finding.Partners.Count ? finding : new HandshakeFinding(finding.Body, partners);
    }

    private static bool Declares(INamedTypeSymbol type, Body body) =>
        SymbolEqualityComparer.Default.Equals(body.Symbol.ContainingType?.OriginalDefinition, type.OriginalDefinition);

    /// <param name="acrossTypes">
    /// A finding of the analysis across a class and its bases (FEN011–FEN013): the members are named with their types.
    /// </param>
    internal static Diagnostic Create(HandshakeFinding finding, bool audit, bool acrossTypes)
    {
        var descriptor = (finding.Verdict, acrossTypes) switch
        {
            (HandshakeVerdict.OneSided, false) => StoreBufferHandshakeAnalyzer.FEN001,
            (HandshakeVerdict.Unfenced, false) => StoreBufferHandshakeAnalyzer.FEN002,
            (_, false) => StoreBufferHandshakeAnalyzer.FEN003,
            (HandshakeVerdict.OneSided, true) => StoreBufferHandshakeAnalyzer.FEN011,
            (HandshakeVerdict.Unfenced, true) => StoreBufferHandshakeAnalyzer.FEN012,
            (_, true) => StoreBufferHandshakeAnalyzer.FEN013,
        };

        var additional = new List<Location>();
        var roles = new List<string>();
        foreach (var partner in finding.Partners)
        {
            if (!ReferenceEquals(partner.Half.FirstAnchor, finding.Half.FirstAnchor))
            {
                Add(additional, roles, partner.Half.FirstAnchor, HandshakeDiagnostic.ThisStoreRole); // another store of the same location
            }

            Add(additional, roles, partner.Half.SecondAnchor, HandshakeDiagnostic.ThisAccessRole);
            Add(additional, roles, partner.Other.FirstAnchor, HandshakeDiagnostic.OtherStoreRole);
            Add(additional, roles, partner.Other.SecondAnchor, HandshakeDiagnostic.OtherAccessRole);
            if (partner.Other.Fence is { } fence)
            {
                Add(additional, roles, fence, HandshakeDiagnostic.OtherFenceRole);
            }

            // The accesses made inside a callee, after the group's anchors (the call sites): the call chain's other end.
            AddInCallee(additional, roles, partner.Half.FirstAnchor, partner.Half.First.Syntax, HandshakeDiagnostic.ThisStoreInCalleeRole);
            AddInCallee(additional, roles, partner.Half.SecondAnchor, partner.Half.Second.Syntax, HandshakeDiagnostic.ThisAccessInCalleeRole);
            AddInCallee(additional, roles, partner.Other.FirstAnchor, partner.Other.First.Syntax, HandshakeDiagnostic.OtherStoreInCalleeRole);
            AddInCallee(additional, roles, partner.Other.SecondAnchor, partner.Other.Second.Syntax, HandshakeDiagnostic.OtherAccessInCalleeRole);
        }

        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(HandshakeDiagnostic.ShapeProperty, finding.Half.IsStoreLoad && finding.Other.IsStoreLoad ? "SB" : "R")
            .Add(HandshakeDiagnostic.ThisProtectionProperty, finding.Half.Protection.ToString())
            .Add(HandshakeDiagnostic.OtherProtectionProperty, finding.Other.Protection.ToString())
            .Add(HandshakeDiagnostic.ThisStoreOrderingProperty, finding.Half.First.Ordering.ToString())
            .Add(HandshakeDiagnostic.ThisAccessOrderingProperty, finding.Half.Second.Ordering.ToString())
            .Add(HandshakeDiagnostic.OtherMemberProperty, finding.OtherBody.DisplayName)
            .Add(HandshakeDiagnostic.ThisMemberProperty, finding.Body.DisplayName)
            .Add(HandshakeDiagnostic.ThisAccessKindProperty, finding.Half.Second.Kind.ToString())
            .Add(HandshakeDiagnostic.OtherAccessKindProperty, finding.Other.Second.Kind.ToString())
            .Add(HandshakeDiagnostic.RolesProperty, string.Join(",", roles))
            .Add(HandshakeDiagnostic.PartnersProperty, finding.Partners.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Add(HandshakeDiagnostic.EvidenceProperty, finding.Primary.Evidence);
        if (finding.IsWeak)
        {
            properties = properties.Add(HandshakeDiagnostic.WeaknessProperty, finding.Primary.Weakness.ToString());
        }

        var args = new object[]
        {
            Name(finding.Body, acrossTypes),
            Describe(finding.Half),
            Name(finding.OtherBody, acrossTypes),
            Describe(finding.Other),
            MorePartners(finding, acrossTypes),
        };
        return finding.IsWeak && audit
            ? Diagnostic.Create(descriptor, finding.Half.FirstAnchor.GetLocation(), DiagnosticSeverity.Info, additional, properties, args)
            : Diagnostic.Create(descriptor, finding.Half.FirstAnchor.GetLocation(), additional, properties, args);
    }

    private static void Add(List<Location> locations, List<string> roles, SyntaxNode node, string role)
    {
        locations.Add(node.GetLocation());
        roles.Add(role);
    }

    /// <summary>Adds where an access is made when its anchor (a call site) does not contain it.</summary>
    private static void AddInCallee(List<Location> locations, List<string> roles, SyntaxNode anchor, SyntaxNode access, string role)
    {
        if (anchor.SyntaxTree != access.SyntaxTree || !anchor.Span.Contains(access.Span))
        {
            Add(locations, roles, access, role);
        }
    }

    /// <summary>The other handshakes the same store takes part in, named in the message after the worst one.</summary>
    private static string MorePartners(HandshakeFinding finding, bool acrossTypes)
    {
        if (finding.Partners.Count == 1)
        {
            return "";
        }

        var others = finding.Partners.Skip(1)
            .Select(p => $"'{Name(p.OtherBody, acrossTypes)}' ({p.Half.Second.Location.DisplayName})")
            .Distinct()
            .ToList();
        var shown = string.Join(", ", others.Take(3)) + (others.Count > 3 ? $" and {others.Count - 3} more" : "");
        return $"; the same store also takes part in {(finding.Partners.Count == 2 ? "a handshake" : "handshakes")} with {shown}";
    }

    /// <summary>A body's name in a message; across types, with its type's (<c>Derived.Dispose</c>).</summary>
    private static string Name(Body body, bool acrossTypes) =>
        acrossTypes && body.Symbol.ContainingType is { } type ? type.Name + "." + body.DisplayName : body.DisplayName;

    private static string Describe(Half half) =>
        $"stores '{half.First.Location.DisplayName}' then {(half.IsStoreLoad ? "loads" : "stores")} '{half.Second.Location.DisplayName}'";

    private static string DisplayName(IMethodSymbol method) => method.MethodKind switch
    {
        MethodKind.PropertyGet or MethodKind.PropertySet when method.AssociatedSymbol is { } property =>
            property.Name + (method.MethodKind == MethodKind.PropertyGet ? ".get" : ".set"),
        _ => method.Name,
    };
}
