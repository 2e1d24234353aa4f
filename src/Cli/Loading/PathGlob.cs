using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace Fencer.Cli.Loading;

/// <summary>
/// A path pattern of <c>--exclude</c>, matched against a path relative to the audited folder with <c>/</c>
/// separators: <c>**</c> is any number of folders, <c>*</c> any part of one name, <c>?</c> one character. A
/// pattern without a <c>/</c> matches a name at any depth (<c>*.g.cs</c>, <c>Tests</c>), and a pattern that
/// matches a folder excludes everything below it.
/// </summary>
internal sealed class PathGlob
{
    private readonly Regex _regex;

    public PathGlob(string pattern)
    {
        Pattern = pattern;
        var normalized = pattern.Replace('\\', '/').Trim();
        if (normalized.StartsWith("./", StringComparison.Ordinal))
        {
            normalized = normalized.Substring(2);
        }

        normalized = normalized.TrimEnd('/');
        if (!normalized.Contains('/'))
        {
            normalized = "**/" + normalized;
        }

        _regex = new Regex("^" + Translate(normalized) + "(/.*)?$", RegexOptions.CultureInvariant | (OperatingSystem.IsWindows() ? RegexOptions.IgnoreCase : RegexOptions.None));
    }

    public string Pattern { get; }

    /// <summary>Whether any of <paramref name="globs"/> matches <paramref name="relativePath"/>.</summary>
    public static bool Any(IEnumerable<PathGlob> globs, string relativePath)
    {
        foreach (var glob in globs)
        {
            if (glob.Matches(relativePath))
            {
                return true;
            }
        }

        return false;
    }

    public bool Matches(string relativePath) => _regex.IsMatch(relativePath.Replace('\\', '/'));

    private static string Translate(string pattern)
    {
        var regex = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                // `**/` is zero or more folders; a trailing `**` is anything.
                if (i + 2 < pattern.Length && pattern[i + 2] == '/')
                {
                    regex.Append("(.*/)?");
                    i += 2;
                }
                else
                {
                    regex.Append(".*");
                    i++;
                }
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        return regex.ToString();
    }
}
