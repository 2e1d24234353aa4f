namespace Fencer.Analyzer.Rules;

/// <summary>Rule ids. Stable once shipped.</summary>
public static class DiagnosticIds
{
    public const string OneSidedFence = "FEN001";
    public const string UnfencedHandshake = "FEN002";
    public const string AsymmetricHotSideUnordered = "FEN003";

    /// <summary>FEN001 with its two sides in a class and a base class of it (docs/design.md §6, "Across a class and its bases").</summary>
    public const string OneSidedFenceAcrossTypes = "FEN011";

    /// <summary>FEN002 with its two sides in a class and a base class of it.</summary>
    public const string UnfencedHandshakeAcrossTypes = "FEN012";

    /// <summary>FEN003 with its two sides in a class and a base class of it.</summary>
    public const string AsymmetricHotSideUnorderedAcrossTypes = "FEN013";

    /// <summary>The per-type rule a rule across types mirrors (FEN011 → FEN001), or the id itself: what a fix does is the same.</summary>
    public static string PerType(string id) => id switch
    {
        OneSidedFenceAcrossTypes => OneSidedFence,
        UnfencedHandshakeAcrossTypes => UnfencedHandshake,
        AsymmetricHotSideUnorderedAcrossTypes => AsymmetricHotSideUnordered,
        _ => id,
    };
}

/// <summary>Diagnostic categories.</summary>
public static class DiagnosticCategories
{
    public const string Concurrency = "Concurrency";
}
