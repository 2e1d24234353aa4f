using System;
using System.Collections.Generic;
using System.Linq;

namespace Fencer.Analyzer.Benchmarks.Generation;

/// <summary>A generated code base: its files, its size, and what Fencer must find in it.</summary>
internal sealed record Corpus(
    IReadOnlyList<(string Path, string Text)> Files,
    int Lines,
    int Types,
    int ConcurrentTypes,
    int AsyncTypes,
    Expected Expected,
    IReadOnlyDictionary<string, int> KindCounts);

/// <summary>
/// Generates a deterministic corpus (fixed seed) of about <c>targetLines</c> lines: files of ~400 lines, each
/// with an enum, a data class and service classes, and a share of types with cross-thread handshakes.
/// </summary>
internal static class CorpusGenerator
{
    /// <summary>Default share of classes with volatile/Interlocked/lock code; the rest is ordinary code.</summary>
    public const double DefaultConcurrentShare = 0.08;

    private const int LinesPerFile = 400;

    /// <summary>Fencer.Runtime's entry point, recognised by metadata name; the asymmetric handshakes call it.</summary>
    private const string AsymmetricBarrierStub = """
        namespace Fencer
        {
            public static class AsymmetricBarrier
            {
                public static void Light() { }

                public static void Heavy() => System.Threading.Interlocked.MemoryBarrierProcessWide();
            }
        }

        """;

    private static readonly string[] Usings =
    {
        "System", "System.Collections.Concurrent", "System.Collections.Generic", "System.IO", "System.Linq",
        "System.Text", "System.Threading", "System.Threading.Tasks",
    };

    public static Corpus Generate(int targetLines, int seed, double concurrentShare = DefaultConcurrentShare, double asyncShare = OrdinaryTemplates.DefaultAsyncShare)
    {
        var random = new Random(seed);
        var templates = HandshakeTemplates.All;
        var totalWeight = templates.Sum(t => t.Weight);
        var files = new List<(string, string)> { ("AsymmetricBarrier.cs", AsymmetricBarrierStub) };
        var lines = AsymmetricBarrierStub.Count(c => c == '\n');
        var expected = default(Expected);
        var kinds = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int types = 0, concurrent = 0, asyncTypes = 0;

        for (var fileIndex = 0; lines < targetLines; fileIndex++)
        {
            var w = new SourceWriter();
            foreach (var name in Usings)
            {
                w.Line($"using {name};");
            }

            w.Blank();
            w.Line($"namespace Bench.Generated.N{fileIndex};");
            w.Blank();
            var kindEnum = $"Kind{fileIndex}";
            var record = $"Item{fileIndex}";
            OrdinaryTemplates.WriteEnum(w, kindEnum);
            w.Blank();
            OrdinaryTemplates.WriteRecord(w, record, kindEnum);
            types += 2;

            for (var typeIndex = 0; w.Lines < LinesPerFile && lines + w.Lines < targetLines; typeIndex++)
            {
                w.Blank();
                var name = $"T{fileIndex}_{typeIndex}";
                types++;
                string kind;
                if (random.NextDouble() < concurrentShare)
                {
                    var template = Pick(templates, totalWeight, random);
                    template.Write(w, name);
                    expected += template.Expected;
                    concurrent++;
                    kind = template.Kind;
                }
                else
                {
                    var isAsync = OrdinaryTemplates.WriteService(w, name, record, kindEnum, random, asyncShare);
                    asyncTypes += isAsync ? 1 : 0;
                    kind = isAsync ? "service-async" : "service";
                }

                kinds[kind] = kinds.TryGetValue(kind, out var n) ? n + 1 : 1;
            }

            files.Add(($"Generated{fileIndex:D4}.cs", w.ToString()));
            lines += w.Lines;
        }

        return new Corpus(files, lines, types, concurrent, asyncTypes, expected, kinds);
    }

    private static TypeTemplate Pick(IReadOnlyList<TypeTemplate> templates, int totalWeight, Random random)
    {
        var roll = random.Next(totalWeight);
        foreach (var template in templates)
        {
            roll -= template.Weight;
            if (roll < 0)
            {
                return template;
            }
        }

        return templates[templates.Count - 1];
    }
}
