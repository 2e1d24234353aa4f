using System;
using System.IO;
using System.Threading.Tasks;
using Xunit;

namespace Fencer.Cli.Tests;

/// <summary>Bad input gets one line on standard error and exit code 2: never a stack trace, never a report.</summary>
public sealed class BadInputTests
{
    [Fact]
    public async Task PathThatDoesNotExist()
    {
        using var tree = new TempTree();
        await AssertOneLineErrorAsync(tree.Path, "'nowhere/App.sln' does not exist", "check", "nowhere/App.sln");
    }

    [Fact]
    public async Task UnreadableFile()
    {
        using var tree = new TempTree();
        string path;
        if (OperatingSystem.IsWindows())
        {
            return; // no POSIX modes; the one-line error itself is covered by the other cases
        }

        if (Environment.UserName == "root")
        {
            // root reads any file whatever its mode: a link to a kernel file that cannot be read (EINVAL) stands in.
            path = Path.Combine(tree.Path, "Unreadable.csproj");
            File.CreateSymbolicLink(path, "/proc/self/clear_refs");
        }
        else
        {
            path = tree.Write("Unreadable.csproj", "<Project />");
            File.SetUnixFileMode(path, UnixFileMode.None);
        }

        await AssertOneLineErrorAsync(tree.Path, "cannot read 'Unreadable.csproj'", "check", "Unreadable.csproj");
    }

    [Theory]
    [InlineData("Broken.sln", "this is not a solution file\nProject(\"{oops")]
    [InlineData("Broken.slnx", "<Solution><Project Path=")]
    public async Task SolutionThatDoesNotParse(string name, string text)
    {
        using var tree = new TempTree();
        tree.Write(name, text);
        await AssertOneLineErrorAsync(tree.Path, $"cannot parse solution '{Path.Combine(tree.Path, name)}'", "check", name);
    }

    [Fact]
    public async Task ProjectThatIsNotXml()
    {
        using var tree = new TempTree();
        tree.Write("App.csproj", "not xml at all");
        await AssertOneLineErrorAsync(tree.Path, "cannot read project", "check", "App.csproj");
    }

    [Fact]
    public async Task FolderWithNoSources()
    {
        using var tree = new TempTree();
        tree.Write("README.md", "nothing to audit");
        tree.Write("bin/Old.cs", "class Old {}"); // build output is not a source
        await AssertOneLineErrorAsync(tree.Path, "no .cs files below", "check", ".");
    }

    [Theory]
    [InlineData("unknown option '--frobnicate'", "check", ".", "--frobnicate")]
    [InlineData("unknown format 'xml'", "check", ".", "--format", "xml")]
    [InlineData("unknown --fail-on level 'sometimes'", "check", ".", "--fail-on", "sometimes")]
    [InlineData("no path given", "check")]
    [InlineData("unknown report level 'loud'", "check", ".", "--report", "loud")]
    [InlineData("unknown command 'audit'", "audit", ".")]
    [InlineData("option '--output' needs a value", "check", ".", "--output")]
    [InlineData("not a .sln, .slnx or .csproj file", "check", "README.md")]
    public async Task UsageErrors(string message, params string[] arguments)
    {
        using var tree = new TempTree();
        tree.Write("README.md", "x");
        await AssertOneLineErrorAsync(tree.Path, message, arguments);
    }

    [Fact]
    public async Task OutputIntoAFolderThatDoesNotExist()
    {
        using var tree = new TempTree();
        tree.Write("Worker.cs", TestTrees.Worker);
        await AssertOneLineErrorAsync(tree.Path, "cannot write 'missing/report.sarif'", "check", ".", "--output", "missing/report.sarif");
    }

    [Fact]
    public async Task Help_SaysThatMSBuildRunsTheProjectsCode_AndHowNotTo()
    {
        var run = await FencerTool.RunAsync(Path.GetTempPath(), "check", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("EVALUATES THE PROJECT'S BUILD FILES, which can run arbitrary", run.Stdout);
        Assert.Contains("--no-msbuild", run.Stdout);
        Assert.Contains("nothing from the audited tree is run", run.Stdout);
    }

    private static async Task AssertOneLineErrorAsync(string directory, string expected, params string[] arguments)
    {
        var run = await FencerTool.RunAsync(directory, arguments);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        var lines = run.Stderr.TrimEnd().Split('\n');
        Assert.True(lines.Length == 1, "more than one line on standard error:\n" + run.Stderr);
        Assert.StartsWith("fencer: ", lines[0]);
        Assert.Contains(expected, lines[0]);
        Assert.DoesNotContain("   at ", run.Stderr);
    }
}
