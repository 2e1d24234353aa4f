using Fencer.Analyzer.Extraction;
using Fencer.Analyzer.Model;

namespace Fencer.Analyzer.Graph;

/// <summary>
/// A side of a store-buffer-like cycle that needs a change: this body's half, the other body's half that
/// closes the cycle, and what the pair amounts to.
/// </summary>
internal sealed class HandshakeFinding
{
    public HandshakeFinding(Body body, Half half, Body otherBody, Half other, HandshakeVerdict verdict)
    {
        Body = body;
        Half = half;
        OtherBody = otherBody;
        Other = other;
        Verdict = verdict;
    }

    public Body Body { get; }

    public Half Half { get; }

    public Body OtherBody { get; }

    public Half Other { get; }

    public HandshakeVerdict Verdict { get; }
}
