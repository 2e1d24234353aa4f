using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Fencer.Cli.Analysis;

/// <summary>What a location is in the handshake a finding describes.</summary>
internal enum LocationRole
{
    ThisStore,
    ThisAccess,
    OtherStore,
    OtherFence,
    OtherAccess,

    /// <summary>An additional location of a diagnostic whose shape fencer does not know.</summary>
    Related,
}

/// <summary>One place a finding points at, with its source line.</summary>
/// <param name="Line">1-based, as editors and SARIF count; so is <paramref name="Column"/>.</param>
/// <param name="Code">The source line, trimmed.</param>
internal sealed record FindingLocation(LocationRole Role, string Path, int Line, int Column, int EndLine, int EndColumn, string Code);

/// <summary>A Fencer diagnostic as the audit reports it: effective severity, both members, every location and the fixes on offer.</summary>
/// <param name="ThisAccessIsStore">The R shape's store-store side: this side's later access is a store.</param>
/// <param name="ThisProtection">None, Compiler, Full or Heavy: what orders this side's store before its later access.</param>
internal sealed record Finding(
    string Id,
    DiagnosticSeverity Severity,
    string Title,
    string Message,
    string HelpUri,
    string Project,
    string ThisMember,
    string OtherMember,
    bool ThisAccessIsStore,
    bool OtherAccessIsStore,
    string ThisProtection,
    string OtherProtection,
    FindingLocation Location,
    IReadOnlyList<FindingLocation> Related,
    IReadOnlyList<string> Fixes)
{
    /// <summary>What says the two sides run concurrently (the diagnostic's Evidence property).</summary>
    public string Evidence { get; init; } = "";

    /// <summary>At the audit level, why the default level keeps silent about this finding (Weakness flags), or empty.</summary>
    public string AuditOnly { get; init; } = "";
}
