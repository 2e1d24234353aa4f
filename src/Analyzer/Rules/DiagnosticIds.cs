namespace Fencer.Analyzer.Rules;

/// <summary>Rule ids. Stable once shipped.</summary>
public static class DiagnosticIds
{
    public const string OneSidedFence = "FEN001";
    public const string UnfencedHandshake = "FEN002";
    public const string AsymmetricHotSideUnordered = "FEN003";
}

/// <summary>Diagnostic categories.</summary>
public static class DiagnosticCategories
{
    public const string Concurrency = "Concurrency";
}
