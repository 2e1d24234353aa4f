using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Fencer.Tests.Shared;
using Xunit;

namespace Fencer.EndToEnd.Tests;

/// <summary>
/// Packs Fencer once, with a unique version, into a temporary feed, and gives every test a temporary
/// folder whose nuget.config adds that feed and a temporary package folder: consumers never see a
/// cached copy of an earlier build.
/// </summary>
public sealed class PackageFixture : IAsyncLifetime
{
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(4);

    public string RepositoryRoot => RepositoryLayout.Root;

    public string Version { get; } = $"0.1.0-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    public string WorkRoot { get; } = Path.Combine(Path.GetTempPath(), "fencer-e2e-" + Guid.NewGuid().ToString("N")[..12]);

    public string Feed => Path.Combine(WorkRoot, "feed");

    /// <summary>The configuration the test assembly was built in (bin/Release/... or bin/Debug/...).</summary>
    public static string Configuration => RepositoryLayout.Configuration;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        File.WriteAllText(Path.Combine(WorkRoot, "nuget.config"), """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="fencer-e2e" value="feed" />
              </packageSources>
              <config>
                <add key="globalPackagesFolder" value="packages" />
              </config>
            </configuration>
            """);

        // Build as the solution build did (a no-op after `dotnet test Analyzers.sln`), then pack those
        // outputs without rebuilding them under another version while other test assemblies use them.
        var project = Path.Combine(RepositoryRoot, "src", "Package", "Fencer.Package.csproj");
        var build = await DotNetCli.RunAsync(RepositoryRoot, CommandTimeout, "build", project, "-c", Configuration);
        Assert.True(build.ExitCode == 0, "building the package project failed:\n" + build.Output);
        var pack = await DotNetCli.RunAsync(RepositoryRoot, CommandTimeout, "pack", project, "-c", Configuration, "--no-build", "-p:Version=" + Version, "-o", Feed);
        Assert.True(pack.ExitCode == 0, "dotnet pack failed:\n" + pack.Output);
        Assert.True(File.Exists(Path.Combine(Feed, $"Fencer.{Version}.nupkg")), "no package in the feed:\n" + pack.Output);
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(WorkRoot, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }

        return Task.CompletedTask;
    }

    /// <summary>A new consumer project folder under the work root (inside the nuget.config's reach).</summary>
    public ConsumerProject NewProject(string name, string targetFramework, bool exe) =>
        new(Path.Combine(WorkRoot, name + "-" + Guid.NewGuid().ToString("N")[..6]), name, targetFramework, exe, Version);
}

[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageFixture>
{
    public const string Name = "Fencer package";
}
