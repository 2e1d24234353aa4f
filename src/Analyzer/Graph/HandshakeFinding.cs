using System.Collections.Generic;
using Fencer.Analyzer.Extraction;
using Fencer.Analyzer.Model;

namespace Fencer.Analyzer.Graph;

/// <summary>One cycle a side takes part in: this side's half, the other body and its half, and the verdict.</summary>
internal sealed class HandshakePartner
{
    public HandshakePartner(Half half, Body otherBody, Half other, HandshakeVerdict verdict, Weakness weakness, string evidence)
    {
        Half = half;
        OtherBody = otherBody;
        Other = other;
        Verdict = verdict;
        Weakness = weakness;
        Evidence = evidence;
    }

    /// <summary>This side's half: its store is the finding's store, its later access may differ from partner to partner.</summary>
    public Half Half { get; }

    public Body OtherBody { get; }

    public Half Other { get; }

    public HandshakeVerdict Verdict { get; }

    /// <summary>Why the default level keeps silent about this cycle (docs/design.md, "Report levels"), or none.</summary>
    public Weakness Weakness { get; }

    /// <summary>A case the default level keeps silent about: reported only at the audit level.</summary>
    public bool IsWeak => Weakness != Weakness.None;

    /// <summary>What says the two sides run concurrently (docs/design.md, "Concurrency"), in a few words.</summary>
    public string Evidence { get; }
}

/// <summary>Why a cycle is only a weak case (reported at the audit level only), as flags.</summary>
[System.Flags]
internal enum Weakness
{
    None = 0,

    /// <summary>A load of one side decides nothing (docs/design.md, "The load decides").</summary>
    NoDecision = 1,

    /// <summary>Nothing says the two sides run concurrently on these locations (docs/design.md, "Concurrency").</summary>
    NoEvidence = 2,

    /// <summary>This side's half spans a call whose effect is unknown: it may be fenced after all.</summary>
    Uncertain = 4,

    /// <summary>A location is a field of an object that may or may not be this one.</summary>
    OtherObject = 8,

    /// <summary>A location is the entries of a keyed collection, read and written per key.</summary>
    Keyed = 16,

    /// <summary>This side's check is made inside a method it calls, not in its own body (docs/design.md, "The check is written with the announcement").</summary>
    CheckInCallee = 32,

    /// <summary>This side's check is reached from its store only through an exception handler: error handling, not a handshake.</summary>
    ErrorPath = 64,

    /// <summary>This side's store, or the other side's, is made inside a method it calls, not written in the member.</summary>
    StoreInCallee = 128,

    /// <summary>This side's check is a polling loop that waits for the very value the other side stores: it cannot miss it for good.</summary>
    Polled = 256,

    /// <summary>
    /// A side's check is the read of a plain read-modify-write of the location the other side stores (<c>x += k</c>):
    /// overlapping, one of the two stores is lost whatever the fences (docs/design.md §6, "A plain update is no check").
    /// </summary>
    PlainUpdate = 512,
}

/// <summary>
/// A side of one or more store-buffer-like cycles that needs a change: one store of this body, with every cycle it
/// closes. The first partner is the worst (its verdict names the rule); the others are listed with it, so one store
/// carries one diagnostic however many handshakes it takes part in.
/// </summary>
internal sealed class HandshakeFinding
{
    public HandshakeFinding(Body body, IReadOnlyList<HandshakePartner> partners)
    {
        Body = body;
        Partners = partners;
    }

    public Body Body { get; }

    public IReadOnlyList<HandshakePartner> Partners { get; }

    public HandshakePartner Primary => Partners[0];

    public Half Half => Primary.Half;

    public Body OtherBody => Primary.OtherBody;

    public Half Other => Primary.Other;

    public HandshakeVerdict Verdict => Primary.Verdict;

    /// <summary>Whether every cycle of the finding is a weak case (then it is reported at the audit level only).</summary>
    public bool IsWeak => Primary.IsWeak;
}
