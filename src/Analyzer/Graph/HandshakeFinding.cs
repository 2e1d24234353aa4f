using System.Collections.Generic;
using Fencer.Analyzer.Extraction;
using Fencer.Analyzer.Model;

namespace Fencer.Analyzer.Graph;

/// <summary>One cycle a side takes part in: this side's half, the other body and its half, and the verdict.</summary>
internal sealed class HandshakePartner
{
    public HandshakePartner(Half half, Body otherBody, Half other, HandshakeVerdict verdict, bool weak)
    {
        Half = half;
        OtherBody = otherBody;
        Other = other;
        Verdict = verdict;
        IsWeak = weak;
    }

    /// <summary>This side's half: its store is the finding's store, its later access may differ from partner to partner.</summary>
    public Half Half { get; }

    public Body OtherBody { get; }

    public Half Other { get; }

    public HandshakeVerdict Verdict { get; }

    /// <summary>A case the default level keeps silent about (docs/design.md, "Report levels"): reported only at the audit level.</summary>
    public bool IsWeak { get; }
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
