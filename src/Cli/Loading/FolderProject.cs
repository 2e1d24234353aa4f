using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Fencer.Cli.Loading;

/// <summary>The options of <c>fencer check</c> that shape folder compilations.</summary>
internal sealed record FolderSettings(string? Framework, IReadOnlyList<string> Defines, bool? ImplicitUsings);

/// <summary>
/// A compilation made from a folder, without MSBuild: the sources below the project's folder (outside
/// <c>bin/</c>, <c>obj/</c> and the folders of nested projects), or the files an old-style project lists; the .NET 10
/// reference assemblies shipped with fencer; language version, nullable, unsafe, preprocessor symbols and implicit
/// usings as the project file says them in plain XML; and the .editorconfig / .globalconfig files that apply.
/// Package references stay unresolved: what binds to them is unknown to the analyzer, which copes.
/// </summary>
internal static class FolderProject
{
    /// <summary>The global usings of Microsoft.NET.Sdk when <c>ImplicitUsings</c> is on.</summary>
    private static readonly string[] SdkImplicitUsings =
    {
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks",
    };

    public static ProjectInfo Create(ProjectId id, string name, string folder, ProjectFile? project, FolderSettings settings, IEnumerable<ProjectReference> references)
    {
        var framework = settings.Framework ?? TargetFramework.Choose(project?.TargetFrameworks ?? Array.Empty<string>());
        var symbols = TargetFramework.Symbols(framework)
            .Concat(new[] { "TRACE", "RELEASE" })
            .Concat(project?.DefineConstants ?? Array.Empty<string>())
            .Concat(settings.Defines)
            .Distinct(StringComparer.Ordinal);
        var languageVersion = LanguageVersion.Latest;
        if (project?.Property("LangVersion") is { } langVersion && LanguageVersionFacts.TryParse(langVersion, out var parsed))
        {
            languageVersion = parsed;
        }

        var parseOptions = new CSharpParseOptions(languageVersion, DocumentationMode.Parse, SourceCodeKind.Regular, symbols);
        var compilationOptions = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: Nullable(project?.Property("Nullable")),
            allowUnsafe: project?.PropertyIsTrue("AllowUnsafeBlocks") ?? false,
            concurrentBuild: true);

        var documents = Sources(folder, project)
            .Select(path => DocumentInfo.Create(DocumentId.CreateNewId(id, path), Path.GetFileName(path), loader: new FileTextLoader(path, defaultEncoding: null), filePath: path))
            .ToList();
        var implicitUsings = settings.ImplicitUsings ?? (project is { IsSdkStyle: true } && project.PropertyIsTrue("ImplicitUsings"));
        if (implicitUsings)
        {
            var usings = SdkImplicitUsings.Concat(project?.Usings ?? new List<string>())
                .Except(project?.UsingRemoves ?? new List<string>(), StringComparer.Ordinal)
                .Distinct(StringComparer.Ordinal)
                .Select(u => $"global using global::{u};");
            var path = Path.Combine(folder, "obj", name + ".GlobalUsings.g.cs");
            var text = SourceText.From(string.Join("\n", usings) + "\n");
            documents.Add(DocumentInfo.Create(DocumentId.CreateNewId(id, path), Path.GetFileName(path), loader: TextLoader.From(TextAndVersion.Create(text, VersionStamp.Create(), path)), filePath: path));
        }

        var configs = AnalyzerConfigFiles(folder, documents.Select(d => d.FilePath!))
            .Select(path => DocumentInfo.Create(DocumentId.CreateNewId(id, path), Path.GetFileName(path), loader: new FileTextLoader(path, defaultEncoding: null), filePath: path));

        return ProjectInfo.Create(
                id,
                VersionStamp.Create(),
                name,
                name,
                LanguageNames.CSharp,
                filePath: project?.Path,
                compilationOptions: compilationOptions,
                parseOptions: parseOptions,
                documents: documents,
                projectReferences: references,
                metadataReferences: Basic.Reference.Assemblies.Net100.References.All)
            .WithAnalyzerConfigDocuments(configs);
    }

    /// <summary>The sources of a project (or of a folder without one).</summary>
    public static IReadOnlyList<string> Sources(string folder, ProjectFile? project)
    {
        if (project is { IsSdkStyle: false, CompileIncludes.Count: > 0 })
        {
            return Resolve(project.Directory, project.CompileIncludes).ToList();
        }

        var nested = SourceTree.Files(folder, ".csproj")
            .Select(p => Path.GetDirectoryName(p)!)
            .Where(d => !string.Equals(d, folder, StringComparison.Ordinal))
            .ToList();
        IEnumerable<string> sources = SourceTree.Files(folder, ".cs").Where(f => !nested.Any(d => SourceTree.IsUnder(f, d)));
        if (project is not null)
        {
            var removed = project.CompileRemoves.Select(r => new PathGlob(r)).ToList();
            sources = sources.Where(f => !PathGlob.Any(removed, SourceTree.Relative(folder, f)));
            // Linked files: <Compile Include="../Shared/Clock.cs" /> outside the project's folder.
            var linked = Resolve(project.Directory, project.CompileIncludes).Where(f => !SourceTree.IsUnder(f, folder));
            sources = sources.Concat(linked);
        }

        return sources.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Every .editorconfig from each source's folder up to the file-system root, and every .globalconfig from the project's folder up (as the SDK finds them).</summary>
    private static IEnumerable<string> AnalyzerConfigFiles(string folder, IEnumerable<string> sources)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var directory in sources.Select(Path.GetDirectoryName).Distinct(StringComparer.Ordinal))
        {
            for (var current = directory is null ? null : new DirectoryInfo(directory); current is not null && seen.Add(current.FullName); current = current.Parent)
            {
                var candidate = Path.Combine(current.FullName, ".editorconfig");
                if (File.Exists(candidate))
                {
                    found.Add(candidate);
                }
            }
        }

        for (var current = new DirectoryInfo(folder); current is not null; current = current.Parent)
        {
            var candidate = Path.Combine(current.FullName, ".globalconfig");
            if (File.Exists(candidate))
            {
                found.Add(candidate);
            }
        }

        return found;
    }

    private static IEnumerable<string> Resolve(string directory, IEnumerable<string> patterns)
    {
        foreach (var pattern in patterns)
        {
            var normalized = pattern.Replace('\\', '/');
            var wildcard = normalized.IndexOfAny(new[] { '*', '?' });
            if (wildcard < 0)
            {
                var path = Path.GetFullPath(Path.Combine(directory, normalized));
                if (File.Exists(path) && path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
                {
                    yield return path;
                }

                continue;
            }

            var slash = normalized.LastIndexOf('/', wildcard);
            var baseDirectory = Path.GetFullPath(Path.Combine(directory, slash < 0 ? "." : normalized.Substring(0, slash)));
            if (!Directory.Exists(baseDirectory))
            {
                continue;
            }

            var glob = new PathGlob(slash < 0 ? normalized : normalized.Substring(slash + 1));
            foreach (var file in SourceTree.Files(baseDirectory, ".cs"))
            {
                if (glob.Matches(SourceTree.Relative(baseDirectory, file)))
                {
                    yield return file;
                }
            }
        }
    }

    private static NullableContextOptions Nullable(string? value) => value?.ToLowerInvariant() switch
    {
        "enable" => NullableContextOptions.Enable,
        "warnings" => NullableContextOptions.Warnings,
        "annotations" => NullableContextOptions.Annotations,
        _ => NullableContextOptions.Disable,
    };
}
