using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Fencer.Cli.Loading;

/// <summary>
/// What a project file says, read as plain XML for folder compilations: nothing is evaluated and no task runs; of the
/// property functions only the two that find a file above a folder are computed. Unconditional properties and items
/// of the project and of the <c>Directory.Build.props</c> files above it (and the files they import by a path that
/// resolves) are taken; <c>$(Name)</c> is replaced by a property read earlier, and anything still unresolved is dropped.
/// </summary>
internal sealed class ProjectFile
{
    private static readonly Regex PropertyReference = new(@"\$\(([A-Za-z_][A-Za-z0-9_\-]*)\)", RegexOptions.CultureInvariant);

    /// <summary>
    /// The two property functions projects use to find a shared file above them:
    /// <c>$([MSBuild]::GetDirectoryNameOfFileAbove(start, name))</c> and <c>$([MSBuild]::GetPathOfFileAbove(name, start))</c>,
    /// with their arguments already expanded.
    /// </summary>
    private static readonly Regex FileAbove = new(
        @"\$\(\[MSBuild\]::(GetDirectoryNameOfFileAbove|GetPathOfFileAbove)\(\s*'?([^,'()$]*)'?\s*(?:,\s*'?([^,'()$]*)'?\s*)?\)\)",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private readonly Dictionary<string, string> _properties = new(StringComparer.OrdinalIgnoreCase);

    private ProjectFile(string path)
    {
        Path = path;
        Directory = System.IO.Path.GetDirectoryName(path)!;
    }

    public string Path { get; }

    public string Directory { get; }

    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <summary>
    /// An SDK-style project (<c>&lt;Project Sdk=...&gt;</c>, or one that imports an SDK itself or through a file it
    /// imports, as a repository's own SDK wrapper does): its folder's sources are compiled by default.
    /// </summary>
    public bool IsSdkStyle { get; private set; }

    public List<string> ProjectReferences { get; } = new();

    /// <summary><c>&lt;Using Include&gt;</c> items: extra global usings when implicit usings are on.</summary>
    public List<string> Usings { get; } = new();

    public List<string> UsingRemoves { get; } = new();

    /// <summary><c>&lt;Compile Include&gt;</c> patterns, relative to the project folder.</summary>
    public List<string> CompileIncludes { get; } = new();

    public List<string> CompileRemoves { get; } = new();

    public string? Property(string name) => _properties.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>The target frameworks the project names, in the order written.</summary>
    public IReadOnlyList<string> TargetFrameworks =>
        Split(Property("TargetFrameworks") ?? Property("TargetFramework") ?? TargetFrameworkVersion());

    public IReadOnlyList<string> DefineConstants => Split(Property("DefineConstants"));

    public bool PropertyIsTrue(string name) => string.Equals(Property(name), "true", StringComparison.OrdinalIgnoreCase)
        || string.Equals(Property(name), "enable", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the project; throws <see cref="LoadException"/> when it is not XML.</summary>
    public static ProjectFile Read(string path, string? stopAt)
    {
        var project = new ProjectFile(path);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        foreach (var props in DirectoryBuildProps(project.Directory, stopAt))
        {
            project.ReadFile(props, visited, isProject: false, ofProject: false);
        }

        project.ReadFile(path, visited, isProject: true, ofProject: true);
        return project;
    }

    private static IEnumerable<string> DirectoryBuildProps(string directory, string? stopAt)
    {
        var found = new List<string>();
        foreach (var current in SelfAndAbove(directory))
        {
            var candidate = System.IO.Path.Combine(current.FullName, "Directory.Build.props");
            if (File.Exists(candidate))
            {
                found.Add(candidate);
            }

            if (stopAt is not null && string.Equals(current.FullName.TrimEnd(System.IO.Path.DirectorySeparatorChar), stopAt.TrimEnd(System.IO.Path.DirectorySeparatorChar), StringComparison.Ordinal))
            {
                break;
            }
        }

        found.Reverse(); // the outermost first, as MSBuild's chain of imports applies them
        return found;
    }

    /// <summary>A folder and every folder above it, the nearest first.</summary>
    private static IEnumerable<DirectoryInfo> SelfAndAbove(string directory)
    {
        for (var current = new DirectoryInfo(directory); current is not null; current = current.Parent)
        {
            yield return current;
        }
    }

    /// <summary>Reads one file of the chain; <paramref name="ofProject"/>: the project itself or a file it imports (not a <c>Directory.Build.props</c>), whose SDK makes the project SDK-style.</summary>
    private void ReadFile(string file, HashSet<string> visited, bool isProject, bool ofProject)
    {
        if (!visited.Add(file))
        {
            return;
        }

        XDocument document;
        try
        {
            using var reader = XmlReader.Create(file, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document = XDocument.Load(reader);
        }
        catch (Exception e) when (e is XmlException or IOException or UnauthorizedAccessException)
        {
            if (isProject)
            {
                throw new LoadException($"cannot read project '{file}': {e.Message}");
            }

            return; // an unreadable Directory.Build.props only loses its properties
        }

        var root = document.Root;
        if (root is null)
        {
            return;
        }

        var fileDirectory = System.IO.Path.GetDirectoryName(file)! + System.IO.Path.DirectorySeparatorChar;
        if (ofProject)
        {
            IsSdkStyle |= root.Attribute("Sdk") is not null || root.Elements().Any(e => e.Name.LocalName == "Sdk")
                || root.Elements().Any(e => e.Name.LocalName == "Import" && e.Attribute("Sdk") is not null);
        }

        foreach (var element in root.Elements())
        {
            if (element.Attribute("Condition") is not null)
            {
                continue;
            }

            switch (element.Name.LocalName)
            {
                case "PropertyGroup":
                    foreach (var property in element.Elements().Where(p => p.Attribute("Condition") is null))
                    {
                        _properties[property.Name.LocalName] = Expand(property.Value.Trim(), fileDirectory);
                    }

                    break;
                case "ItemGroup":
                    ReadItems(element, isProject);
                    break;
                case "Import" when element.Attribute("Project")?.Value is { } imported:
                    var importPath = Expand(imported, fileDirectory);
                    if (importPath.Length > 0 && !importPath.Contains('*'))
                    {
                        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(fileDirectory, importPath));
                        if (File.Exists(full) && !full.EndsWith("Directory.Build.props", StringComparison.OrdinalIgnoreCase))
                        {
                            ReadFile(full, visited, isProject: false, ofProject);
                        }
                    }

                    break;
            }
        }
    }

    private void ReadItems(XElement group, bool isProject)
    {
        foreach (var item in group.Elements().Where(i => i.Attribute("Condition") is null))
        {
            var include = item.Attribute("Include")?.Value;
            var remove = item.Attribute("Remove")?.Value;
            switch (item.Name.LocalName)
            {
                case "ProjectReference" when isProject && include is not null:
                    ProjectReferences.AddRange(Split(Expand(include, Directory + System.IO.Path.DirectorySeparatorChar)));
                    break;
                case "Using" when include is not null && item.Attribute("Static") is null && item.Attribute("Alias") is null:
                    Usings.Add(include);
                    break;
                case "Using" when remove is not null:
                    UsingRemoves.Add(remove);
                    break;
                case "Compile" when isProject && include is not null:
                    CompileIncludes.AddRange(Split(Expand(include, Directory + System.IO.Path.DirectorySeparatorChar)));
                    break;
                case "Compile" when isProject && remove is not null:
                    CompileRemoves.AddRange(Split(Expand(remove, Directory + System.IO.Path.DirectorySeparatorChar)));
                    break;
            }
        }
    }

    /// <summary>Replaces known <c>$(Name)</c> references; a value that still refers to something unknown keeps only its known parts.</summary>
    private string Expand(string value, string thisFileDirectory)
    {
        var expanded = PropertyReference.Replace(value, match =>
        {
            var name = match.Groups[1].Value;
            if (name.Equals("MSBuildThisFileDirectory", StringComparison.OrdinalIgnoreCase))
            {
                return thisFileDirectory;
            }

            if (name.Equals("MSBuildProjectDirectory", StringComparison.OrdinalIgnoreCase))
            {
                return Directory;
            }

            if (name.Equals("MSBuildProjectName", StringComparison.OrdinalIgnoreCase))
            {
                return Name;
            }

            return _properties.TryGetValue(name, out var known) ? known : match.Value;
        });
        expanded = FileAbove.Replace(expanded, match => FoundAbove(match, thisFileDirectory));

        // Drop the parts (of a ;-list) that still need evaluation: property functions, unknown properties, item lists.
        var parts = expanded.Split(';').Where(p => !p.Contains("$(") && !p.Contains("@(") && !p.Contains("%("));
        return string.Join(";", parts);
    }

    /// <summary>
    /// What <c>GetDirectoryNameOfFileAbove</c> (the folder holding the file) or <c>GetPathOfFileAbove</c> (the file's
    /// full path; its start defaults to this file's folder, and a relative one is relative to it) returns, searched from
    /// the start folder up: empty when no such file exists, as MSBuild does.
    /// </summary>
    private static string FoundAbove(Match match, string thisFileDirectory)
    {
        var directoryOfFile = match.Groups[1].Value.Equals("GetDirectoryNameOfFileAbove", StringComparison.OrdinalIgnoreCase);
        var name = (directoryOfFile ? match.Groups[3].Value : match.Groups[2].Value).Trim();
        var start = (directoryOfFile ? match.Groups[2].Value : match.Groups[3].Value).Trim();
        if (name.Length == 0 || name.IndexOfAny(new[] { '/', '\\' }) >= 0)
        {
            return string.Empty;
        }

        try
        {
            // A relative start is relative to this file's folder, as every relative path MSBuild reads in it.
            foreach (var current in SelfAndAbove(System.IO.Path.GetFullPath(System.IO.Path.Combine(thisFileDirectory, start))))
            {
                var candidate = System.IO.Path.Combine(current.FullName, name);
                if (File.Exists(candidate))
                {
                    return directoryOfFile ? current.FullName : candidate;
                }
            }
        }
        catch (Exception e) when (e is ArgumentException or IOException or NotSupportedException or System.Security.SecurityException)
        {
            // a start that is not a path: as if nothing were found
        }

        return string.Empty;
    }

    private string? TargetFrameworkVersion()
    {
        // Old-style projects: <TargetFrameworkVersion>v4.7.2</TargetFrameworkVersion> is net472.
        var version = Property("TargetFrameworkVersion");
        return version is { Length: > 1 } && version[0] is 'v' or 'V' ? "net" + version.Substring(1).Replace(".", "") : null;
    }

    private static IReadOnlyList<string> Split(string? value) =>
        value is null ? Array.Empty<string>() : value.Split(';').Select(v => v.Trim()).Where(v => v.Length > 0).ToArray();
}
