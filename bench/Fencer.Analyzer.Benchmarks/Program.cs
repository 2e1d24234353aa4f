using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Fencer.Analyzer.Benchmarks;
using Fencer.Analyzer.Benchmarks.Generation;
using Fencer.Analyzer.Benchmarks.Reporting;
using Fencer.Analyzer.Benchmarks.Running;
using Fencer.Analyzer.Rules;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (ArgumentException e)
{
    // Bad arguments get one line and a non-zero exit, never a stack trace.
    Console.Error.WriteLine("error: " + e.Message);
    return 2;
}

var fencer = new StoreBufferHandshakeAnalyzer();
if (options.Source is not null && options.FixSweep)
{
    return await FixSweep.RunAsync(options, fencer).ConfigureAwait(false);
}

var netAnalyzers = NetAnalyzersLoader.Load();
var ruleOptions = NetAnalyzersLoader.EnableAll(netAnalyzers);
Console.WriteLine($"Roslyn {typeof(Compilation).Assembly.GetName().Version}, {netAnalyzers.Length} NetAnalyzers analyzers, {ruleOptions.Count} rules enabled as warnings, "
    + $"{Environment.ProcessorCount} cores, seed {options.Seed}, median of {options.Repeat} (more for smaller sizes, in proportion) after 1 warm-up, sequential analysis.");
var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
Console.WriteLine($"Load average at start: {load} (times are wall-clock per analyzer callback: other processes inflate them).");
Console.WriteLine();

if (options.Source is not null)
{
    return await RealCodeBenchmark.RunAsync(options, fencer, netAnalyzers, ruleOptions).ConfigureAwait(false);
}

var rows = new List<SizeResult>();
foreach (var size in options.Sizes)
{
    var corpus = CorpusGenerator.Generate(size, options.Seed);
    var compilation = CompilationFactory.Create(corpus, ruleOptions);
    var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
    if (errors.Count > 0)
    {
        Console.Error.WriteLine($"The generated corpus does not compile ({errors.Count} errors), e.g.:");
        errors.Take(5).ToList().ForEach(e => Console.Error.WriteLine("  " + e));
        return 1;
    }

    Console.WriteLine($"{corpus.Lines:N0} lines: {corpus.Types:N0} types, {corpus.ConcurrentTypes:N0} with handshakes/sharing ({100.0 * corpus.ConcurrentTypes / corpus.Types:F1} %), "
        + $"{corpus.AsyncTypes:N0} ordinary types with async methods; {string.Join(", ", corpus.KindCounts.Select(k => $"{k.Key} {k.Value}"))}");
    Console.Write("  runs (Fencer ms / NetAnalyzers ms / wall ms): warm-up");
    await AnalyzerRun.RunAsync(compilation, fencer, netAnalyzers).ConfigureAwait(false);
    // Small sizes are analyzed more often, so every size's median rests on about as many analyzed lines:
    // a 10k-line run lasts a few milliseconds of Fencer time, where scheduler noise alone is of that order.
    var repeat = Math.Max(options.Repeat, (int)Math.Ceiling(options.Repeat * (double)options.Sizes.Max() / size));
    var runs = new List<RunResult>();
    for (var i = 0; i < repeat; i++)
    {
        var run = await AnalyzerRun.RunAsync(compilation, fencer, netAnalyzers).ConfigureAwait(false);
        runs.Add(run);
        Console.Write($", {run.Fencer.TotalMilliseconds:F0} / {run.NetAnalyzers.TotalMilliseconds:F0} / {run.Wall.TotalMilliseconds:F0}");
    }

    Console.WriteLine();
    rows.Add(SizeResult.From(corpus, runs));
}

Console.WriteLine();
ResultTable.Print(rows, Console.Out);

if (options.Profile)
{
    Console.WriteLine();
    await Profile.RunAsync(options, fencer).ConfigureAwait(false);
}

return rows.All(r => r.SanityOk) ? 0 : 2;
