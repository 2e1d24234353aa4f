using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace Fencer.Editor.Tests;

/// <summary>Where the repository is, which configuration this test was built in, and the commands it runs there.</summary>
internal static class Repository
{
    /// <summary>The directory holding Analyzers.sln, found by walking up from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Release or Debug: the configuration folder of bin/&lt;Configuration&gt;/net10.0 the test runs from.</summary>
    public static string Configuration { get; } = DetectConfiguration();

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

    /// <summary>A start info for <c>dotnet</c> whose environment carries none of the MSBuild variables that
    /// <c>dotnet test</c> sets for its own build (they would point a child's MSBuild at the wrong SDK pieces).</summary>
    public static ProcessStartInfo Dotnet(string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToArray())
        {
            info.Environment.Remove(key);
        }

        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        return info;
    }

    private static async Task RunDotnetAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var info = Dotnet(workingDirectory, arguments);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet.");
        process.StandardInput.Close();
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'dotnet {string.Join(' ', arguments)}' did not finish within {timeout.TotalMinutes:0} min.\n{output}");
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'dotnet {string.Join(' ', arguments)}' exited with {process.ExitCode}.\n{output}");
        }
    }

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
        // .../bin/<Configuration>/net10.0/
        var parts = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar).Split(Path.DirectorySeparatorChar);
        var bin = Array.LastIndexOf(parts, "bin");
        return bin >= 0 && bin + 1 < parts.Length ? parts[bin + 1] : "Debug";
    }
}
