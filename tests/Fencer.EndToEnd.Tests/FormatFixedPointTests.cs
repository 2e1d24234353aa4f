using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Fencer.Tests.Shared;
using Xunit;

namespace Fencer.EndToEnd.Tests;

/// <summary>
/// What CI users run: <c>dotnet format analyzers</c> for the three rules over a project holding every litmus file that
/// must be flagged (the seed scenarios and the SB and R tests whose result is Sometimes). Each run must leave no Fencer
/// finding and no compile error, and every run must write the same code: the fixes once applied only some of the time
/// (docs/design.md §10, "Fix All").
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class FormatFixedPointTests
{
    private const int Runs = 3;

    private readonly PackageFixture _package;

    public FormatFixedPointTests(PackageFixture package) => _package = package;

    [Fact]
    public async Task FormatAnalyzers_ForAllRules_LeavesNoFindingAndTheSameCode_EveryRun()
    {
        var flagged = FlaggedLitmusFiles();
        Assert.True(flagged.Count >= 10, "the flagged litmus files are missing from tests/Litmus");
        var project = _package.NewProject("Litmus", "net10.0", exe: true);
        Write(project, flagged);

        var (built, before) = await project.DotNetAsync("build", "--no-incremental");
        Assert.True(built == 0, before);
        foreach (var file in flagged.Keys)
        {
            Assert.True(Regex.IsMatch(before, Regex.Escape(file) + @"\(\d+,\d+\): warning FEN00[123]"), $"{file} is not flagged before the fix:\n{before}");
        }

        string? firstResult = null;
        for (var run = 1; run <= Runs; run++)
        {
            Write(project, flagged);
            var format = await project.DotNetAsync("format", "analyzers", "--diagnostics", "FEN001", "FEN002", "FEN003", "--severity", "info", "-v", "n");
            Assert.True(format.ExitCode == 0, $"run {run}: dotnet format failed:\n{format.Output}");
            Assert.DoesNotContain("Unable to fix", format.Output);
            Assert.DoesNotContain("Failed to apply", format.Output);

            var (exit, output) = await project.DotNetAsync("build", "--no-incremental");
            Assert.True(exit == 0, $"run {run}: the fixed project does not build:\n{output}\n{Read(project, flagged)}");
            Assert.DoesNotMatch(@"(warning|error|info) FEN00", output);

            var result = Read(project, flagged);
            firstResult ??= result;
            Assert.True(firstResult == result, $"run {run} wrote other code than run 1:\n{result}");
        }
    }

    /// <summary>The litmus files (file name to text) whose header says the outcome is possible: Fencer must flag them.</summary>
    private static Dictionary<string, string> FlaggedLitmusFiles()
    {
        var root = Path.Combine(RepositoryLayout.Root, "tests", "Litmus");
        return Directory.EnumerateFiles(Path.Combine(root, "seed"), "*.cs")
            .Concat(Directory.EnumerateFiles(root, "SB_*.cs"))
            .Concat(Directory.EnumerateFiles(root, "R_*.cs"))
            .Where(path => File.ReadLines(path).First().Contains("Result: Sometimes", StringComparison.Ordinal))
            .OrderBy(path => path, StringComparer.Ordinal)
            .ToDictionary(path => Path.GetFileName(path), File.ReadAllText, StringComparer.Ordinal);
    }

    private static void Write(ConsumerProject project, Dictionary<string, string> files)
    {
        foreach (var (name, text) in files)
        {
            project.With(name, text);
        }

        project.With("Program.cs", "System.Console.WriteLine(\"litmus\");\n");
    }

    private static string Read(ConsumerProject project, Dictionary<string, string> files) =>
        string.Join("\n", files.Keys.Select(name => $"// ---- {name}\n{File.ReadAllText(project.PathOf(name))}"));
}
