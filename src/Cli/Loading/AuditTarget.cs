using System;
using System.IO;
using System.Linq;

namespace Fencer.Cli.Loading;

/// <summary>What PATH of <c>fencer check PATH</c> is.</summary>
internal enum TargetKind
{
    Solution,
    Project,
    Folder,
}

/// <summary>The audited solution, project or folder, checked to exist and be readable.</summary>
internal sealed record AuditTarget(TargetKind Kind, string FullPath, string Root)
{
    /// <summary>Resolves PATH; throws <see cref="LoadException"/> with a one-line reason when it cannot be audited.</summary>
    public static AuditTarget Resolve(string path)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new LoadException($"'{path}' is not a valid path: {e.Message}");
        }

        if (Directory.Exists(full))
        {
            try
            {
                _ = Directory.EnumerateFileSystemEntries(full).FirstOrDefault();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new LoadException($"cannot read folder '{path}': {e.Message}");
            }

            return new AuditTarget(TargetKind.Folder, full.TrimEnd(Path.DirectorySeparatorChar), full.TrimEnd(Path.DirectorySeparatorChar));
        }

        if (!File.Exists(full))
        {
            throw new LoadException($"'{path}' does not exist");
        }

        var kind = Path.GetExtension(full).ToLowerInvariant() switch
        {
            ".sln" or ".slnx" => TargetKind.Solution,
            ".csproj" => TargetKind.Project,
            _ => throw new LoadException($"'{path}' is not a .sln, .slnx or .csproj file, nor a folder"),
        };

        try
        {
            using var stream = File.OpenRead(full);
            _ = stream.ReadByte();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LoadException($"cannot read '{path}': {e.Message}");
        }

        return new AuditTarget(kind, full, Path.GetDirectoryName(full)!);
    }
}
