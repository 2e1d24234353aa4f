using System;
using System.Collections.Generic;
using System.Composition;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace Fencer.Analyzer.Tests;

/// <summary>Checks instead of review discipline: every rule is documented, tracked, listed and fixable.</summary>
public class MetaTests
{
    private static readonly string Root = Fencer.Tests.Shared.RepositoryLayout.Root;

    public static IEnumerable<object[]> Descriptors() => AllDescriptors().Select(d => new object[] { d.Id });

    [Theory]
    [MemberData(nameof(Descriptors))]
    public void EveryDescriptor_HasItsDocPage_WithTheStandardSections(string id)
    {
        var page = Path.Combine(Root, "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), "missing " + page);
        var text = File.ReadAllText(page);
        Assert.StartsWith($"# {id}: {Descriptor(id).Title}", text);
        foreach (var section in new[] { "## Cause", "## Rule description", "## How to fix", "## When to suppress", "## Example" })
        {
            Assert.Contains(section, text);
        }
    }

    [Theory]
    [MemberData(nameof(Descriptors))]
    public void EveryDescriptor_HelpLinkPointsAtItsDocPage(string id)
    {
        Assert.EndsWith($"/docs/rules/{id}.md", Descriptor(id).HelpLinkUri);
        Assert.StartsWith("https://", Descriptor(id).HelpLinkUri);
    }

    [Theory]
    [MemberData(nameof(Descriptors))]
    public void EveryDescriptor_HasAReleaseTrackingRow(string id)
    {
        var tracking = File.ReadAllText(Path.Combine(Root, "src", "Analyzer", "AnalyzerReleases.Shipped.md"))
            + File.ReadAllText(Path.Combine(Root, "src", "Analyzer", "AnalyzerReleases.Unshipped.md"));
        var descriptor = Descriptor(id);
        Assert.Matches(new Regex($@"^{id}\s*\|\s*{descriptor.Category}\s*\|\s*{descriptor.DefaultSeverity}\s*\|", RegexOptions.Multiline), tracking);
    }

    [Fact]
    public void ReadmeRuleTable_MatchesTheDescriptors()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var rows = Regex.Matches(readme, @"^\| \[(?<id>FEN\d{3})\]\(docs/rules/\k<id>\.md\) \| (?<title>[^|]+?) \| (?<severity>\w+) \|", RegexOptions.Multiline)
            .Select(m => $"{m.Groups["id"].Value}|{m.Groups["title"].Value}|{m.Groups["severity"].Value}")
            .OrderBy(s => s, StringComparer.Ordinal);
        var expected = AllDescriptors()
            .Select(d => $"{d.Id}|{d.Title}|{d.DefaultSeverity}")
            .OrderBy(s => s, StringComparer.Ordinal);
        Assert.Equal(expected, rows);
    }

    [Fact]
    public void EveryAnalyzer_IsCSharpOnly_AndHasDescriptors()
    {
        foreach (var type in AnalyzerTypes())
        {
            var attribute = type.GetCustomAttribute<DiagnosticAnalyzerAttribute>();
            Assert.NotNull(attribute);
            Assert.Equal(new[] { LanguageNames.CSharp }, attribute!.Languages);
            Assert.NotEmpty(((DiagnosticAnalyzer)Activator.CreateInstance(type)!).SupportedDiagnostics);
        }
    }

    [Fact]
    public void EveryCodeFixProvider_IsExportedShared_AndHasFixAll()
    {
        var providers = CodeFixTypes().ToList();
        Assert.NotEmpty(providers);
        foreach (var type in providers)
        {
            var export = type.GetCustomAttribute<ExportCodeFixProviderAttribute>();
            Assert.True(export is not null, type.Name + " is not exported");
            Assert.Contains(LanguageNames.CSharp, export!.Languages);
            Assert.True(type.GetCustomAttribute<SharedAttribute>() is not null, type.Name + " is not [Shared]");
            var provider = (CodeFixProvider)Activator.CreateInstance(type)!;
            Assert.True(provider.GetFixAllProvider() is not null, type.Name + " has no Fix All");
            Assert.NotEmpty(provider.FixableDiagnosticIds);
            Assert.All(provider.FixableDiagnosticIds, id => Assert.Contains(id, AllDescriptors().Select(d => d.Id)));
        }
    }

    [Theory]
    [MemberData(nameof(Descriptors))]
    public void EveryRule_HasAtLeastOneFix(string id)
    {
        Assert.Contains(CodeFixTypes(), t => ((CodeFixProvider)Activator.CreateInstance(t)!).FixableDiagnosticIds.Contains(id));
    }

    private static IEnumerable<Type> AnalyzerTypes() =>
        typeof(Fencer.Analyzer.Rules.StoreBufferHandshakeAnalyzer).Assembly.GetTypes().Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t));

    private static IEnumerable<Type> CodeFixTypes() =>
        typeof(Fencer.CodeFixes.FEN001FEN002HandshakeCodeFix).Assembly.GetTypes().Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t));

    private static IEnumerable<DiagnosticDescriptor> AllDescriptors() =>
        AnalyzerTypes().SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics).Distinct();

    private static DiagnosticDescriptor Descriptor(string id) => AllDescriptors().Single(d => d.Id == id);
}
