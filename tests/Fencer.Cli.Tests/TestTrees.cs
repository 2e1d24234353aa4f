using System.IO;
using System.Threading.Tasks;
using Fencer.Tests.Shared;

namespace Fencer.Cli.Tests;

/// <summary>Projects the loading tests build in temporary folders.</summary>
internal static class TestTrees
{
    /// <summary>The StoreBuffer sample's worker: one FEN001 at line 22.</summary>
    public static string Worker { get; } = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "samples", "StoreBuffer", "Worker.cs"));

    public static string Project(string frameworks = "net10.0", string extra = "") => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFrameworks>{frameworks}</TargetFrameworks>
            <Nullable>enable</Nullable>
          </PropertyGroup>
          {extra}
        </Project>
        """;

    /// <summary>Restores a project or solution of a test tree (no packages: nothing is downloaded).</summary>
    public static async Task RestoreAsync(string directory, string path)
    {
        var (exitCode, output) = await DotNetCli.RunAsync(directory, System.TimeSpan.FromMinutes(3), "restore", path);
        Xunit.Assert.True(exitCode == 0, output);
    }
}
