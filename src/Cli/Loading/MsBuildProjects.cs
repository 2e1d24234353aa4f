using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Build.Locator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;
using Fencer.Cli.Progress;

namespace Fencer.Cli.Loading;

/// <summary>
/// Loads projects with MSBuildWorkspace: the project files are evaluated and design-time built (in Roslyn's build
/// host process, with the .NET SDK the tree's global.json selects), which runs the project's own build logic — the
/// trusted path. Design-time outputs go to a <see cref="ScratchDirectory"/>, so nothing is written into the tree.
/// What fails to load is reported per project file, for the caller to read from its folder instead.
/// </summary>
internal sealed class MsBuildProjects
{
    private readonly Dictionary<string, string> _failures = new(StringComparer.Ordinal);

    private MsBuildProjects(Workspace workspace) => Workspace = workspace;

    public Workspace Workspace { get; }

    /// <summary>Why a project file did not load, by full path (the first failure MSBuild reported for it).</summary>
    public IReadOnlyDictionary<string, string> Failures => _failures;

    /// <summary>
    /// Registers the .NET SDK that <paramref name="folder"/> selects (its global.json) as the MSBuild to load with,
    /// once per process, before any MSBuild type is touched. Returns why not, in words, when there is none.
    /// </summary>
    public static string? RegisterSdk(string folder)
    {
        if (MSBuildLocator.IsRegistered)
        {
            return null;
        }

        try
        {
            var options = new VisualStudioInstanceQueryOptions { DiscoveryTypes = DiscoveryType.DotNetSdk, WorkingDirectory = folder };
            var sdk = MSBuildLocator.QueryVisualStudioInstances(options).FirstOrDefault();
            if (sdk is null)
            {
                return "no .NET SDK found for this folder (is the SDK its global.json names installed?)";
            }

            MSBuildLocator.RegisterInstance(sdk);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return "the .NET SDK could not be located: " + SolutionFile.OneLine(e.Message);
        }
    }

    /// <summary>Opens the solution, or each project file in turn (a project already loaded as another's reference is not loaded twice).</summary>
    public static async Task<MsBuildProjects> LoadAsync(AuditTarget target, IReadOnlyList<string> projectFiles, IReadOnlyDictionary<string, string> properties, ScratchDirectory scratch, ProgressDisplay progress, CancellationToken cancellationToken)
    {
        var global = new Dictionary<string, string>(properties, StringComparer.OrdinalIgnoreCase)
        {
            ["CustomAfterDirectoryBuildProps"] = scratch.RedirectProps,
        };
        var loaded = Create(global);
        var reporter = new LoadProgress(progress);
        if (target.Kind == TargetKind.Solution)
        {
            await loaded.GuardAsync(target.FullPath, w => w.OpenSolutionAsync(target.FullPath, reporter, cancellationToken)).ConfigureAwait(false);
            return loaded;
        }

        foreach (var path in projectFiles)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (loaded.Workspace.CurrentSolution.Projects.Any(p => string.Equals(p.FilePath, path, StringComparison.Ordinal)))
            {
                continue;
            }

            await loaded.GuardAsync(path, w => w.OpenProjectAsync(path, reporter, cancellationToken)).ConfigureAwait(false);
        }

        return loaded;
    }

    // Not inlined into LoadAsync: MSBuildWorkspace's types are resolved only after RegisterSdk has run.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static MsBuildProjects Create(Dictionary<string, string> properties)
    {
        var workspace = MSBuildWorkspace.Create(properties);
        var loaded = new MsBuildProjects(workspace);
        workspace.RegisterWorkspaceFailedHandler(e => loaded.Record(e.Diagnostic.Message));
        return loaded;
    }

    private async Task GuardAsync<T>(string path, Func<MSBuildWorkspace, Task<T>> open)
    {
        try
        {
            await open((MSBuildWorkspace)Workspace).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Record(SolutionFile.OneLine(e.Message), path);
        }
    }

    /// <summary>Attributes a failure to the project file it names (MSBuild's messages quote the path).</summary>
    private void Record(string message, string? path = null)
    {
        lock (_failures)
        {
            path ??= Workspace.CurrentSolution.Projects.Select(p => p.FilePath).Concat(ProjectPathsIn(message))
                .FirstOrDefault(p => p is not null && message.Contains(p, StringComparison.Ordinal));
            if (path is not null && !_failures.ContainsKey(path))
            {
                _failures[path] = SolutionFile.OneLine(message);
            }
        }
    }

    private static IEnumerable<string> ProjectPathsIn(string message)
    {
        foreach (var part in message.Split('\'', '"'))
        {
            if (part.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) && Path.IsPathRooted(part))
            {
                yield return part;
            }
        }
    }

    /// <summary>Shows which project MSBuild is evaluating or building.</summary>
    private sealed class LoadProgress : IProgress<ProjectLoadProgress>
    {
        private readonly ProgressDisplay _display;

        public LoadProgress(ProgressDisplay display) => _display = display;

        public void Report(ProjectLoadProgress value)
        {
            var framework = value.TargetFramework is { Length: > 0 } tfm ? $" ({tfm})" : "";
            _display.Status($"MSBuild: {value.Operation.ToString().ToLowerInvariant()} {Path.GetFileName(value.FilePath)}{framework}");
        }
    }
}
