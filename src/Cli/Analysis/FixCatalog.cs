using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Fencer.CodeFixes;

namespace Fencer.Cli.Analysis;

/// <summary>
/// The fixes the Fencer package's code fix providers (the same assembly, referenced) offer for a diagnostic: what a
/// light bulb would show, asked of the providers themselves, so the report never promises a fix that is not there.
/// </summary>
internal sealed class FixCatalog
{
    private readonly IReadOnlyList<CodeFixProvider> _providers = typeof(FEN001FEN002HandshakeCodeFix).Assembly.GetTypes()
        .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
        .ToList();

    public async Task<IReadOnlyList<string>> TitlesAsync(Solution solution, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var document = diagnostic.Location.SourceTree is { } tree ? solution.GetDocument(tree) : null;
        if (document is null)
        {
            return Array.Empty<string>();
        }

        var titles = new List<string>();
        foreach (var provider in _providers.Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id)))
        {
            var context = new CodeFixContext(document, diagnostic, (action, _) =>
            {
                lock (titles)
                {
                    titles.Add(action.Title);
                }
            }, cancellationToken);
            try
            {
                await provider.RegisterCodeFixesAsync(context).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A provider that fails offers nothing here, as in an IDE; the finding itself stands.
            }
        }

        return titles;
    }
}
