using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Fencer.Cli.CommandLine;
using Fencer.Cli.Progress;

namespace Fencer.Cli.Loading;

/// <summary>The audited projects, in one solution whose compilations the analyzer runs on.</summary>
internal sealed class LoadedSolution : IDisposable
{
    private readonly Workspace _workspace;
    private readonly ScratchDirectory? _scratch;

    public LoadedSolution(Workspace workspace, Solution solution, IReadOnlyList<AuditedProject> projects, string root, ScratchDirectory? scratch)
    {
        _workspace = workspace;
        _scratch = scratch;
        Solution = solution;
        Projects = projects;
        Root = root;
    }

    public Solution Solution { get; }

    public IReadOnlyList<AuditedProject> Projects { get; }

    /// <summary>The folder paths in reports are relative to.</summary>
    public string Root { get; }

    public void Dispose()
    {
        _workspace.Dispose();
        _scratch?.Dispose();
    }
}

/// <summary>
/// Turns PATH into the projects to audit. Which projects: the solution's, the one project, or every project file
/// below the folder (and, for a folder, the sources that belong to no project, as one more project). How: with
/// MSBuild unless <c>--no-msbuild</c>; a project MSBuild does not load, or loads without its framework references
/// (not restored, offline, a private feed), is read from its folder instead, and says why.
/// </summary>
internal static class ProjectLoader
{
    public static async Task<LoadedSolution> LoadAsync(AuditTarget target, CheckOptions options, ProgressDisplay progress, CancellationToken cancellationToken)
    {
        var excludes = options.Excludes.Select(e => new PathGlob(e)).ToList();
        if (target.Kind == TargetKind.Project)
        {
            _ = ProjectFile.Read(target.FullPath, stopAt: null); // a project file that is not XML is bad input, whatever the mode
        }

        var projectFiles = await DiscoverAsync(target, excludes, cancellationToken).ConfigureAwait(false);
        var looseSources = target.Kind == TargetKind.Folder && !Directory.EnumerateFiles(target.Root, "*.csproj").Any()
            ? FolderProject.Sources(target.Root, null)
            : Array.Empty<string>();
        if (projectFiles.Count == 0 && looseSources.Count == 0)
        {
            throw new LoadException(target.Kind == TargetKind.Solution
                ? $"solution '{target.FullPath}' lists no C# project"
                : $"no .cs files below '{target.FullPath}'");
        }

        var settings = new FolderSettings(options.Framework, options.Defines, options.ImplicitUsings);
        var folder = new FolderSolution(target.Root, settings);
        var audited = new List<AuditedProject>();
        Workspace workspace;
        ScratchDirectory? scratch = null;
        Solution solution;
        var fallbacks = new List<(string Path, string? Reason)>();

        if (!options.NoMsBuild && projectFiles.Count > 0 && MsBuildProjects.RegisterSdk(target.Root) is { } missing)
        {
            fallbacks.AddRange(projectFiles.Select(p => (p, (string?)missing)));
            workspace = new AdhocWorkspace();
            solution = workspace.CurrentSolution;
        }
        else if (!options.NoMsBuild && projectFiles.Count > 0)
        {
            scratch = new ScratchDirectory();
            progress.Status("MSBuild: starting the build host");
            var msbuild = await MsBuildProjects.LoadAsync(target, projectFiles, options.Properties, scratch, progress, cancellationToken).ConfigureAwait(false);
            workspace = msbuild.Workspace;
            solution = workspace.CurrentSolution;
            foreach (var path in projectFiles)
            {
                var chosen = Choose(solution, path);
                var reason = chosen is null
                    ? msbuild.Failures.TryGetValue(path, out var failure) ? failure : "MSBuild did not load it"
                    : await UnusableAsync(chosen, cancellationToken).ConfigureAwait(false);
                if (reason is null)
                {
                    audited.Add(new AuditedProject(chosen!.Id, Path.GetFileNameWithoutExtension(path), path, LoadMode.MsBuild, null));
                    progress.Line($"loaded {Relative(target, path)} with MSBuild");
                }
                else
                {
                    fallbacks.Add((path, reason));
                }
            }

            foreach (var project in solution.Projects)
            {
                folder.Known(project.FilePath, project.Id);
            }
        }
        else
        {
            workspace = new AdhocWorkspace();
            solution = workspace.CurrentSolution;
            fallbacks.AddRange(projectFiles.Select(p => (p, (string?)null)));
        }

        foreach (var (path, reason) in fallbacks)
        {
            var id = Choose(solution, path)?.Id;
            if (id is not null)
            {
                // Replaced in place: the projects that reference it keep their reference to the same id.
                solution = solution.RemoveProject(id);
            }

            id = folder.Claim(path, id);
            audited.Add(new AuditedProject(id, Path.GetFileNameWithoutExtension(path), path, LoadMode.Folder, reason));
            progress.Line(reason is null ? $"read {Relative(target, path)} from its folder" : $"read {Relative(target, path)} from its folder: {reason}");
        }

        if (looseSources.Count > 0)
        {
            var id = folder.AddLoose();
            audited.Add(new AuditedProject(id, Path.GetFileName(target.Root) + " (sources outside projects)", null, LoadMode.Folder, null));
            progress.Line($"read {looseSources.Count} source file(s) outside any project from the folder");
        }

        solution = folder.AddTo(solution);
        return new LoadedSolution(workspace, solution, audited, target.Root, scratch);
    }

