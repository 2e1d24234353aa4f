using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Fencer.Analyzer.Rules;
using Fencer.Cli.Progress;

namespace Fencer.Cli.Analysis;

/// <summary>The slowest types and members of an audit, for <c>--timing</c>.</summary>
/// <param name="TypeTime">The per-type analysis's time, summed over the types it analysed.</param>
/// <param name="MembersAnalysed">How many members were given a control-flow graph and extracted (a member analysed again with each class derived from its own counts each time).</param>
/// <param name="AcrossClasses">How many classes (with their bases) and pairs of types the analyses across types analysed.</param>
/// <param name="AcrossTime">The compilation-end analyses across types, summed over the projects.</param>
internal sealed record TimingData(
    int TypesAnalysed,
    int TypesSkipped,
    IReadOnlyList<(string Name, TimeSpan Time)> SlowestTypes,
    IReadOnlyList<(string Name, TimeSpan Time)> SlowestMembers,
    TimeSpan TypeTime,
    int MembersAnalysed,
    int AcrossClasses,
    TimeSpan AcrossTime);

/// <summary>
/// The analyzer's observer while fencer runs it: counts the types it analyses (for the progress display) and how
/// long each type and member took (for <c>--timing</c>).
/// </summary>
internal sealed class AnalysisTimings : IAnalysisObserver
{
    private readonly ConcurrentDictionary<string, long> _types = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _members = new(StringComparer.Ordinal);
    private readonly ProgressDisplay _progress;
    private int _analysed;
    private int _skipped;
    private int _membersAnalysed;
    private int _acrossClasses;
    private long _acrossTicks;

    public AnalysisTimings(ProgressDisplay progress) => _progress = progress;

    /// <summary>The project being analysed, as the progress display names it.</summary>
    public string Project { get; set; } = "";

    public void Starting()
    {
    }

    public void TypeAnalysed(INamedTypeSymbol type, TimeSpan elapsed)
    {
        _types.AddOrUpdate(Name(type), elapsed.Ticks, (_, ticks) => ticks + elapsed.Ticks);
        var analysed = Interlocked.Increment(ref _analysed);
        _progress.Status($"{Project}: {analysed:N0} types analysed, {Volatile.Read(ref _skipped):N0} without sharing skipped");
    }

    public void MemberAnalysed(IMethodSymbol member, TimeSpan elapsed)
    {
        Interlocked.Increment(ref _membersAnalysed);
        _members.AddOrUpdate(Name(member), elapsed.Ticks, (_, ticks) => ticks + elapsed.Ticks);
    }

    public void TypeSkipped(INamedTypeSymbol type) => Interlocked.Increment(ref _skipped);

    public void AcrossTypesAnalysed(int classes, TimeSpan elapsed)
    {
        Interlocked.Add(ref _acrossClasses, classes);
        Interlocked.Add(ref _acrossTicks, elapsed.Ticks);
    }

    public TimingData Snapshot() => new(
        Volatile.Read(ref _analysed),
        Volatile.Read(ref _skipped),
        Slowest(_types),
        Slowest(_members),
        TimeSpan.FromTicks(_types.Values.Sum()),
        Volatile.Read(ref _membersAnalysed),
        Volatile.Read(ref _acrossClasses),
        TimeSpan.FromTicks(Interlocked.Read(ref _acrossTicks)));

    private static IReadOnlyList<(string, TimeSpan)> Slowest(ConcurrentDictionary<string, long> times) =>
        times.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).Take(10).Select(t => (t.Key, TimeSpan.FromTicks(t.Value))).ToList();

    private static string Name(ISymbol symbol) => symbol.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
}
