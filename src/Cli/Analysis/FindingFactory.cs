using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Fencer.Analyzer.Rules;

namespace Fencer.Cli.Analysis;

/// <summary>Reads a Fencer diagnostic back into a <see cref="Finding"/>: its additional locations by their place in <see cref="HandshakeDiagnostic"/>, its properties, its source lines.</summary>
internal static class FindingFactory
{
    public static Comparison<Finding> Order { get; } = (a, b) =>
    {
        var byPath = string.CompareOrdinal(a.Location.Path, b.Location.Path);
        if (byPath != 0)
        {
            return byPath;
        }

        var byLine = a.Location.Line.CompareTo(b.Location.Line);
        if (byLine != 0)
        {
            return byLine;
        }

        // One call can store several locations, each with its own finding at the call: the message (which names the
        // locations and the other member) orders them, so a report does not depend on the order analyses finished in.
        var byColumn = a.Location.Column.CompareTo(b.Location.Column);
        var byId = string.CompareOrdinal(a.Id, b.Id);
        return byColumn != 0 ? byColumn : byId != 0 ? byId : string.CompareOrdinal(a.Message, b.Message);
    };

    public static Finding Create(Diagnostic diagnostic, string project, IReadOnlyList<string> fixes)
    {
        string Property(string name, string fallback) => diagnostic.Properties.TryGetValue(name, out var value) && value is not null ? value : fallback;

        // The Roles property names each additional location's role in order; the first group is the worst handshake's,
        // the later groups are the other handshakes of the same store (shown as related locations).
        var roles = Property(HandshakeDiagnostic.RolesProperty, "").Split(',');
        var related = new List<FindingLocation>();
        var groupStarts = 0;
        for (var i = 0; i < diagnostic.AdditionalLocations.Count; i++)
        {
            var name = i < roles.Length ? roles[i] : "";
            if (name == HandshakeDiagnostic.ThisStoreRole || (name == HandshakeDiagnostic.ThisAccessRole && (i == 0 || roles[i - 1] != HandshakeDiagnostic.ThisStoreRole)))
            {
                groupStarts++;
            }

            var role = groupStarts > 1 ? LocationRole.Related : name switch
            {
                HandshakeDiagnostic.ThisAccessRole => LocationRole.ThisAccess,
                HandshakeDiagnostic.OtherStoreRole => LocationRole.OtherStore,
                HandshakeDiagnostic.OtherAccessRole => LocationRole.OtherAccess,
                HandshakeDiagnostic.OtherFenceRole => LocationRole.OtherFence,
                _ => LocationRole.Related,
            };
            if (Locate(diagnostic.AdditionalLocations[i], role) is { } location)
            {
                related.Add(location);
            }
        }

        return new Finding(
            diagnostic.Id,
            diagnostic.Severity,
            diagnostic.Descriptor.Title.ToString(CultureInfo.InvariantCulture),
            diagnostic.GetMessage(CultureInfo.InvariantCulture),
            diagnostic.Descriptor.HelpLinkUri,
            project,
            Property(HandshakeDiagnostic.ThisMemberProperty, "this side"),
            Property(HandshakeDiagnostic.OtherMemberProperty, "the other side"),
            Property(HandshakeDiagnostic.ThisAccessKindProperty, "Load") == "Store",
            Property(HandshakeDiagnostic.OtherAccessKindProperty, "Load") == "Store",
            Property(HandshakeDiagnostic.ThisProtectionProperty, "None"),
            Property(HandshakeDiagnostic.OtherProtectionProperty, "None"),
            Locate(diagnostic.Location, LocationRole.ThisStore) ?? new FindingLocation(LocationRole.ThisStore, "", 0, 0, 0, 0, ""),
            related,
            fixes)
        {
            Evidence = Property(HandshakeDiagnostic.EvidenceProperty, ""),
            AuditOnly = Property(HandshakeDiagnostic.WeaknessProperty, ""),
        };
    }

    private static FindingLocation? Locate(Location location, LocationRole role)
    {
        if (!location.IsInSource || location.SourceTree is not { } tree)
        {
            return null;
        }

        var span = location.GetLineSpan();
        var text = tree.GetText();
        var line = span.StartLinePosition.Line;
        var code = line < text.Lines.Count ? text.Lines[line].ToString().Trim() : "";
        return new FindingLocation(role, tree.FilePath, line + 1, span.StartLinePosition.Character + 1, span.EndLinePosition.Line + 1, span.EndLinePosition.Character + 1, code);
    }
}
