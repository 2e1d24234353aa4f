using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Fencer.Analyzer.Tests.Verifiers;
using Xunit;

namespace Fencer.Analyzer.Tests;

/// <summary>
/// Half-typed code: the analyzer runs on every prefix of each sample file cut at a token boundary, and on
/// random token deletions of the samples and the litmus seed files, and must never throw.
/// </summary>
public class NoCrashTests
{
    private const int DeletionsPerFile = 40;

    public static IEnumerable<object[]> SampleFiles() => FilesUnder("Samples");

    public static IEnumerable<object[]> Files() => SampleFiles().Concat(FilesUnder(Path.Combine("Litmus", "seed")));

    private static IEnumerable<object[]> FilesUnder(string folder)
    {
        var roots = new[] { Path.Combine(AppContext.BaseDirectory, folder) };
        return roots.Where(Directory.Exists)
            .SelectMany(r => Directory.EnumerateFiles(r, "*.cs", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(AppContext.BaseDirectory, f))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => new object[] { f });
    }

    [Fact]
    public void SampleFiles_ArePresent()
    {
        Assert.Contains(SampleFiles(), f => ((string)f[0]).Contains("StoreBuffer", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public async Task EveryPrefixAtTokenBoundaries_AnalyzesWithoutThrowing(string file)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, file));
        var tokens = CSharpSyntaxTree.ParseText(text).GetRoot().DescendantTokens().ToList();
        var variants = tokens.Select(t => text.Substring(0, t.Span.End));
        await AssertNoThrowAsync(file, variants);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task RandomTokenDeletions_AnalyzeWithoutThrowing(string file)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, file));
        var tokens = CSharpSyntaxTree.ParseText(text).GetRoot().DescendantTokens().Where(t => t.Span.Length > 0).ToList();
        var random = new Random(file.Length * 7919);
        var variants = new List<string>();
        for (var i = 0; i < DeletionsPerFile; i++)
        {
            var doomed = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => tokens[random.Next(tokens.Count)].Span).OrderByDescending(s => s.Start).Distinct();
            var mutated = text;
            foreach (var span in doomed)
            {
                mutated = mutated.Remove(span.Start, span.Length);
            }

            variants.Add(mutated);
        }

        await AssertNoThrowAsync(file, variants);
    }

    /// <summary>
    /// Roslyn's control-flow graph builder throws on some broken code: an ambiguous call (here, a type declared twice,
    /// as a folder compilation of a project that links a file twice makes it) whose argument is an interpolated-string
    /// handler (held-out 19, Aspire.Hosting's dashboard set-up). A member whose graph cannot be built is unknown: it
    /// takes part in no handshake, and the rest of the compilation is analysed as before.
    /// </summary>
    [Fact]
    public async Task MemberWhoseControlFlowGraphCannotBeBuilt_IsLeftOut_AndTheRestIsAnalysed()
    {
        const string Handler = """
            [InterpolatedStringHandler]
            public ref struct H
            {
                public H(int literalLength, int formattedCount, B b) { }
                public void AppendLiteral(string s) { }
                public void AppendFormatted<T>(T t) { }
            }

            public class B
            {
                public void Append([InterpolatedStringHandlerArgument("")] in H h) { }
            }
            """;
        const string Handshakes = """
            public class Broken
            {
                volatile bool _a, _b;
                public void Start() => Task.Run(() => Other());
                public bool One(B b, object o) { _a = true; b.Append($"{o}"); return _b; }
                private bool Other() { _b = true; return _a; }
            }

            public class Sound
            {
                volatile bool _a, _b;
                public void Start() => Task.Run(() => Other());
                public bool One() { _a = true; return _b; }
                private bool Other() { _b = true; return _a; }
            }
            """;
        var compilation = AnalyzerRunner.Compile(
            "using System.Runtime.CompilerServices;\nusing System.Threading.Tasks;\n" + Handshakes + "\n" + Handler + "\n" + Handler);
        Assert.Contains(compilation.GetDiagnostics(), d => d.Id == "CS0121"); // the ambiguous call the builder cannot lower

        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(compilation);

        Assert.Empty(exceptions);
        var text = compilation.SyntaxTrees.Single().ToString();
        var sound = text.IndexOf("class Sound", StringComparison.Ordinal);
        Assert.Contains(diagnostics, d => d.Id == "FEN002" && d.Location.SourceSpan.Start > sound);
        Assert.DoesNotContain(diagnostics, d => d.Location.SourceSpan.Start < sound);
    }

    private static async Task AssertNoThrowAsync(string file, IEnumerable<string> variants)
    {
        var baseline = AnalyzerRunner.Compile(string.Empty);
        var tree = baseline.SyntaxTrees.First();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var list = variants.ToList();
        await Parallel.ForEachAsync(Enumerable.Range(0, list.Count), async (i, _) =>
        {
            var next = CSharpSyntaxTree.ParseText(list[i], (CSharpParseOptions)tree.Options, tree.FilePath);
            var (_, exceptions) = await AnalyzerRunner.RunAsync(baseline.ReplaceSyntaxTree(tree, next));
            if (!exceptions.IsEmpty)
            {
                failures.Add($"{file}, variant {i}: {string.Join(Environment.NewLine, exceptions)}\n---\n{list[i]}");
            }
        });

        Assert.NotEmpty(list);
        Assert.True(failures.IsEmpty, string.Join(Environment.NewLine, failures.Take(3)));
    }
}
