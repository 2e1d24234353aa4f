using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Fencer.Analyzer.Knowledge;

namespace Fencer.Analyzer.Extraction;

/// <summary>
/// The type under analysis: which calls stay inside it (and get summaries), its auto-property backing fields, what
/// its bodies say about each other (<see cref="TypeFacts"/>), and how much to report (the audit level).
/// </summary>
internal sealed class TypeScope
{
    private readonly Dictionary<IPropertySymbol, IFieldSymbol> _backingFields = new(SymbolEqualityComparer.Default);

    private readonly HashSet<INamedTypeSymbol>? _family; // only for a family too large to compare one class at a time (Declares)

    /// <summary>Per virtual method of the family: the body a call on <c>this</c> runs (<see cref="Runs"/>), asked at every call.</summary>
    private readonly Dictionary<IMethodSymbol, IMethodSymbol?> _runs = new(SymbolEqualityComparer.Default);

    public TypeScope(INamedTypeSymbol type, CallKnowledge knowledge, CalleeSummaries callees, Rules.AnalysisSettings settings)
        : this(new[] { type }, knowledge, callees, settings)
    {
    }

    /// <param name="family">
    /// The type analysed, then (for the analysis across a class and its bases, docs/design.md §8) the base classes whose
    /// bodies are analysed with it: on an object of the first type, their <c>this</c> is its <c>this</c>.
    /// </param>
    public TypeScope(IReadOnlyList<INamedTypeSymbol> family, CallKnowledge knowledge, CalleeSummaries callees, Rules.AnalysisSettings settings)
    {
        Type = family[0];
        Family = family;
        Knowledge = knowledge;
        Callees = callees;
        Settings = settings;
        if (family.Count > SmallFamily)
        {
            _family = new HashSet<INamedTypeSymbol>(family.Select(t => t.OriginalDefinition), SymbolEqualityComparer.Default);
        }

        foreach (var type in family)
        {
            foreach (var member in type.GetMembers())
            {
                if (member is IFieldSymbol { AssociatedSymbol: IPropertySymbol property } field && !field.IsReadOnly)
                {
                    _backingFields[property.OriginalDefinition] = field.OriginalDefinition;
                }
            }
        }
    }

    /// <summary>The type analysed: the most derived of <see cref="Family"/>.</summary>
    public INamedTypeSymbol Type { get; }

    /// <summary>The type analysed and the base classes analysed with it (only the type itself for the per-type analysis).</summary>
    public IReadOnlyList<INamedTypeSymbol> Family { get; }

    public CallKnowledge Knowledge { get; }

    /// <summary>What calls into other types of the compilation do: their fences, the delegates they start.</summary>
    public CalleeSummaries Callees { get; }

    public TypeFacts Facts { get; } = new();

    /// <summary>
    /// Whether the text of <see cref="Type"/> itself shows sharing (the per-type gate). Always true for the per-type
    /// analysis; across a class and its bases, a class that does not is analysed only when its members access a field of
    /// its bases that may be shared (docs/design.md §8).
    /// </summary>
    public bool TypeShowsSharing { get; set; } = true;

    /// <summary>
    /// Where the members' walks before any graph is built, and their graphs, are shared with other scopes of the same
    /// kind: across a class and its bases, a base class's member is walked once for every class derived from it
    /// (docs/design.md §8). Null for the per-type analysis.
    /// </summary>
    public SharedBodies? Shared { get; set; }

    /// <summary>Whether this is an analysis across a class and its bases, whose walks are shared (<see cref="Shared"/>).</summary>
    public bool SharesWalks => Shared is not null;

    /// <summary>
    /// Where the per-type analysis of a class the analyses across types may take up keeps its members' walks for them
    /// (docs/design.md §8, "Cost"); null when they will not need them.
    /// </summary>
    public TypeWalks? Keeps { get; set; }

    /// <summary>
    /// Where the per-type analysis leaves, as it walks its members, the static fields each member that can be a side writes
    /// and touches (<see cref="CandidateScan.StaticAccesses"/>), for the pairs of static fields across types
    /// (docs/design.md §8, "Cost"); null when they will not be asked for.
    /// </summary>
    public List<CandidateScan.StaticFields>? StaticUses { get; set; }

    /// <summary>Whether the walks made for this scope may serve another (<see cref="Shared"/>, <see cref="Keeps"/>): they note what only those ask.</summary>
    public bool MayShareWalks => Shared is not null || Keeps is not null;

    /// <summary>
    /// <c>fencer.report = audit</c>: also the weaker cases (other objects' fields, keyed collections, loads that decide
    /// nothing), reported at suggestion severity.
    /// </summary>
    public bool Audit => Settings.Audit;

