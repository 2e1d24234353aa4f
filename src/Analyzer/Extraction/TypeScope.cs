using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Fencer.Analyzer.Knowledge;

namespace Fencer.Analyzer.Extraction;

/// <summary>
/// The type under analysis: which calls stay inside it (and get summaries), its auto-property backing fields, what
/// its bodies say about each other (<see cref="TypeFacts"/>), and how much to report (the audit level).
/// </summary>
internal sealed class TypeScope
{
    private readonly Dictionary<IPropertySymbol, IFieldSymbol> _backingFields = new(SymbolEqualityComparer.Default);

    public TypeScope(INamedTypeSymbol type, CallKnowledge knowledge, CalleeSummaries callees, Rules.AnalysisSettings settings)
    {
        Type = type;
        Knowledge = knowledge;
        Callees = callees;
        Settings = settings;
        foreach (var member in type.GetMembers())
        {
            if (member is IFieldSymbol { AssociatedSymbol: IPropertySymbol property } field && !field.IsReadOnly)
            {
                _backingFields[property] = field;
            }
        }
    }

    public INamedTypeSymbol Type { get; }

    public CallKnowledge Knowledge { get; }

    /// <summary>What calls into other types of the compilation do: their fences, the delegates they start.</summary>
    public CalleeSummaries Callees { get; }

    public TypeFacts Facts { get; } = new();

    /// <summary>
    /// <c>fencer.report = audit</c>: also the weaker cases (other objects' fields, keyed collections, loads that decide
    /// nothing), reported at suggestion severity.
    /// </summary>
    public bool Audit => Settings.Audit;

    /// <summary>The type's options (docs/configuration.md).</summary>
    public Rules.AnalysisSettings Settings { get; }

    public IFieldSymbol? BackingField(IPropertySymbol property) =>
        _backingFields.TryGetValue(property.OriginalDefinition, out var field) ? field : null;

    /// <summary>Whether a call target is a method of this type (or a local function in it) whose body Fencer can summarize.</summary>
    public bool Contains(IMethodSymbol method) =>
        !method.IsAbstract && SymbolEqualityComparer.Default.Equals(method.OriginalDefinition.ContainingType?.OriginalDefinition, Type);
}
