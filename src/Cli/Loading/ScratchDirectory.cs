using System;
using System.IO;

namespace Fencer.Cli.Loading;

/// <summary>
/// A temporary folder outside the audited tree where MSBuild's design-time builds write what they generate
/// (assembly info, global usings, the generated editorconfig), so that loading a project writes nothing into it.
/// It holds a props file imported right after each project's Directory.Build.props (MSBuild's
/// <c>CustomAfterDirectoryBuildProps</c> hook) that moves the intermediate and output folders here, one per project.
/// </summary>
internal sealed class ScratchDirectory : IDisposable
{
    public ScratchDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fencer-" + Guid.NewGuid().ToString("N").Substring(0, 12));
        Directory.CreateDirectory(Path);
        RedirectProps = System.IO.Path.Combine(Path, "redirect.props");
        var root = Path + System.IO.Path.DirectorySeparatorChar;
        File.WriteAllText(RedirectProps, $"""
            <Project>
              <!-- Written by fencer: design-time builds write here, never into the audited tree. -->
              <PropertyGroup>
                <_FencerScratch>{System.Security.SecurityElement.Escape(root)}$(MSBuildProjectName)-$([MSBuild]::StableStringHash('$(MSBuildProjectFullPath)'))/</_FencerScratch>
                <IntermediateOutputPath>$(_FencerScratch)obj/</IntermediateOutputPath>
                <BaseOutputPath>$(_FencerScratch)bin/</BaseOutputPath>
                <OutputPath>$(_FencerScratch)bin/</OutputPath>
              </PropertyGroup>
            </Project>
            """);
    }

    public string Path { get; }

    /// <summary>The value of the <c>CustomAfterDirectoryBuildProps</c> global property.</summary>
    public string RedirectProps { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A build host still holding a file: the folder is in the temporary directory and harmless.
        }
    }
}
