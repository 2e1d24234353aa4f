using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Fencer.Cli.Analysis;

/// <summary>
/// The compiler can fail to bind new syntax: its nullable rewriter has thrown on C# 14 extension members. Fencer does
/// not need nullable analysis, so a project the compiler fails on is analysed again without it (docs/cli.md), here and
/// in the benchmark's real-code and fix-sweep modes.
/// </summary>
internal static class CompilerWorkaround
{
    public static Compilation WithoutNullable(Compilation compilation) =>
        compilation is CSharpCompilation csharp ? csharp.WithOptions(csharp.Options.WithNullableContextOptions(NullableContextOptions.Disable)) : compilation;

    public static Project WithoutNullable(Project project) =>
        project.CompilationOptions is CSharpCompilationOptions options ? project.WithCompilationOptions(options.WithNullableContextOptions(NullableContextOptions.Disable)) : project;
}
