using Microsoft.CodeAnalysis;

namespace Fencer.Cli.Loading;

/// <summary>How a project's compilation was made.</summary>
internal enum LoadMode
{
    /// <summary>Evaluated by MSBuild (MSBuildWorkspace): the project's own references, options and generated sources.</summary>
    MsBuild,

    /// <summary>From its folder: its sources, .NET reference assemblies shipped with fencer, what the project file says as XML.</summary>
    Folder,
}

/// <summary>A project Fencer audits, how it was loaded, and why from its folder when MSBuild was tried.</summary>
internal sealed record AuditedProject(ProjectId Id, string Name, string? ProjectFile, LoadMode Mode, string? FallbackReason);
