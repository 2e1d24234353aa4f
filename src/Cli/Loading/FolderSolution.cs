using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Fencer.Cli.Loading;

/// <summary>
/// The projects read from their folders, and the projects they reference (read the same way, compiled but not
/// audited, so that their types bind), each with the id other projects reference it by. A project that MSBuild
/// did load keeps its own id and is referenced as it is.
/// </summary>
internal sealed class FolderSolution
{
    private readonly string _root;
    private readonly FolderSettings _settings;
    private readonly Dictionary<string, ProjectId> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _pending = new();
    private ProjectId? _loose;

    public FolderSolution(string root, FolderSettings settings)
    {
        _root = root;
        _settings = settings;
    }

    /// <summary>A project already in the solution (loaded by MSBuild).</summary>
    public void Known(string? path, ProjectId id)
    {
        if (path is not null && !_ids.ContainsKey(path))
        {
            _ids[path] = id;
        }
    }

    /// <summary>A project to read from its folder, keeping <paramref name="id"/> when it had one.</summary>
    public ProjectId Claim(string path, ProjectId? id)
    {
        var claimed = id ?? ProjectId.CreateNewId(path);
        _ids[path] = claimed;
        _pending.Add(path);
        return claimed;
    }

    /// <summary>The sources below the audited folder that belong to no project.</summary>
    public ProjectId AddLoose() => _loose = ProjectId.CreateNewId("loose sources");

    public Solution AddTo(Solution solution)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < _pending.Count; i++)
        {
            var path = _pending[i];
            if (!done.Add(path))
            {
                continue;
            }

            var project = Read(path);
            var references = new List<ProjectReference>();
            foreach (var reference in project?.ProjectReferences ?? new List<string>())
            {
                var full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, reference.Replace('\\', Path.DirectorySeparatorChar)));
                if (!File.Exists(full) || string.Equals(full, path, StringComparison.Ordinal))
                {
                    continue;
                }

                if (!_ids.TryGetValue(full, out var referenced))
                {
                    referenced = _ids[full] = ProjectId.CreateNewId(full);
                    _pending.Add(full); // compiled for its types, not audited
                }

                if (!references.Exists(r => r.ProjectId == referenced))
                {
                    references.Add(new ProjectReference(referenced)); // a project may name one reference twice (under two conditions)
                }
            }

            var name = Path.GetFileNameWithoutExtension(path);
            solution = solution.AddProject(FolderProject.Create(_ids[path], name, Path.GetDirectoryName(path)!, project, _settings, references));
        }

        if (_loose is not null)
        {
            solution = solution.AddProject(FolderProject.Create(_loose, Path.GetFileName(_root), _root, null, _settings, Array.Empty<ProjectReference>()));
        }

        return solution;
    }

    private static ProjectFile? Read(string path)
    {
        try
        {
            return ProjectFile.Read(path, stopAt: null);
        }
        catch (LoadException)
        {
            return null; // read as a plain folder: its sources still compile
        }
    }
}
