using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Fencer.Cli.Loading;

namespace Fencer.Cli.Analysis;

/// <summary>A project's compilation as the analyzer is to see it, with what it audits.</summary>
/// <param name="Options">The project's analyzer options, in which every file not audited here counts as generated code.</param>
internal sealed record AuditCompilation(AuditedProject Audited, Project Project, Compilation Compilation, AnalyzerOptions Options, int Files, int Lines)
{
    /// <summary>The paths of the files audited in this project (the others are analysed as generated code: not reported).</summary>
    public IReadOnlyCollection<string> Paths { get; init; } = Array.Empty<string>();
}

/// <summary>
/// Which files of each project are audited: those below the audited folder that no <c>--exclude</c> matches and
/// that no earlier project audited already (a file linked into two projects, a multi-targeted project: one report
/// each). The others are compiled, so that everything binds as before, but handed to the analyzer as generated code,
/// which it skips as it skips real generated code. Used by the audit and by the benchmark's real-code mode alike.
/// </summary>
internal sealed class AuditScope
{
    private readonly string _root;
    private readonly IReadOnlyList<PathGlob> _excludes;
    private readonly string? _report;
    private readonly HashSet<string> _audited = new(StringComparer.Ordinal);

    /// <param name="report">The report level (<c>fencer.report</c>) that overrides the projects' own, or null.</param>
    public AuditScope(string root, IReadOnlyList<PathGlob> excludes, string? report = null)
    {
        _root = root;
        _excludes = excludes;
        _report = report;
    }

    /// <summary>The compilation to analyze, or null when the project has nothing to audit.</summary>
    public async Task<AuditCompilation?> PrepareAsync(Solution solution, AuditedProject audited, CancellationToken cancellationToken)
    {
        var project = solution.GetProject(audited.Id);
        var compilation = project is null ? null : await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (project is null || compilation is null)
        {
            return null;
        }

        var trees = new HashSet<SyntaxTree>();
        var lines = 0;
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (Includes(tree.FilePath) && _audited.Add(tree.FilePath))
            {
                trees.Add(tree);
                lines += (await tree.GetTextAsync(cancellationToken).ConfigureAwait(false)).Lines.Count;
            }
        }

        if (trees.Count == 0)
        {
            return null;
        }

        var options = new AnalyzerOptions(project.AnalyzerOptions.AdditionalFiles, new AuditedTreesOnly(project.AnalyzerOptions.AnalyzerConfigOptionsProvider, trees, _report));
        return new AuditCompilation(audited, project, compilation, options, trees.Count, lines) { Paths = trees.Select(t => t.FilePath).ToHashSet(StringComparer.Ordinal) };
    }

    /// <summary>The analyzer options of a changed compilation of an audited project (after a fix): the same files audited.</summary>
    public AnalyzerOptions OptionsFor(Project project, Compilation compilation, IReadOnlyCollection<string> paths)
    {
        var trees = compilation.SyntaxTrees.Where(t => paths.Contains(t.FilePath)).ToHashSet();
        return new AnalyzerOptions(project.AnalyzerOptions.AdditionalFiles, new AuditedTreesOnly(project.AnalyzerOptions.AnalyzerConfigOptionsProvider, trees, _report));
    }

    // Sources MSBuild generates at design time live in fencer's scratch folder, outside the tree (and may be gone).
    private bool Includes(string path) =>
        path.Length > 0 && SourceTree.IsUnder(path, _root) && !PathGlob.Any(_excludes, SourceTree.Relative(_root, path)) && File.Exists(path);

    /// <summary>
    /// The project's own analyzer options (its .editorconfig and .globalconfig), except that every tree not audited
    /// here says <c>generated_code = true</c> (the analyzer driver then skips it as it skips real generated code),
    /// and that <c>--report</c>, when given, sets <c>fencer.report</c> everywhere.
    /// </summary>
    private sealed class AuditedTreesOnly : AnalyzerConfigOptionsProvider
    {
        private readonly AnalyzerConfigOptionsProvider _inner;
        private readonly HashSet<SyntaxTree> _audited;
        private readonly string? _report;

        public AuditedTreesOnly(AnalyzerConfigOptionsProvider inner, HashSet<SyntaxTree> audited, string? report)
        {
            _inner = inner;
            _audited = audited;
            _report = report;
        }

        public override AnalyzerConfigOptions GlobalOptions => new Overridden(_inner.GlobalOptions, generated: false, _report);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Overridden(_inner.GetOptions(tree), !_audited.Contains(tree), _report);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _inner.GetOptions(textFile);

        private sealed class Overridden : AnalyzerConfigOptions
        {
            private readonly AnalyzerConfigOptions _inner;
            private readonly bool _generated;
            private readonly string? _report;

            public Overridden(AnalyzerConfigOptions inner, bool generated, string? report)
            {
                _inner = inner;
                _generated = generated;
                _report = report;
            }

            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
            {
                if (_generated && key == "generated_code")
                {
                    value = "true";
                    return true;
                }

                if (_report is not null && key == "fencer.report")
                {
                    value = _report;
                    return true;
                }

                return _inner.TryGetValue(key, out value);
            }
        }
    }
}
