using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Fencer.Cli;
using Fencer.Cli.CommandLine;
using Fencer.Cli.Loading;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

try
{
    switch (ArgumentParser.Parse(args))
    {
        case Invocation.ShowHelp help:
            Console.Out.WriteLine(help.Text);
            return 0;
        case Invocation.ShowVersion:
            Console.Out.WriteLine("fencer " + ToolVersion.Text);
            return 0;
        case Invocation.Check check:
            return await CheckCommand.RunAsync(check.Options, cancellation.Token).ConfigureAwait(false);
        default:
            return 2;
    }
}
catch (Exception e) when (e is UsageException or LoadException)
{
    return Fail(e.Message);
}
catch (OperationCanceledException)
{
    return Fail("cancelled");
}
catch (Exception e)
{
    // Never a stack trace: one line that says what failed, so it can be reported (FENCER_DEBUG=1 adds the trace to it).
    if (Environment.GetEnvironmentVariable("FENCER_DEBUG") == "1")
    {
        Console.Error.WriteLine(e);
    }

    return Fail($"unexpected {e.GetType().Name}: {SolutionFile.OneLine(e.Message)} (please report this; FENCER_DEBUG=1 shows where)");
}

static int Fail(string message)
{
    Console.Error.WriteLine("fencer: " + message);
    return 2;
}
