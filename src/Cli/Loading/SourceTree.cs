using System;
using System.Collections.Generic;
using System.IO;

namespace Fencer.Cli.Loading;

/// <summary>Walks a folder for sources and project files, outside build output (<c>bin/</c>, <c>obj/</c>) and hidden folders (<c>.git</c>, <c>.vs</c>).</summary>
internal static class SourceTree
{
    /// <summary>Files below <paramref name="folder"/> whose name ends with <paramref name="extension"/>, in ordinal order.</summary>
    public static List<string> Files(string folder, string extension)
    {
        var found = new List<string>();
        var pending = new Stack<string>();
        pending.Push(folder);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            string[] files, subdirectories;
            try
            {
                files = Directory.GetFiles(directory);
                subdirectories = Directory.GetDirectories(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // an unreadable folder below the audited one holds nothing Fencer can read
            }

            foreach (var file in files)
            {
                if (file.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
                {
                    found.Add(file);
                }
            }

            foreach (var subdirectory in subdirectories)
            {
                if (!IsSkipped(Path.GetFileName(subdirectory)))
                {
                    pending.Push(subdirectory);
                }
            }
        }

        found.Sort(StringComparer.Ordinal);
        return found;
    }

    /// <summary><paramref name="path"/> relative to <paramref name="root"/>, with <c>/</c> separators.</summary>
    public static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    /// <summary>Whether <paramref name="path"/> lies inside <paramref name="folder"/> (or is it).</summary>
    public static bool IsUnder(string path, string folder)
    {
        var relative = Path.GetRelativePath(folder, path);
        return relative == "." || (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative));
    }

    private static bool IsSkipped(string name) =>
        name.StartsWith(".", StringComparison.Ordinal)
        || name.Equals("bin", StringComparison.OrdinalIgnoreCase)
        || name.Equals("obj", StringComparison.OrdinalIgnoreCase);
}
