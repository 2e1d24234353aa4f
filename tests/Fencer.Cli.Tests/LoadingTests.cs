using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Fencer.Cli.Tests;

/// <summary>How <c>fencer check</c> loads what it audits: MSBuild, folder compilations, and what it never does to the tree.</summary>
public sealed class LoadingTests
{
    [Fact]
    public async Task MultiProjectSolution_LoadsEveryProjectWithMSBuild_AndReportsAMultiTargetedFileOnce()
    {
        using var tree = new TempTree();
        tree.Write("Lib/Lib.csproj", TestTrees.Project("net8.0;net10.0"));
        tree.Write("Lib/Worker.cs", TestTrees.Worker);
        tree.Write("App/App.csproj", TestTrees.Project(extra: """<ItemGroup><ProjectReference Include="../Lib/Lib.csproj" /></ItemGroup>"""));
        // App's handshake sits on a type of Lib: it binds only if the project reference is resolved.
        tree.Write("App/Pump.cs", """
            using System.Threading;
            public sealed class Pump
            {
                private StoreBuffer.Worker? _current;
                private volatile bool _stopping;
                public void Stop() { _stopping = true; Interlocked.MemoryBarrier(); if (Volatile.Read(ref _current) is { } worker) { worker.Post(0); } }
                public void Swap(StoreBuffer.Worker next) { Volatile.Write(ref _current, next); if (_stopping) { next.RunOnce(); } }
            }
            """);
        tree.Write("All.slnx", """
            <Solution>
              <Project Path="App/App.csproj" />
              <Project Path="Lib/Lib.csproj" />
            </Solution>
            """);
        await TestTrees.RestoreAsync(tree.Path, "All.slnx");

        var run = await FencerTool.RunAsync(tree.Path, "check", "All.slnx", "--format", "json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var projects = json.RootElement.GetProperty("projects").EnumerateArray().ToList();
        Assert.Equal(new[] { ("App", "msbuild"), ("Lib", "msbuild") }, projects.Select(p => (p.GetProperty("name").GetString()!, p.GetProperty("loadedWith").GetString()!)));
        var findings = json.RootElement.GetProperty("findings").EnumerateArray().Select(f => (f.GetProperty("project").GetString()!, f.GetProperty("locations")[0].GetProperty("path").GetString()!)).ToList();
        Assert.Equal(new[] { ("App", "App/Pump.cs"), ("Lib", "Lib/Worker.cs") }, findings);
        Assert.Contains("loaded App/App.csproj with MSBuild", run.Stderr);
    }

    [Fact]
    public async Task ProjectThatWasNeverRestored_IsReadFromItsFolder_AndSaysWhy()
    {
        using var tree = new TempTree();
        tree.Write("Service/Service.csproj", TestTrees.Project(extra: """<ItemGroup><PackageReference Include="Fencer.Test.Package.That.Does.Not.Exist" Version="9.9.9" /></ItemGroup>"""));
        tree.Write("Service/Worker.cs", TestTrees.Worker);

        var run = await FencerTool.RunAsync(tree.Path, "check", ".");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Service: read from its folder: not restored", run.Stdout);
        Assert.Contains("Service/Worker.cs(22,9): warning FEN001", run.Stdout);
        Assert.Contains("read Service/Service.csproj from its folder: not restored", run.Stderr);
    }

    [Fact]
    public async Task FolderWithoutProjects_IsOneFolderCompilation()
    {
        using var tree = new TempTree();
        tree.Write("src/Worker.cs", TestTrees.Worker);
        tree.Write("obj/Stale.cs", "this is not C# and must never be read");

        var run = await FencerTool.RunAsync(tree.Path, "check", tree.Path, "--quiet");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("src/Worker.cs(22,9): warning FEN001", run.Stdout);
        Assert.Contains("Audited 1 project, 1 file", run.Stdout);
    }

    [Fact]
    public async Task NoMsBuild_AProjectThatImportsTheSdkThroughItsRepositorysOwnProps_CompilesItsWholeFolder()
    {
        // A repository's own SDK wrapper, found by the property function real repositories use to reach a file above
        // them: the project has no Sdk attribute, and one linked file in a Compile item.
        using var tree = new TempTree();
        tree.Write("Directory.Build.props", "<Project />");
        tree.Write("sdk/Engine.Sdk/Sdk.props", """<Project><Import Project="Sdk.props" Sdk="Microsoft.NET.Sdk" /></Project>""");
        tree.Write("shared/AssemblyInfo.cs", "[assembly: System.Reflection.AssemblyTitle(\"Engine\")]");
        tree.Write("Engine/Engine.csproj", """
            <Project>
              <Import Project="$([MSBuild]::GetDirectoryNameOfFileAbove($(MSBuildProjectDirectory), 'Directory.Build.props'))/sdk/Engine.Sdk/Sdk.props" />
              <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
              <ItemGroup><Compile Include="../shared/AssemblyInfo.cs" /></ItemGroup>
            </Project>
            """);
        tree.Write("Engine/Worker.cs", TestTrees.Worker);

        var run = await FencerTool.RunAsync(tree.Path, "check", ".", "--no-msbuild", "--quiet");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Engine/Worker.cs(22,9): warning FEN001", run.Stdout);
        Assert.Contains("Engine: read from its folder", run.Stdout);
    }

    [Fact]
    public async Task NoMsBuild_AFileFoundAboveARelativeStart_IsFoundFromTheProjectsFolder()
    {
        // GetPathOfFileAbove's start, when relative, is relative to the file that names it, not to where fencer runs.
        using var tree = new TempTree();
        tree.Write("build/Engine.props", """<Project><Import Project="Sdk.props" Sdk="Microsoft.NET.Sdk" /></Project>""");
        tree.Write("src/Engine/Engine.csproj", """
            <Project>
              <Import Project="$([MSBuild]::GetPathOfFileAbove('Engine.props', '../../build'))" />
              <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
              <ItemGroup><Compile Include="../Shared/Info.cs" /></ItemGroup>
            </Project>
            """);
        tree.Write("src/Shared/Info.cs", "public static class Info { }");
        tree.Write("src/Engine/Worker.cs", TestTrees.Worker);

        var run = await FencerTool.RunAsync(tree.Path, "check", ".", "--no-msbuild", "--quiet");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("src/Engine/Worker.cs(22,9): warning FEN001", run.Stdout);
    }

    [Fact]
    public async Task NoMsBuild_AProjectThatNamesOneReferenceTwice_ReferencesItOnce()
    {
        // One project named twice, with different metadata (the dotnet/msbuild repository's tasks project does this).
        using var tree = new TempTree();
        tree.Write("Lib/Lib.csproj", TestTrees.Project());
        tree.Write("Lib/Worker.cs", TestTrees.Worker);
        tree.Write("App/App.csproj", TestTrees.Project(extra: """
            <ItemGroup>
              <ProjectReference Include="../Lib/Lib.csproj" SetTargetFramework="TargetFramework=netstandard2.0" OutputItemType="NetstandardRefAssemblies" />
              <ProjectReference Include="..\Lib\Lib.csproj" />
            </ItemGroup>
            """));
        tree.Write("App/Program.cs", "public static class Program { public static void Main() { new Worker().Post(1); } }");

        var run = await FencerTool.RunAsync(tree.Path, "check", ".", "--no-msbuild", "--quiet");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Assert.Contains("Lib/Worker.cs(22,9): warning FEN001", run.Stdout);
    }

    [Fact]
    public async Task NoMsBuild_AnOldStyleProject_CompilesOnlyTheFilesItNames()
    {
        using var tree = new TempTree();
        tree.Write("Legacy/Legacy.csproj", """
            <Project ToolsVersion="15.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
              <Import Project="$(MSBuildExtensionsPath)/$(MSBuildToolsVersion)/Microsoft.Common.props" />
              <PropertyGroup><TargetFrameworkVersion>v4.7.2</TargetFrameworkVersion></PropertyGroup>
              <ItemGroup><Compile Include="Named.cs" /></ItemGroup>
            </Project>
            """);
        tree.Write("Legacy/Named.cs", "public static class Named { }");
        tree.Write("Legacy/Worker.cs", TestTrees.Worker); // in the folder, not in the project

        var run = await FencerTool.RunAsync(tree.Path, "check", ".", "--no-msbuild", "--quiet");

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("FEN001", run.Stdout);
        Assert.Contains("Audited 1 project, 1 file", run.Stdout);
    }

    [Fact]
    public async Task NoMsBuild_StartsNoProcess_RunsNothingFromTheTree_AndWritesNothingIntoIt()
    {
        using var tree = new TempTree();
        using var outside = new TempTree();
        var marker = Path.Combine(outside.Path, "the-tree-ran-code");
        WriteTrap(tree, marker);
        await TestTrees.RestoreAsync(tree.Path, "Trap/Trap.csproj");
        File.Delete(marker); // restore evaluates the project too
        var before = Snapshot(tree.Path);

        var (folder, folderChildren) = await RunWatchingChildrenAsync(tree.Path, "check", ".", "--no-msbuild", "--quiet");

        Assert.Equal(1, folder.ExitCode);
        Assert.Contains("Trap/Worker.cs(22,9): warning FEN001", folder.Stdout);
        Assert.False(File.Exists(marker), "--no-msbuild ran the tree's build logic");
        Assert.Empty(folderChildren);
        Assert.Equal(before, Snapshot(tree.Path));

        // The same tree through MSBuild does run its build logic and a build host: the checks above can fail.
        var (msbuild, msbuildChildren) = await RunWatchingChildrenAsync(tree.Path, "check", ".", "--quiet");
        Assert.Equal(1, msbuild.ExitCode);
        Assert.Contains("Trap: loaded with MSBuild", msbuild.Stdout);
        Assert.True(File.Exists(marker), "the trap did not fire under MSBuild: this test proves nothing");
        Assert.NotEmpty(msbuildChildren);
        Assert.Equal(before, Snapshot(tree.Path)); // design-time outputs went to fencer's scratch folder
    }

    [Fact]
    public async Task EditorConfigSeverity_IsHonoured_InBothModes()
    {
        using var tree = new TempTree();
        tree.Write("Lib/Lib.csproj", TestTrees.Project());
        tree.Write("Lib/Worker.cs", TestTrees.Worker);
        tree.Write(".editorconfig", "root = true\n[*.cs]\ndotnet_diagnostic.FEN001.severity = error\n");
        await TestTrees.RestoreAsync(tree.Path, "Lib/Lib.csproj");

        foreach (var mode in new[] { "--no-msbuild", "--quiet" })
        {
            var error = await FencerTool.RunAsync(tree.Path, "check", ".", mode, "--fail-on", "error");
            Assert.Equal(1, error.ExitCode);
            Assert.Contains("Lib/Worker.cs(22,9): error FEN001", error.Stdout);
        }

        tree.Write(".editorconfig", "root = true\n[*.cs]\ndotnet_diagnostic.FEN001.severity = none\n");
        foreach (var mode in new[] { "--no-msbuild", "--quiet" })
        {
            var none = await FencerTool.RunAsync(tree.Path, "check", ".", mode);
            Assert.Equal(0, none.ExitCode);
            Assert.Contains("No findings.", none.Stdout);
        }
    }

    [Fact]
    public async Task GlobalConfigSeverity_IsHonoured()
    {
        using var tree = new TempTree();
        tree.Write("Lib/Lib.csproj", TestTrees.Project());
        tree.Write("Lib/Worker.cs", TestTrees.Worker);
        tree.Write(".globalconfig", "is_global = true\ndotnet_diagnostic.FEN001.severity = suggestion\n");

        var run = await FencerTool.RunAsync(tree.Path, "check", ".", "--no-msbuild");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Lib/Worker.cs(22,9): info FEN001", run.Stdout);
    }

    [Theory]
    [InlineData("#pragma warning disable FEN001\n", "")]
    [InlineData("", "[System.Diagnostics.CodeAnalysis.SuppressMessage(\"Concurrency\", \"FEN001\", Justification = \"test\")]\n")]
    public async Task Suppressions_AreHonoured(string pragma, string attribute)
    {
        using var tree = new TempTree();
        var source = pragma + TestTrees.Worker.Replace("public sealed class Worker", attribute + "public sealed class Worker");
        tree.Write("Worker.cs", source);

        var run = await FencerTool.RunAsync(tree.Path, "check", ".", "--quiet");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("No findings.", run.Stdout);
    }

    [Theory]
    [InlineData("Worker.cs")]
    [InlineData("src/**")]
    [InlineData("**/Work*.cs")]
    public async Task Exclude_LeavesMatchingFilesUnreported_ButCompiled(string glob)
    {
        using var tree = new TempTree();
        tree.Write("src/Worker.cs", TestTrees.Worker);
        tree.Write("Other.cs", "public static class Other { public static int Processed(StoreBuffer.Worker w) => w.Processed; }");

        var excluded = await FencerTool.RunAsync(tree.Path, "check", ".", "--exclude", glob, "--quiet", "--format", "json");
        var included = await FencerTool.RunAsync(tree.Path, "check", ".", "--exclude", "nothing/**", "--quiet", "--format", "json");

        Assert.Equal(0, excluded.ExitCode);
        Assert.Equal(1, included.ExitCode);
        Assert.Empty(JsonDocument.Parse(excluded.Stdout).RootElement.GetProperty("findings").EnumerateArray());
    }

    /// <summary>A project whose build logic, if anything evaluates it, writes <paramref name="marker"/> (a process started by MSBuild's Exec task).</summary>
    private static void WriteTrap(TempTree tree, string marker)
    {
        tree.Write("Trap/Trap.csproj", TestTrees.Project());
        tree.Write("Trap/Worker.cs", TestTrees.Worker);
        tree.Write("Directory.Build.props", $"""
            <Project>
              <Target Name="FencerTestTrap" BeforeTargets="ResolveAssemblyReferences;_CheckForInvalidConfigurationAndPlatform">
                <Exec Command="touch {marker}" />
              </Target>
            </Project>
            """);
    }

    /// <summary>Runs fencer while watching, every few milliseconds, for processes it starts (its descendants).</summary>
    private static async Task<(Fencer.Tests.Shared.ProcessRun Run, List<string> Children)> RunWatchingChildrenAsync(string directory, params string[] arguments)
    {
        var children = new List<string>();
        using var stop = new CancellationTokenSource();
        Task? watcher = null;
        var run = await FencerTool.RunAsync(directory, process =>
        {
            // The id is taken while the process is known to be running: the run may end, and its Process be disposed,
            // before the watcher's last round.
            var id = process.Id;
            watcher = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    foreach (var child in Descendants(id))
                    {
                        lock (children)
                        {
                            if (!children.Contains(child))
                            {
                                children.Add(child);
                            }
                        }
                    }

                    await Task.Delay(5);
                }
            });
        }, arguments);
        stop.Cancel();
        await watcher!;
        return (run, children);
    }

    /// <summary>The command lines of the processes below <paramref name="pid"/>, read from /proc.</summary>
    private static IEnumerable<string> Descendants(int pid)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var id))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
                parents[id] = int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // the process ended while being read
            }
        }

        var found = new List<string>();
        var frontier = new Queue<int>(new[] { pid });
        while (frontier.Count > 0)
        {
            var parent = frontier.Dequeue();
            foreach (var (child, _) in parents.Where(p => p.Value == parent))
            {
                frontier.Enqueue(child);
                try
                {
                    found.Add(File.ReadAllText($"/proc/{child}/cmdline").Replace('\0', ' ').Trim());
                }
                catch (IOException)
                {
                    found.Add($"pid {child}");
                }
            }
        }

        return found;
    }

    /// <summary>Every file and folder below <paramref name="root"/> with its size and last write time.</summary>
    private static string Snapshot(string root) => string.Join("\n", Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
        .OrderBy(p => p, StringComparer.Ordinal)
        .Select(p => $"{Path.GetRelativePath(root, p)} {(File.Exists(p) ? new FileInfo(p).Length : -1)} {File.GetLastWriteTimeUtc(p):O}"));

    [Fact]
    public async Task ReportAudit_AlsoReportsTheWeakerCases_AsSuggestions()
    {
        using var tree = new TempTree();
        // The worker's load of the idle flag is only printed: no handshake at the default level.
        tree.Write("Worker.cs", TestTrees.Worker.Replace("if (_idle)\n        {\n            Wake();\n        }", "System.Console.WriteLine(_idle);"));

        var defaultLevel = await FencerTool.RunAsync(tree.Path, "check", ".", "--quiet");
        var audit = await FencerTool.RunAsync(tree.Path, "check", ".", "--quiet", "--report", "audit", "--fail-on", "warning");

        Assert.Contains("No findings.", defaultLevel.Stdout);
        Assert.Contains("Worker.cs(22,9): info FEN001", audit.Stdout);
        Assert.Equal(0, audit.ExitCode); // a suggestion is below the warning gate
    }

    /// <summary>
    /// An unfenced handshake has no fence to show, and a store with two partners carries a second group of locations:
    /// roles come from the diagnostic's Roles property, never from positions (the second group's first location is
    /// this side's later access, not the other side's fence).
    /// </summary>
    [Fact]
    public async Task Json_TakesRolesFromTheDiagnostic_WhenThereIsNoFence_AndSeveralPartners()
    {
        using var tree = new TempTree();
        tree.Write("Flags.cs", """
            using System.Threading;

            class Flags
            {
                volatile int _x, _y, _z;

                void A()
                {
                    _x = 1;
                    if (_y == 0) { Wake(); }
                    if (_z == 0) { Wake(); }
                }

                void B()
                {
                    _y = 1;
                    if (_x == 0) { Wake(); }
                }

                void C()
                {
                    _z = 1;
                    if (_x == 0) { Wake(); }
                }

                void Wake() { }
            }
            """);

        var run = await FencerTool.RunAsync(tree.Path, "check", ".", "--quiet", "--no-msbuild", "--format", "json");

        var finding = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("findings").EnumerateArray()
            .Single(f => f.GetProperty("thisMember").GetString() == "A");
        var roles = finding.GetProperty("locations").EnumerateArray().Select(l => (l.GetProperty("role").GetString()!, l.GetProperty("line").GetInt32())).ToList();
        Assert.Equal(new[] { ("thisStore", 9), ("thisAccess", 10), ("otherStore", 16), ("otherAccess", 17), ("related", 11), ("related", 22), ("related", 23) }, roles);
        Assert.Equal("shared: _x, _y", finding.GetProperty("evidence").GetString());
        Assert.False(finding.TryGetProperty("auditOnly", out _));
    }

    [Fact]
    public async Task Json_SaysWhyAnAuditLevelFindingIsOnlyASuggestion()
    {
        using var tree = new TempTree();
        tree.Write("Worker.cs", TestTrees.Worker.Replace("if (_idle)\n        {\n            Wake();\n        }", "System.Console.WriteLine(_idle);"));

        var run = await FencerTool.RunAsync(tree.Path, "check", ".", "--quiet", "--no-msbuild", "--report", "audit", "--format", "json");

        var finding = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("findings").EnumerateArray().Single();
        Assert.Equal("info", finding.GetProperty("severity").GetString());
        Assert.Equal("NoDecision", finding.GetProperty("auditOnly").GetString());
    }
}
