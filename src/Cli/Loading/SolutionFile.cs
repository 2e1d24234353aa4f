using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.SolutionPersistence.Serializer;

namespace Fencer.Cli.Loading;

/// <summary>The projects a <c>.sln</c> or <c>.slnx</c> lists, read with Visual Studio's own solution parser (no MSBuild).</summary>
internal static class SolutionFile
{
    /// <summary>The full paths of the C# projects of the solution; throws <see cref="LoadException"/> when it does not parse.</summary>
    public static async Task<IReadOnlyList<string>> ProjectsAsync(string path, CancellationToken cancellationToken)
    {
        var serializer = SolutionSerializers.GetSerializerByMoniker(path)
            ?? throw new LoadException($"'{path}' is not a solution file Fencer can read (.sln or .slnx)");
        try
        {
            var model = await serializer.OpenAsync(path, cancellationToken).ConfigureAwait(false);
            var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
            return model.SolutionProjects
                .Select(p => Path.GetFullPath(Path.Combine(folder, p.FilePath.Replace('\\', Path.DirectorySeparatorChar))))
                .Where(p => p.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
                .Distinct(StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception e) when (e is not OperationCanceledException and not LoadException)
        {
            throw new LoadException($"cannot parse solution '{path}': {OneLine(e.Message)}");
        }
    }

    internal static string OneLine(string message) => string.Join(" ", message.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries)).Trim();
}
