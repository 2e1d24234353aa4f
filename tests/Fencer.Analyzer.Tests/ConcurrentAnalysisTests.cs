using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Fencer.Analyzer.Tests.Verifiers;
using Xunit;

namespace Fencer.Analyzer.Tests;

/// <summary>
/// The compiler and the IDE run analyzers concurrently (the analyzer enables it): every litmus file in one
/// compilation, analysed concurrently several times, at both levels, gives exactly what a sequential run gives, and no
/// exception.
/// </summary>
public class ConcurrentAnalysisTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ConcurrentRuns_ReportWhatASequentialRunReports(bool audit)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "Litmus");
        var sources = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(root, f), File.ReadAllText(f)))
            .ToArray();
        var compilation = AnalyzerRunner.Compile(OutputKind.DynamicallyLinkedLibrary, sources);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var (sequential, exceptions) = await AnalyzerRunner.RunAsync(compilation, concurrent: false, audit);
        Assert.Empty(exceptions);
        Assert.NotEmpty(sequential);
        for (var run = 0; run < 3; run++)
        {
            var (concurrent, concurrentExceptions) = await AnalyzerRunner.RunAsync(compilation, concurrent: true, audit);
            Assert.Empty(concurrentExceptions);
            Assert.Equal(Describe(sequential), Describe(concurrent));
        }
    }

    private static string[] Describe(System.Collections.Immutable.ImmutableArray<Diagnostic> diagnostics) =>
        diagnostics.Select(d => $"{d.Id} {d.Location.GetLineSpan()} {d.GetMessage()} {d.AdditionalLocations.Count}")
            .OrderBy(s => s, StringComparer.Ordinal).ToArray();
}
