using System;
using Microsoft.CodeAnalysis;

namespace Fencer.Analyzer.Rules;

/// <summary>
/// Receives how long each type and member took, for the command-line audit's <c>--timing</c> (docs/cli.md).
/// Compilers and IDEs never set one: the analyzer then pays one null check per type and per member.
/// </summary>
internal interface IAnalysisObserver
{
    /// <summary>
    /// A timed analysis starts on this thread: the per-type analysis of one type (<see cref="TypeAnalysed"/>) or the
    /// analyses across types (<see cref="AcrossTypesAnalysed"/>), which then end on the same thread. An observer that
    /// tells the collector's pauses apart from the analysis's own work reads the runtime's pause total here.
    /// </summary>
    void Starting();

    /// <summary>A type the token gate let through, analysed: its members' control-flow graphs and the cycle search.</summary>
    void TypeAnalysed(INamedTypeSymbol type, TimeSpan elapsed);

    /// <summary>A member's control-flow graph built and its memory steps extracted.</summary>
    void MemberAnalysed(IMethodSymbol member, TimeSpan elapsed);

    /// <summary>A type the token gate left alone (no sign of sharing).</summary>
    void TypeSkipped(INamedTypeSymbol type);

    /// <summary>
    /// The compilation-end analyses across types (FEN011–FEN013) done: how many classes they analysed with their bases
    /// and pairs of types sharing static fields, and how long they took (the cost beside <see cref="TypeAnalysed"/>'s sum).
    /// </summary>
    void AcrossTypesAnalysed(int classes, TimeSpan elapsed);
}

/// <summary>Where the command-line host installs its observer before it runs the analyzer.</summary>
internal static class AnalysisObservers
{
    private static volatile IAnalysisObserver? _current;

    public static IAnalysisObserver? Current
    {
        get => _current;
        set => _current = value;
    }
}
