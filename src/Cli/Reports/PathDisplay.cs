using System.IO;
using Fencer.Cli.Loading;

namespace Fencer.Cli.Reports;

/// <summary>How reports name files: relative to the current folder when below it (as a build prints them, clickable in a terminal), else in full.</summary>
internal sealed class PathDisplay
{
    private readonly string _current = Directory.GetCurrentDirectory();

    public PathDisplay(string root) => Root = root;

    /// <summary>The audited folder: SARIF's SRCROOT, and what JSON paths are relative to.</summary>
    public string Root { get; }

    public string Show(string path) => path.Length > 0 && SourceTree.IsUnder(path, _current) ? SourceTree.Relative(_current, path) : path;

    /// <summary>Relative to the audited folder with <c>/</c> separators, or null when the file lies outside it.</summary>
    public string? FromRoot(string path) => path.Length > 0 && SourceTree.IsUnder(path, Root) ? SourceTree.Relative(Root, path) : null;
}
