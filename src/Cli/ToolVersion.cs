using System.Reflection;

namespace Fencer.Cli;

/// <summary>The version of fencer (and of the analyzer it hosts: they are built and packed together).</summary>
internal static class ToolVersion
{
    /// <summary>The informational version, e.g. <c>0.1.0+abc123</c>.</summary>
    public static string Text { get; } =
        typeof(ToolVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>The version without build metadata, e.g. <c>0.1.0</c>.</summary>
    public static string Semantic { get; } = Text.Split('+')[0];
}
