using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Fencer.Analyzer.Tests.Verifiers;
using Xunit;

namespace Fencer.Analyzer.Tests;

/// <summary>The samples say what Fencer reports on them: the README's warning on samples/StoreBuffer, silence on the fixed ones.</summary>
public class SampleTests
{
    [Theory]
    [InlineData("StoreBuffer", "FEN001 Worker.cs:22")]
    [InlineData("StoreBuffer.Fixed", "")]
    [InlineData("ReaderBiasedLock", "")]
    public async Task Sample_ReportsExactlyTheDocumentedDiagnostics(string sample, string expected)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Samples", sample);
        var files = Directory.EnumerateFiles(folder, "*.cs").OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f))).ToArray();
        Assert.NotEmpty(files);
        var compilation = AnalyzerRunner.Compile(OutputKind.ConsoleApplication, files);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(compilation);

        Assert.Empty(exceptions);
        var actual = string.Join("; ", diagnostics
            .Select(d => $"{d.Id} {d.Location.GetLineSpan().Path}:{d.Location.GetLineSpan().StartLinePosition.Line + 1}")
            .OrderBy(s => s, StringComparer.Ordinal));
        Assert.Equal(expected, actual);
    }
}