    /// <summary>The project files to audit.</summary>
    private static async Task<IReadOnlyList<string>> DiscoverAsync(AuditTarget target, IReadOnlyList<PathGlob> excludes, CancellationToken cancellationToken)
    {
        switch (target.Kind)
        {
            case TargetKind.Project:
                return new[] { target.FullPath };
            case TargetKind.Solution:
                var listed = await SolutionFile.ProjectsAsync(target.FullPath, cancellationToken).ConfigureAwait(false);
                return listed.Where(File.Exists).Where(p => !PathGlob.Any(excludes, SourceTree.Relative(target.Root, p))).ToList();
            default:
                return SourceTree.Files(target.Root, ".csproj").Where(p => !PathGlob.Any(excludes, SourceTree.Relative(target.Root, p))).ToList();
        }
    }

    /// <summary>The project MSBuild loaded for a file; of a multi-targeted project, the framework a folder compilation would take.</summary>
    private static Project? Choose(Solution solution, string path)
    {
        var candidates = solution.Projects.Where(p => string.Equals(p.FilePath, path, StringComparison.Ordinal)).ToList();
        if (candidates.Count <= 1)
        {
            return candidates.FirstOrDefault();
        }

        var frameworks = candidates.Select(Framework).ToList();
        var best = TargetFramework.Choose(frameworks);
        return candidates[frameworks.IndexOf(best)];
    }

    /// <summary>MSBuildWorkspace names the projects of a multi-targeted file <c>Name(net8.0)</c>.</summary>
    private static string Framework(Project project)
    {
        var open = project.Name.LastIndexOf('(');
        return open >= 0 && project.Name.EndsWith(")", StringComparison.Ordinal) ? project.Name.Substring(open + 1, project.Name.Length - open - 2) : "";
    }

    /// <summary>
    /// Why an MSBuild-loaded project cannot be audited as loaded, or null when it can. A project that was never
    /// restored still loads, silently without its package references: it is read from its folder instead, which
    /// says so, rather than reported as fully loaded.
    /// </summary>
    private static async Task<string?> UnusableAsync(Project project, CancellationToken cancellationToken)
    {
        if (project.FilePath is { } file && NotRestored(file))
        {
            return "not restored (no obj/project.assets.json; fencer never restores: that would write into the tree)";
        }

        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        return compilation is not null && compilation.GetSpecialType(SpecialType.System_Object).TypeKind != TypeKind.Error
            ? null
            : "MSBuild gave it no framework references";
    }

    /// <summary>An SDK-style project with no assets file where restore puts it by default (a tree that moves obj/ elsewhere is taken as restored).</summary>
    private static bool NotRestored(string projectFile)
    {
        ProjectFile project;
        try
        {
            project = ProjectFile.Read(projectFile, stopAt: null);
        }
        catch (LoadException)
        {
            return false;
        }

        var moved = project.Property("BaseIntermediateOutputPath") is not null || project.Property("MSBuildProjectExtensionsPath") is not null
            || project.PropertyIsTrue("UseArtifactsOutput") || project.Property("ArtifactsPath") is not null;
        return project.IsSdkStyle && !moved && !File.Exists(Path.Combine(project.Directory, "obj", "project.assets.json"));
    }

    private static string Relative(AuditTarget target, string path) => SourceTree.Relative(target.Root, path);
}
