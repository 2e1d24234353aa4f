using Microsoft.CodeAnalysis;

namespace Fencer.Analyzer.Rules;

/// <summary>Builds every descriptor the same way, deriving the help link from the id (docs/rules/ID.md).</summary>
internal static class RuleDescriptors
{
    /// <summary>Where the rule pages are published: the repository's docs/rules folder.</summary>
    public const string HelpLinkBase = "https://github.com/fencer-analyzers/fencer/blob/main/docs/rules/";

    public static DiagnosticDescriptor Create(string id, string title, string messageFormat, string description, params string[] customTags) =>
        new(
            id,
            title,
            messageFormat,
            DiagnosticCategories.Concurrency,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: description,
            helpLinkUri: HelpLinkBase + id + ".md",
            customTags: customTags);
}
