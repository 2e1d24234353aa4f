using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Fencer.Analyzer.Benchmarks.Running;

/// <summary>
/// Loads Microsoft.CodeAnalysis.NetAnalyzers' C# analyzers from the package's <c>analyzers/dotnet/cs</c> folder,
/// which the project copies next to the benchmark (nothing is downloaded at run time).
/// </summary>
internal static class NetAnalyzersLoader
{
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "NetAnalyzers");

    public static ImmutableArray<DiagnosticAnalyzer> Load()
    {
        var loader = new FolderLoader(Folder);
        var analyzers = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
        foreach (var path in Directory.GetFiles(Folder, "*.dll").OrderBy(p => p, StringComparer.Ordinal))
        {
            var reference = new AnalyzerFileReference(path, loader);
            reference.AnalyzerLoadFailed += (_, e) =>
                throw new InvalidOperationException($"Could not load analyzers from {path}: {e.ErrorCode} {e.Message}", e.Exception);
            analyzers.AddRange(reference.GetAnalyzers(LanguageNames.CSharp));
        }

        if (analyzers.Count == 0)
        {
            throw new InvalidOperationException($"No analyzers found in {Folder}.");
        }

        return analyzers.ToImmutable();
    }

    /// <summary>
    /// Every rule the analyzers support, as a warning: NetAnalyzers enables only a few rules by default, and the
    /// benchmark wants it to do all its work (like <c>AnalysisMode=All</c>).
    /// </summary>
    public static ImmutableDictionary<string, ReportDiagnostic> EnableAll(IEnumerable<DiagnosticAnalyzer> analyzers)
    {
        var options = ImmutableDictionary.CreateBuilder<string, ReportDiagnostic>(StringComparer.Ordinal);
        foreach (var descriptor in analyzers.SelectMany(a => a.SupportedDiagnostics))
        {
            if (!descriptor.CustomTags.Contains(WellKnownDiagnosticTags.NotConfigurable))
            {
                options[descriptor.Id] = ReportDiagnostic.Warn;
            }
        }

        return options.ToImmutable();
    }

    /// <summary>
    /// Loads analyzer assemblies from one folder into their own context. Roslyn itself is not in the folder, so
    /// it falls through to the default context and the analyzers share the benchmark's Microsoft.CodeAnalysis.
    /// </summary>
    private sealed class FolderLoader : AssemblyLoadContext, IAnalyzerAssemblyLoader
    {
        private readonly string _folder;

        public FolderLoader(string folder)
            : base("NetAnalyzers")
        {
            _folder = folder;
        }

        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => LoadFromAssemblyPath(fullPath);

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var candidate = Path.Combine(_folder, assemblyName.Name + ".dll");
            return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
        }
    }
}
