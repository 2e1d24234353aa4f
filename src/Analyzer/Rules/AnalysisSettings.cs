using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Fencer.Analyzer.Rules;

/// <summary>How members are assumed to run concurrently (<c>fencer.concurrency</c>, docs/configuration.md).</summary>
internal enum ConcurrencyAssumption
{
    /// <summary>Only with evidence in the code (docs/design.md §6): the default.</summary>
    Evidence,

    /// <summary>Any two members callable from outside the type (or started as threads, tasks, callbacks) may run together.</summary>
    EntryPoints,

    /// <summary>Any two members may run together, private ones included (constructors and finalizers still not).</summary>
    AllMembers,
}

/// <summary>
/// The options of one type's analysis, read from the <c>.editorconfig</c> / <c>.globalconfig</c> options that apply
/// to the type's first file (a global config for what is not set there), documented in docs/configuration.md. A value
/// Fencer does not understand leaves that option at its default: an analyzer never fails on its options.
/// </summary>
internal sealed class AnalysisSettings
{
    public const string ReportOption = "fencer.report";
    public const string ConcurrencyOption = "fencer.concurrency";
    public const string MaxCallDepthOption = "fencer.max_call_depth";
    public const string ConfinedTypesOption = "fencer.thread_confined_types";
    public const string ConfinedMembersOption = "fencer.thread_confined_members";

    /// <summary>The call depth measured best on the real-code set (docs/precision.md): deeper finds nothing more there, and costs.</summary>
    public const int DefaultMaxCallDepth = 2;

    /// <summary>The deepest call depth accepted: each level multiplies what a body's summary carries.</summary>
    public const int MaxMaxCallDepth = 6;

    public static AnalysisSettings Default { get; } = new(false, ConcurrencyAssumption.Evidence, DefaultMaxCallDepth, ImmutableHashSet<string>.Empty, ImmutableHashSet<string>.Empty);

    private AnalysisSettings(bool audit, ConcurrencyAssumption concurrency, int maxCallDepth, ImmutableHashSet<string> confinedTypes, ImmutableHashSet<string> confinedMembers)
    {
        Audit = audit;
        Concurrency = concurrency;
        MaxCallDepth = maxCallDepth;
        ConfinedTypes = confinedTypes;
        ConfinedMembers = confinedMembers;
    }

    /// <summary><c>fencer.report = audit</c>: also the weaker cases, at suggestion severity.</summary>
    public bool Audit { get; }

    public ConcurrencyAssumption Concurrency { get; }

    /// <summary>How many calls deep, within the type, a body's accesses are seen by its callers.</summary>
    public int MaxCallDepth { get; }

    /// <summary>Documentation ids (<c>T:Ns.Type</c>) of types each of whose objects one thread owns.</summary>
    public ImmutableHashSet<string> ConfinedTypes { get; }

    /// <summary>Documentation ids of members that run only on one thread (<c>M:</c>, <c>P:</c>, a method without its parameter list for every overload) and fields only that thread touches (<c>F:</c>).</summary>
    public ImmutableHashSet<string> ConfinedMembers { get; }

    public static AnalysisSettings Read(AnalyzerOptions options, INamedTypeSymbol type) => Read(options, FileOf(type));

    /// <summary>The file whose options apply to <paramref name="type"/>: its first (null for a type not in source).</summary>
    public static SyntaxTree? FileOf(INamedTypeSymbol type) => type.DeclaringSyntaxReferences.FirstOrDefault()?.SyntaxTree;

    public static AnalysisSettings Read(AnalyzerOptions options, SyntaxTree? tree)
    {
        var provider = options.AnalyzerConfigOptionsProvider;
        var local = tree is null ? provider.GlobalOptions : provider.GetOptions(tree);

        string? Value(string key) =>
            local.TryGetValue(key, out var value) || provider.GlobalOptions.TryGetValue(key, out value) ? value.Trim() : null;

        var audit = string.Equals(Value(ReportOption), "audit", StringComparison.OrdinalIgnoreCase);
        var concurrency = Value(ConcurrencyOption)?.ToLowerInvariant() switch
        {
            "entry_points" => ConcurrencyAssumption.EntryPoints,
            "all_members" => ConcurrencyAssumption.AllMembers,
            _ => ConcurrencyAssumption.Evidence,
        };
        var depth = int.TryParse(Value(MaxCallDepthOption), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
            && parsed >= 0 && parsed <= MaxMaxCallDepth ? parsed : DefaultMaxCallDepth;
        var types = Ids(Value(ConfinedTypesOption));
        var members = Ids(Value(ConfinedMembersOption));
        return !audit && concurrency == ConcurrencyAssumption.Evidence && depth == DefaultMaxCallDepth && types.IsEmpty && members.IsEmpty
            ? Default
            : new AnalysisSettings(audit, concurrency, depth, types, members);
    }

    /// <summary>Whether the type, or a type it is nested in, is declared thread-confined.</summary>
    public bool IsConfined(INamedTypeSymbol type)
    {
        for (var current = type; current is not null && !ConfinedTypes.IsEmpty; current = current.ContainingType)
        {
            if (current.OriginalDefinition.GetDocumentationCommentId() is { } id && ConfinedTypes.Contains(id))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a member (a method, an accessor's property, a field) is declared thread-confined.</summary>
    public bool IsConfined(ISymbol member)
    {
        if (ConfinedMembers.IsEmpty)
        {
            return false;
        }

        var symbol = member is IMethodSymbol { AssociatedSymbol: { } property } ? property : member;
        if (symbol.OriginalDefinition.GetDocumentationCommentId() is not { } id)
        {
            return false;
        }

        var paren = id.IndexOf('(');
        return ConfinedMembers.Contains(id) || (paren > 0 && ConfinedMembers.Contains(id.Substring(0, paren)));
    }

    private static ImmutableHashSet<string> Ids(string? list) =>
        list is null
            ? ImmutableHashSet<string>.Empty
            : list.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()).Where(s => s.Length > 2 && s[1] == ':').ToImmutableHashSet(StringComparer.Ordinal);
}
