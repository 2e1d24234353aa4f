using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Fencer.Cli.Analysis;
using Fencer.Cli.CommandLine;
using Fencer.Cli.Loading;
using Fencer.Cli.Progress;
using Fencer.Cli.Reports;

namespace Fencer.Cli;

/// <summary><c>fencer check PATH</c>: load, audit, report, and the exit code CI gates on (docs/cli.md).</summary>
internal static class CheckCommand
{
    public static async Task<int> RunAsync(CheckOptions options, CancellationToken cancellationToken)
    {
        var target = AuditTarget.Resolve(options.Path);
        var output = options.OutputFile is null ? null : Path.GetFullPath(options.OutputFile);
        if (output is not null && !Directory.Exists(Path.GetDirectoryName(output)))
        {
            throw new LoadException($"cannot write '{options.OutputFile}': its folder does not exist");
        }

        AuditResult result;
        using (var progress = ProgressDisplay.ForConsole(options.Quiet))
        {
            using var loaded = await ProjectLoader.LoadAsync(target, options, progress, cancellationToken).ConfigureAwait(false);
            var excludes = options.Excludes.Select(e => new PathGlob(e)).ToList();
            result = await new Auditor(new AuditScope(loaded.Root, excludes, options.Report), options.Timing, progress).RunAsync(loaded, cancellationToken).ConfigureAwait(false);
        }

        if (output is null)
        {
            using var stdout = Console.OpenStandardOutput();
            Write(result, options.Format, stdout);
        }
        else
        {
            try
            {
                using var file = File.Create(output);
                Write(result, options.Format, file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new LoadException($"cannot write '{options.OutputFile}': {e.Message}");
            }
        }

        var failing = options.FailOn is { } level && result.Findings.Any(f => f.Severity >= level);
        return failing ? 1 : 0;
    }

    private static void Write(AuditResult result, ReportFormat format, Stream stream)
    {
        switch (format)
        {
            case ReportFormat.Sarif:
                SarifReport.Write(result, stream);
                break;
            case ReportFormat.Json:
                JsonReport.Write(result, stream);
                break;
            default:
                using (var writer = new StreamWriter(stream, new UTF8Encoding(false), 65536, leaveOpen: true) { NewLine = "\n" })
                {
                    TextReport.Write(result, writer);
                }

                break;
        }

        stream.Flush();
    }
}
