using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Fencer.Analyzer.Benchmarks.Generation;
using Fencer.Analyzer.Benchmarks.Running;

namespace Fencer.Analyzer.Benchmarks.Reporting;

/// <summary>
/// <c>--profile</c>: where Fencer's time goes, measured from outside the analyzer (its internals are not used):
/// Fencer alone on already-bound corpora that differ in one thing each, a tiny corpus for the fixed cost per
/// compilation, and Stopwatch probes of the two stages docs/design.md §8 "Cost" names (the token gate, the CFGs).
/// </summary>
internal static class Profile
{
    /// <summary>The identifiers docs/design.md §8 "Cost" lists as evidence of sharing, for the probe below.</summary>
    private static readonly HashSet<string> EvidenceNames = new(StringComparer.Ordinal)
    {
        "Volatile", "VolatileRead", "VolatileWrite", "Interlocked", "MemoryBarrier", "MemoryBarrierProcessWide",
        "Monitor", "Lock", "AsymmetricBarrier", "Thread", "Task", "ThreadPool", "Parallel", "Timer",
        "ConcurrentQueue", "ConcurrentBag", "ConcurrentStack", "ConcurrentDictionary",
        "ManualResetEventSlim", "SemaphoreSlim", "TaskCompletionSource", "CancellationTokenSource", "CancellationToken",
    };

    public static async Task RunAsync(BenchmarkOptions options, DiagnosticAnalyzer fencer)
    {
        var size = Math.Min(options.Sizes.Max(), 50_000);
        var variants = new (string Name, int Lines, double Concurrent, double Async)[]
        {
            ("tiny (fixed cost per compilation)", 300, CorpusGenerator.DefaultConcurrentShare, OrdinaryTemplates.DefaultAsyncShare),
            ("ordinary only, no async", size, 0, 0),
            ("ordinary only, 25 % async", size, 0, 0.25),
            ("ordinary only, all async", size, 0, 1),
            ("default mix (8 % handshakes, 25 % async)", size, CorpusGenerator.DefaultConcurrentShare, OrdinaryTemplates.DefaultAsyncShare),
            ("handshake/sharing types only", size, 1, 0),
        };

        Console.WriteLine($"Profile: Fencer alone on already-bound compilations, median of {options.Repeat} after 1 warm-up.");
        Console.WriteLine("variant                                  |  lines |  types | async | hs types | Fencer ms | ms/1k lines | µs/type");
        Console.WriteLine("-----------------------------------------|--------|--------|-------|----------|-----------|-------------|--------");
        foreach (var (name, lines, concurrent, async) in variants)
        {
            var corpus = CorpusGenerator.Generate(lines, options.Seed, concurrent, async);
            var compilation = CompilationFactory.Create(corpus, ImmutableDictionary<string, ReportDiagnostic>.Empty);
            _ = compilation.GetDiagnostics();
            await AnalyzerRun.RunAsync(compilation, fencer, ImmutableArray<DiagnosticAnalyzer>.Empty, fresh: false).ConfigureAwait(false);
            var times = new List<double>();
            for (var i = 0; i < options.Repeat; i++)
            {
                var run = await AnalyzerRun.RunAsync(compilation, fencer, ImmutableArray<DiagnosticAnalyzer>.Empty, fresh: false).ConfigureAwait(false);
                times.Add(run.Fencer.TotalMilliseconds);
            }

            var ms = SizeResult.Median(times);
            Console.WriteLine($"{name,-40} | {corpus.Lines,6:N0} | {corpus.Types,6:N0} | {corpus.AsyncTypes,5:N0} | {corpus.ConcurrentTypes,8:N0} | {ms,9:F1} | {ms / (corpus.Lines / 1000.0),11:F3} | {ms * 1000 / corpus.Types,7:F1}");
        }

        Console.WriteLine();
        Stages(CorpusGenerator.Generate(size, options.Seed));
    }

    /// <summary>Times, on the default mix, a token scan of every type and the CFGs of the bodies of the types it lets through.</summary>
    private static void Stages(Corpus corpus)
    {
        var compilation = CompilationFactory.Create(corpus, ImmutableDictionary<string, ReportDiagnostic>.Empty);
        _ = compilation.GetDiagnostics();
        var gate = new Stopwatch();
        var graphs = new Stopwatch();
        int types = 0, passed = 0, passedOnlyByTask = 0, bodies = 0;
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var type in tree.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>())
            {
                types++;
                gate.Start();
                var names = type.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken) && EvidenceNames.Contains(t.ValueText)).Select(t => t.ValueText).ToHashSet(StringComparer.Ordinal);
                var evidence = names.Count > 0 || type.DescendantTokens().Any(t => t.IsKind(SyntaxKind.VolatileKeyword) || t.IsKind(SyntaxKind.LockKeyword));
                gate.Stop();
                if (!evidence)
                {
                    continue;
                }

                passed++;
                passedOnlyByTask += names.Count > 0 && names.All(n => n is "Task" or "CancellationToken") ? 1 : 0;
                graphs.Start();
                foreach (var member in type.Members.OfType<BaseMethodDeclarationSyntax>())
                {
                    var graph = model.GetOperation(member) switch
                    {
                        IMethodBodyOperation method => ControlFlowGraph.Create(method),
                        IConstructorBodyOperation constructor => ControlFlowGraph.Create(constructor),
                        _ => null,
                    };
                    bodies += graph is null ? 0 : 1;
                }

                graphs.Stop();
            }
        }

        Console.WriteLine($"Stages on the default mix ({corpus.Lines:N0} lines, bound compilation, harness probes):");
        Console.WriteLine($"  token scan of all {types:N0} types: {gate.Elapsed.TotalMilliseconds:F1} ms");
        Console.WriteLine($"  {passed:N0} types show evidence of sharing; {passedOnlyByTask:N0} of them only through 'Task'/'CancellationToken' (async code), {corpus.ConcurrentTypes:N0} really share");
        Console.WriteLine($"  control-flow graphs for their {bodies:N0} methods and constructors: {graphs.Elapsed.TotalMilliseconds:F1} ms");
    }
}
