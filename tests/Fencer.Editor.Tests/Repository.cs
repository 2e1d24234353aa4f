using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Fencer.Tests.Shared;

namespace Fencer.Editor.Tests;

/// <summary>Where the repository is, which configuration this test was built in, and the commands it runs there.</summary>
internal static class Repository
{
    public static string Root => RepositoryLayout.Root;

    public static string Configuration => RepositoryLayout.Configuration;

    public static string AnalyzerPath =>
        Path.Combine(Root, "src", "Analyzer", "bin", Configuration, "netstandard2.0", "Fencer.Analyzer.dll");

    /// <summary>Builds src/Analyzer in this test's configuration unless its DLL is already there.</summary>
    public static async Task EnsureAnalyzerBuiltAsync()
    {
        if (File.Exists(AnalyzerPath))
        {
            return;
        }

        var project = Path.Combine(Root, "src", "Analyzer", "Fencer.Analyzer.csproj");
        await RunDotnetAsync(Root, TimeSpan.FromMinutes(5),
            "build", project, "-c", Configuration, "-nodeReuse:false", "-p:UseSharedCompilation=false").ConfigureAwait(false);
        if (!File.Exists(AnalyzerPath))
        {
            throw new InvalidOperationException($"Building {project} did not produce {AnalyzerPath}.");
        }
    }

    /// <summary>Restores a project unless it has its project.assets.json (the language server's design-time
    /// build resolves nothing without it; the solution build restores every sample before the tests run).</summary>
    public static async Task EnsureRestoredAsync(string projectPath)
    {
        var assets = Path.Combine(Path.GetDirectoryName(projectPath)!, "obj", "project.assets.json");
        if (!File.Exists(assets))
        {
            await RunDotnetAsync(Root, TimeSpan.FromMinutes(5), "restore", projectPath).ConfigureAwait(false);
        }
    }

    /// <summary>Restores the local tools of .config/dotnet-tools.json (csharp-ls) from the repository root.</summary>
    public static Task RestoreToolsAsync() => RunDotnetAsync(Root, TimeSpan.FromMinutes(5), "tool", "restore");

    /// <summary>A start info for <c>dotnet</c> with the test host's MSBuild variables removed.</summary>
    public static ProcessStartInfo Dotnet(string workingDirectory, params string[] arguments) => DotNetCli.StartInfo(workingDirectory, arguments);

    private static async Task RunDotnetAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var (exitCode, output) = await DotNetCli.RunAsync(workingDirectory, timeout, arguments).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"'dotnet {string.Join(' ', arguments)}' exited with {exitCode}.\n{output}");
        }
    }
}
