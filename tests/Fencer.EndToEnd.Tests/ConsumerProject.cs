using System;
using System.IO;
using System.Threading.Tasks;
using Fencer.Tests.Shared;

namespace Fencer.EndToEnd.Tests;

/// <summary>A user's project that references Fencer the way users do: one PackageReference.</summary>
public sealed class ConsumerProject
{
    public ConsumerProject(string directory, string name, string targetFramework, bool exe, string version)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        ProjectFile = Path.Combine(directory, name + ".csproj");
        File.WriteAllText(ProjectFile, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>{(exe ? "Exe" : "Library")}</OutputType>
                <TargetFramework>{targetFramework}</TargetFramework>
                <LangVersion>latest</LangVersion>
                <Nullable>disable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Fencer" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
    }

    public string Directory { get; }

    public string ProjectFile { get; }

    public string PathOf(string file) => Path.Combine(Directory, file);

    public ConsumerProject With(string file, string text)
    {
        File.WriteAllText(PathOf(file), text);
        return this;
    }

    public ConsumerProject WithSampleWorker() =>
        With("Worker.cs", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Assets", "Worker.cs")));

    public Task<(int ExitCode, string Output)> DotNetAsync(params string[] arguments) =>
        DotNetCli.RunAsync(Directory, PackageFixture.CommandTimeout, arguments);
}
