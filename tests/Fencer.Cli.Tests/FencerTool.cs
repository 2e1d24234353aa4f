using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Fencer.Tests.Shared;

namespace Fencer.Cli.Tests;

/// <summary>Runs the built <c>fencer</c> (src/Cli's output, the same files the tool package carries) as a process.</summary>
internal static class FencerTool
{
    public static string Assembly { get; } = Path.Combine(RepositoryLayout.Root, "src", "Cli", "bin", RepositoryLayout.Configuration, "net8.0", "Fencer.Cli.dll");

    public static Task<ProcessRun> RunAsync(string workingDirectory, params string[] arguments) => RunAsync(workingDirectory, null, arguments);

    public static Task<ProcessRun> RunAsync(string workingDirectory, Action<Process>? started, params string[] arguments)
    {
        var all = new string[arguments.Length + 1];
        all[0] = Assembly;
        arguments.CopyTo(all, 1);
        return DotNetCli.RunCapturedAsync(workingDirectory, TimeSpan.FromMinutes(4), started, all);
    }
}

/// <summary>A temporary folder for one test, removed afterwards.</summary>
internal sealed class TempTree : IDisposable
{
    public TempTree()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fencer-cli-test-" + Guid.NewGuid().ToString("N").Substring(0, 10));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Writes a file (creating its folders) and returns its full path.</summary>
    public string Write(string relative, string text)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
