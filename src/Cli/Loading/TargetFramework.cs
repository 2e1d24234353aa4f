using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace Fencer.Cli.Loading;

/// <summary>
/// The preprocessor symbols the .NET SDK defines for a target framework (<c>NET8_0</c>, <c>NET5_0_OR_GREATER</c>,
/// <c>NETSTANDARD2_0</c>, <c>NETFRAMEWORK</c>, ...), and which of a project's frameworks a folder compilation takes.
/// </summary>
internal static class TargetFramework
{
    /// <summary>The framework of folder compilations when a project names none.</summary>
    public const string Default = "net10.0";

    private static readonly Regex Modern = new(@"^net(\d+)\.(\d+)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
    private static readonly Regex CoreApp = new(@"^netcoreapp(\d+)\.(\d+)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
    private static readonly Regex Standard = new(@"^netstandard(\d+)\.(\d+)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
    private static readonly Regex Framework = new(@"^net(\d)(\d)(\d?)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary>
    /// The framework a folder compilation is built for: the newest .NET (5+) one, else .NET Core, else .NET Standard,
    /// else the first — the reference assemblies shipped with fencer are .NET 10's, which the newest fits best.
    /// </summary>
    public static string Choose(IReadOnlyList<string> frameworks)
    {
        if (frameworks.Count == 0)
        {
            return Default;
        }

        return frameworks
            .OrderByDescending(f => Rank(f))
            .ThenByDescending(f => Version(f))
            .First();
    }

    public static IEnumerable<string> Symbols(string framework)
    {
        var tfm = framework.Split('-')[0]; // net8.0-windows
        if (Modern.Match(tfm) is { Success: true } modern && int.Parse(modern.Groups[1].Value, CultureInfo.InvariantCulture) >= 5)
        {
            var major = int.Parse(modern.Groups[1].Value, CultureInfo.InvariantCulture);
            var minor = int.Parse(modern.Groups[2].Value, CultureInfo.InvariantCulture);
            yield return "NET";
            yield return "NETCOREAPP";
            yield return $"NET{major}_{minor}";
            foreach (var core in new[] { "1_0", "1_1", "2_0", "2_1", "2_2", "3_0", "3_1" })
            {
                yield return $"NETCOREAPP{core}_OR_GREATER";
            }

            for (var m = 5; m <= major; m++)
            {
                yield return $"NET{m}_0_OR_GREATER";
            }

            yield break;
        }

        if (CoreApp.Match(tfm) is { Success: true } coreApp)
        {
            var version = coreApp.Groups[1].Value + "_" + coreApp.Groups[2].Value;
            yield return "NETCOREAPP";
            yield return "NETCOREAPP" + version;
            foreach (var core in new[] { "1_0", "1_1", "2_0", "2_1", "2_2", "3_0", "3_1" })
            {
                yield return $"NETCOREAPP{core}_OR_GREATER";
                if (core == version)
                {
                    break;
                }
            }

            yield break;
        }

        if (Standard.Match(tfm) is { Success: true } standard)
        {
            var version = standard.Groups[1].Value + "_" + standard.Groups[2].Value;
            yield return "NETSTANDARD";
            yield return "NETSTANDARD" + version;
            foreach (var std in new[] { "1_0", "1_1", "1_2", "1_3", "1_4", "1_5", "1_6", "2_0", "2_1" })
            {
                yield return $"NETSTANDARD{std}_OR_GREATER";
                if (std == version)
                {
                    break;
                }
            }

            yield break;
        }

        if (Framework.Match(tfm) is { Success: true } netFramework)
        {
            var digits = netFramework.Groups[1].Value + netFramework.Groups[2].Value + netFramework.Groups[3].Value;
            yield return "NETFRAMEWORK";
            yield return "NET" + digits;
            foreach (var fx in new[] { "20", "30", "35", "40", "45", "451", "452", "46", "461", "462", "47", "471", "472", "48", "481" })
            {
                yield return $"NET{fx}_OR_GREATER";
                if (fx == digits)
                {
                    break;
                }
            }
        }
    }

    private static int Rank(string framework)
    {
        if (Modern.Match(framework) is { Success: true } modern && int.Parse(modern.Groups[1].Value, CultureInfo.InvariantCulture) >= 5)
        {
            return 4;
        }

        return CoreApp.IsMatch(framework) ? 3 : Standard.IsMatch(framework) ? 2 : 1;
    }

    private static Version Version(string framework)
    {
        var digits = Regex.Match(framework, @"(\d+)(?:\.(\d+))?");
        return digits.Success && int.TryParse(digits.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            ? new Version(major, digits.Groups[2].Success ? int.Parse(digits.Groups[2].Value, CultureInfo.InvariantCulture) : 0)
            : new Version(0, 0);
    }
}
