using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Fencer.Tests.Shared;

/// <summary>
/// Whether a fix held, judged on the findings before and after it (docs/design.md §10): the fixed finding is gone and
/// none appeared that was not there. Linked into the code-fix tests (every fix on the analyzer tests' sources) and the
/// analyzer benchmark's fix sweep (every fix on real code), which judge alike.
/// </summary>
internal static class FixOutcome
{
    /// <summary>
    /// A finding's place that survives edits elsewhere in the file: the file, the type and member holding the store,
    /// and the store's text.
    /// </summary>
    public static string Identity(Diagnostic diagnostic)
    {
        var node = diagnostic.Location.SourceTree!.GetRoot().FindNode(diagnostic.Location.SourceSpan);
        var member = node.AncestorsAndSelf().OfType<MemberDeclarationSyntax>().FirstOrDefault(m => m is not BaseTypeDeclarationSyntax);
        var type = node.AncestorsAndSelf().OfType<BaseTypeDeclarationSyntax>().FirstOrDefault();
        var name = member switch
        {
            MethodDeclarationSyntax m => m.Identifier.Text,
            PropertyDeclarationSyntax p => p.Identifier.Text,
            ConstructorDeclarationSyntax => ".ctor",
            _ => member?.Kind().ToString() ?? "?",
        };
        return $"{diagnostic.Location.SourceTree.FilePath}|{type?.Identifier.Text}.{name}|{node.ToString().Trim()}";
    }

    public static HashSet<string> Identities(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Select(Identity).ToHashSet(StringComparer.Ordinal);

    /// <summary>What is wrong with the findings after a fix: a fixed one still reported, or one that was not there before; null when nothing is.</summary>
    public static string? Problem(IEnumerable<Diagnostic> after, ISet<string> before, IReadOnlyCollection<string> fixedOnes)
    {
        var left = after.Where(d => fixedOnes.Contains(Identity(d))).ToList();
        if (left.Count > 0)
        {
            return "still reported: " + string.Join("; ", left.Select(d => d.GetMessage()));
        }

        var added = after.Where(d => !before.Contains(Identity(d))).ToList();
        return added.Count > 0 ? "new finding: " + string.Join("; ", added.Select(d => $"{d.Id} {d.GetMessage()}")) : null;
    }
}
