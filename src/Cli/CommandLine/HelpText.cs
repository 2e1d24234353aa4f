namespace Fencer.Cli.CommandLine;

/// <summary>What <c>--help</c> prints (docs/cli.md says the same at length).</summary>
internal static class HelpText
{
    public const string Main = """
        fencer: audit C# code for store-buffer handshakes fenced on one side only (or on neither)

        Usage:
          fencer check PATH [options]    audit a .sln, .slnx, .csproj or folder
          fencer --version               print the version
          fencer check --help            every option of check

        Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage or load error.
        """;

    public const string Check = """
        fencer check PATH [options]

        Audits a solution (.sln, .slnx), a project (.csproj) or a folder with Fencer's analyzer, without editing
        anything: nothing is written into the audited tree.

        Loading:
          By default projects are loaded with MSBuild (the .NET SDK that the tree's global.json selects). Loading
          through MSBuild EVALUATES THE PROJECT'S BUILD FILES, which can run arbitrary code: use it only on code you
          trust. A project that does not load or was never restored is read from its folder instead.
          --no-msbuild             Read sources only, for code you do not trust: every .cs below each project's
                                   folder (outside bin/ and obj/), the .NET 10 reference assemblies shipped with
                                   fencer, and what the project files say as plain XML. No project file is
                                   evaluated and nothing from the audited tree is run.
          --framework TFM          Folder compilations: the target framework (preprocessor symbols), instead of
                                   what each project file names (default net10.0 where it names none).
          -d, --define SYMBOLS     Folder compilations: more preprocessor symbols (; or , separated; repeatable).
          --implicit-usings[=on|off]
                                   Folder compilations: the SDK's implicit global usings, instead of following
                                   each project file's ImplicitUsings.
          -p, --property NAME=VALUE
                                   MSBuild global property for loading (repeatable), e.g. -p Configuration=Release.
          --exclude GLOB           Do not report in files matching GLOB, relative to the audited folder
                                   (repeatable; ** any folders, * any name part): --exclude "tests/**".
                                   Excluded files are still compiled, so the rest binds as before.

        Report:
          -f, --format FORMAT      text (default; each finding drawn as its two sides), sarif (SARIF 2.1.0) or json.
          -o, --output FILE        Write the report to FILE instead of standard output.
          --fail-on LEVEL          error, warning (default), suggestion or never: exit code 1 when a finding is
                                   at or above LEVEL.
          --report default|audit   The report level for every project (fencer.report): audit also reports the weaker
                                   cases (other objects' fields, keyed collections, loads that decide nothing) as
                                   suggestions.
          --timing                 Add Fencer's own analyzer time, per 1,000 lines, and the ten slowest types and
                                   members.
          -q, --quiet              No progress display on standard error.

        Severities and suppressions are the compiler's: .editorconfig and .globalconfig (dotnet_diagnostic.FEN001.
        severity = error | warning | suggestion | none), #pragma warning disable and [SuppressMessage].

        Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage or load error.
        """;
}
