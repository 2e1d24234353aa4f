using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Fencer.Cli.CommandLine;

/// <summary>What the command line asks for.</summary>
internal abstract record Invocation
{
    public sealed record ShowHelp(string Text) : Invocation;

    public sealed record ShowVersion : Invocation;

    public sealed record Check(CheckOptions Options) : Invocation;
}

/// <summary>A command line that cannot be run: reported in one line, exit code 2.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// Parses <c>fencer [--help|--version]</c> and <c>fencer check PATH [options]</c>. Options take their value as the
/// next argument or after <c>=</c>; repeatable options (<c>--exclude</c>, <c>--define</c>, <c>--property</c>) add up.
/// </summary>
internal static class ArgumentParser
{
    public static Invocation Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] is "-h" or "--help" or "-?" or "help")
        {
            return new Invocation.ShowHelp(HelpText.Main);
        }

        if (args[0] is "--version")
        {
            return new Invocation.ShowVersion();
        }

        if (args[0] != "check")
        {
            throw new UsageException($"unknown command '{args[0]}' (the command is 'fencer check PATH'; see 'fencer --help')");
        }

        return ParseCheck(args);
    }

    private static Invocation ParseCheck(IReadOnlyList<string> args)
    {
        string? path = null;
        var excludes = new List<string>();
        var defines = new List<string>();
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var options = new CheckOptions { Path = "" };
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help" or "-?")
            {
                return new Invocation.ShowHelp(HelpText.Check);
            }

            if (!arg.StartsWith("-", StringComparison.Ordinal) || arg == "-")
            {
                if (path is not null)
                {
                    throw new UsageException($"more than one path given ('{path}' and '{arg}'); audit one solution, project or folder at a time");
                }

                path = arg;
                continue;
            }

            var (name, inline) = Split(arg);
            string Value()
            {
                if (inline is not null)
                {
                    return inline;
                }

                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"option '{name}' needs a value (see 'fencer check --help')");
                }

                return args[++i];
            }

            void NoValue()
            {
                if (inline is not null)
                {
                    throw new UsageException($"option '{name}' takes no value");
                }
            }

            switch (name)
            {
                case "-f" or "--format":
                    options = options with { Format = ParseFormat(Value()) };
                    break;
                case "-o" or "--output":
                    options = options with { OutputFile = Value() };
                    break;
                case "--fail-on":
                    options = options with { FailOn = ParseFailOn(Value()) };
                    break;
                case "--no-msbuild":
                    NoValue();
                    options = options with { NoMsBuild = true };
                    break;
                case "--exclude":
                    excludes.Add(Value());
                    break;
                case "-d" or "--define":
                    defines.AddRange(Value().Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "--framework":
                    options = options with { Framework = Value() };
                    break;
                case "--implicit-usings":
                    options = options with { ImplicitUsings = ParseSwitch(name, inline ?? "on") };
                    break;
                case "-p" or "--property":
                    var property = Value();
                    var equals = property.IndexOf('=');
                    if (equals <= 0)
                    {
                        throw new UsageException($"option '{name}' takes NAME=VALUE, not '{property}'");
                    }

                    properties[property.Substring(0, equals)] = property.Substring(equals + 1);
                    break;
                case "--report":
                    var level = Value().ToLowerInvariant();
                    options = options with
                    {
                        Report = level is "default" or "audit" ? level : throw new UsageException($"unknown report level '{level}' (default or audit)"),
                    };
                    break;
                case "--timing":
                    NoValue();
                    options = options with { Timing = true };
                    break;
                case "-q" or "--quiet":
                    NoValue();
                    options = options with { Quiet = true };
                    break;
                default:
                    throw new UsageException($"unknown option '{name}' (see 'fencer check --help')");
            }
        }

        if (path is null)
        {
            throw new UsageException("no path given: 'fencer check PATH' takes a .sln, .slnx, .csproj or folder");
        }

        return new Invocation.Check(options with { Path = path, Excludes = excludes, Defines = defines, Properties = properties });
    }

    private static (string Name, string? Inline) Split(string arg)
    {
        if (!arg.StartsWith("--", StringComparison.Ordinal))
        {
            // -p:Configuration=Release, as dotnet build spells it.
            var colon = arg.IndexOf(':');
            return colon > 0 ? (arg.Substring(0, colon), arg.Substring(colon + 1)) : (arg, null);
        }

        var equals = arg.IndexOf('=');
        return equals > 0 ? (arg.Substring(0, equals), arg.Substring(equals + 1)) : (arg, null);
    }

    private static ReportFormat ParseFormat(string value) => value.ToLowerInvariant() switch
    {
        "text" => ReportFormat.Text,
        "sarif" => ReportFormat.Sarif,
        "json" => ReportFormat.Json,
        _ => throw new UsageException($"unknown format '{value}' (text, sarif or json)"),
    };

    private static DiagnosticSeverity? ParseFailOn(string value) => value.ToLowerInvariant() switch
    {
        "error" => DiagnosticSeverity.Error,
        "warning" => DiagnosticSeverity.Warning,
        "suggestion" or "info" => DiagnosticSeverity.Info,
        "never" or "none" => null,
        _ => throw new UsageException($"unknown --fail-on level '{value}' (error, warning, suggestion or never)"),
    };

    private static bool ParseSwitch(string name, string value) => value.ToLowerInvariant() switch
    {
        "on" or "true" or "enable" => true,
        "off" or "false" or "disable" => false,
        _ => throw new UsageException($"option '{name}' takes on or off, not '{value}'"),
    };
}
