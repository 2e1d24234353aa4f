using System;
using System.IO;

namespace Fencer.Tests.Shared;

/// <summary>Where the repository is and which configuration the running test was built in (linked into the test projects that need it).</summary>
internal static class RepositoryLayout
{
    /// <summary>The directory holding Analyzers.sln, found by walking up from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Release or Debug: the configuration folder of bin/&lt;Configuration&gt;/net10.0 the test runs from.</summary>
    public static string Configuration { get; } = DetectConfiguration();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Analyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Analyzers.sln above {AppContext.BaseDirectory}.");
    }

    private static string DetectConfiguration()
    {
        var parts = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar).Split(Path.DirectorySeparatorChar);
        var bin = Array.LastIndexOf(parts, "bin");
        return bin >= 0 && bin + 1 < parts.Length ? parts[bin + 1] : "Debug";
    }
}
