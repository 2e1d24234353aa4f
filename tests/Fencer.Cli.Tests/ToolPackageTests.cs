using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Threading.Tasks;
using Fencer.Tests.Shared;
using Xunit;

namespace Fencer.Cli.Tests;

/// <summary>The user's path: <c>dotnet pack</c> gives a tool package, which installs as a local tool and audits.</summary>
public sealed class ToolPackageTests
{
    [Fact]
    public async Task PackedTool_InstallsAsALocalTool_AndAuditsASample()
    {
        using var feed = new TempTree();
        using var user = new TempTree();
        // A version no earlier run used: the NuGet cache would otherwise hand back an older package.
        // --no-build packs the assemblies the other tests run: building again (a new version is a new build) rewrote
        // src/Cli/bin while tests in parallel started the tool from there (the host then found no app to run).
        var version = "0.1.0-test." + Guid.NewGuid().ToString("N").Substring(0, 12);
        var (packed, packOutput) = await DotNetCli.RunAsync(RepositoryLayout.Root, TimeSpan.FromMinutes(5),
            "pack", "src/Cli/Fencer.Cli.csproj", "-c", RepositoryLayout.Configuration, "--no-build", "-o", feed.Path, $"-p:Version={version}");
        Assert.True(packed == 0, packOutput);
        var package = Path.Combine(feed.Path, $"Fencer.Cli.{version}.nupkg");
        using (var zip = ZipFile.OpenRead(package))
        {
            var entries = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains(entries, e => e.EndsWith("/Fencer.Analyzer.dll", StringComparison.Ordinal)); // the package's analyzer, not a copy
            Assert.Contains(entries, e => e.EndsWith("/Fencer.CodeFixes.dll", StringComparison.Ordinal));
            Assert.Contains(entries, e => e.Contains("/BuildHost-netcore/", StringComparison.Ordinal)); // MSBuildWorkspace's build host
            Assert.Contains("DotnetToolSettings.xml", string.Join(" ", entries));
        }

        user.Write("Audited/Worker.cs", TestTrees.Worker);
        await RunAsync(user.Path, "new", "tool-manifest");
        await RunAsync(user.Path, "tool", "install", "Fencer.Cli", "--version", version, "--add-source", feed.Path);

        var (exitCode, output) = await DotNetCli.RunAsync(user.Path, TimeSpan.FromMinutes(3), "tool", "run", "fencer", "--", "check", "Audited", "--quiet");

        Assert.True(exitCode == 1, output);
        Assert.Contains("Audited/Worker.cs(22,9): warning FEN001", output);
        var (_, listed) = await DotNetCli.RunAsync(user.Path, TimeSpan.FromMinutes(1), "tool", "list", "--local");
        Assert.Contains(version, listed); // the package just packed, not one from the cache
        var (versionExit, versionOutput) = await DotNetCli.RunAsync(user.Path, TimeSpan.FromMinutes(1), "tool", "run", "fencer", "--", "--version");
        Assert.Equal(0, versionExit);
        Assert.StartsWith("fencer ", versionOutput.Trim());
    }

    private static async Task RunAsync(string directory, params string[] arguments)
    {
        var (exitCode, output) = await DotNetCli.RunAsync(directory, TimeSpan.FromMinutes(3), arguments);
        Assert.True(exitCode == 0, $"dotnet {string.Join(' ', arguments)}:\n{output}");
    }
}