    /// <summary>The type's options (docs/configuration.md).</summary>
    public Rules.AnalysisSettings Settings { get; }

    public IFieldSymbol? BackingField(IPropertySymbol property) =>
        _backingFields.TryGetValue(property.OriginalDefinition, out var field) ? field : null;

    /// <summary>
    /// Whether a call target is a method of this type (or a local function in it), or of a base class analysed with it,
    /// whose body Fencer can summarize. A virtual method that a more derived class of the family overrides is not: on an
    /// object of <see cref="Type"/> the override runs.
    /// </summary>
    public bool Contains(IMethodSymbol method)
    {
        var definition = method.OriginalDefinition;
        if (method.IsAbstract || !Declares(definition.ContainingType))
        {
            return false;
        }

        // Not overridden lower in the family: a call on this runs the method itself.
        return Family.Count == 1 || !(definition.IsVirtual || definition.IsOverride) || SymbolEqualityComparer.Default.Equals(Runs(definition), definition);
    }

    /// <summary>
    /// The method whose body a call runs on an object of <see cref="Type"/>, when it is a method of the family that Fencer
    /// summarizes; else null. A virtual call on <c>this</c> runs the override the most derived class of the family that
    /// overrides it declares (docs/design.md §8, "Dispatch on this"); a call through <c>base</c> runs the method named; a
    /// virtual call on another object may run any override, so only a method no class of the family overrides is known.
    /// </summary>
    public IMethodSymbol? Target(IMethodSymbol method, IOperation? instance)
    {
        var definition = method.OriginalDefinition;
        if (Family.Count == 1 || !(definition.IsVirtual || definition.IsOverride || definition.IsAbstract) || !Declares(definition.ContainingType))
        {
            return Contains(method) ? method : null;
        }

        switch (Skip(instance))
        {
            case IInstanceReferenceOperation { Syntax: Microsoft.CodeAnalysis.CSharp.Syntax.BaseExpressionSyntax }:
                return method.IsAbstract ? null : method; // `base.M()` runs M itself
            case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }:
                return Runs(definition);
            default:
                return Contains(method) ? method : null;
        }
    }

    /// <summary>
    /// What a call on <c>this</c> to a virtual method of the family runs: the override in the most derived class of the
    /// family that has one, or the method itself; null when that is abstract.
    /// </summary>
    private IMethodSymbol? Runs(IMethodSymbol method)
    {
        if (!_runs.TryGetValue(method, out var runs))
        {
            _runs[method] = runs = Dispatch(method);
        }

        return runs;
    }

    private IMethodSymbol? Dispatch(IMethodSymbol method)
    {
        foreach (var type in Family)
        {
            if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, method.ContainingType.OriginalDefinition))
            {
                return method.IsAbstract ? null : method;
            }

            if (Override(type, method) is { } found)
            {
                return found.IsAbstract ? null : found;
            }
        }

        return null;
    }

    private static IOperation? Skip(IOperation? operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>Whether <paramref name="type"/> is the type analysed or one of the base classes analysed with it.</summary>
    public bool Declares(INamedTypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        // Asked for every call and property use of every member, in every family: a family is a handful of classes, which
        // a comparison each finds sooner than a hash of the type does (a hash of a type symbol was most of this question's
        // time in NLog's families).
        if (_family is not null)
        {
            return _family.Contains(type.OriginalDefinition);
        }

        var definition = type.OriginalDefinition;
        foreach (var member in Family)
        {
            if (SymbolEqualityComparer.Default.Equals(member.OriginalDefinition, definition))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How many classes a family may have for <see cref="Declares"/> to compare them one by one.</summary>
    private const int SmallFamily = 8;

    /// <summary>
    /// Whether only the scope's own code can call <paramref name="method"/> (docs/design.md §6, "Not sides"): a private
    /// method; across a class and its bases also a protected or private protected one, which on an object of the class
    /// analysed only the members of its family can call.
    /// </summary>
    public bool CalledOnlyHere(IMethodSymbol method) =>
        method.DeclaredAccessibility == Accessibility.Private
        || (Family.Count > 1 && method.DeclaredAccessibility is Accessibility.Protected or Accessibility.ProtectedAndInternal);

    /// <summary>The method of <paramref name="type"/> that overrides <paramref name="method"/> (directly or through overrides between them), or null.</summary>
    private static IMethodSymbol? Override(INamedTypeSymbol type, IMethodSymbol method)
    {
        foreach (var member in type.GetMembers(method.Name))
        {
            for (var overridden = (member as IMethodSymbol)?.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
            {
                if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, method))
                {
                    return (IMethodSymbol)member;
                }
            }
        }

        return null;
    }
}
