using System;
using System.Collections;
using System.Diagnostics;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Fencer.Tests.Shared;

/// <summary>Runs the real SDK commands a user runs (linked into the test projects that need it).</summary>
internal static class DotNetCli
{
    /// <summary>
    /// A start info for <c>dotnet</c> whose environment carries none of the MSBuild or VSTest variables that
    /// <c>dotnet test</c> sets for its own build: they would point a child's MSBuild at the wrong SDK pieces.
    /// </summary>
    public static ProcessStartInfo StartInfo(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        return start;
    }

    /// <summary>Runs <c>dotnet</c> to completion (killing it after <paramref name="timeout"/>); returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var run = await RunCapturedAsync(workingDirectory, timeout, null, arguments);
        return (run.ExitCode, run.Output);
    }

    /// <summary>
    /// Runs <c>dotnet</c> to completion, keeping standard output and standard error apart as well as together;
    /// <paramref name="started"/>, when given, sees the process as soon as it runs (to watch what it starts).
    /// </summary>
    public static async Task<ProcessRun> RunCapturedAsync(string workingDirectory, TimeSpan timeout, Action<Process>? started, params string[] arguments)
    {
        var start = StartInfo(workingDirectory, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;

        var output = new StringBuilder();
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); stdout.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); stderr.AppendLine(e.Data); } } };
        process.Start();
        started?.Invoke(process);
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish in {timeout}:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return new ProcessRun(process.ExitCode, output.ToString(), stdout.ToString(), stderr.ToString());
        }
    }
}

/// <summary>What a finished process printed: both streams together, and each apart.</summary>
internal sealed record ProcessRun(int ExitCode, string Output, string Stdout, string Stderr);
