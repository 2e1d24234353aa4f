using Fencer.Litmus;
using Xunit;
using Xunit.Abstractions;

namespace Fencer.Runtime.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StressCollection
{
    public const string Name = "store-buffer stress";
}

/// <summary>
/// The store-buffer litmus test (<c>W x; R y || W y; R x</c>) run for real. The correct variants must never
/// show <c>r1 == 0 &amp;&amp; r2 == 0</c>; the broken ones are measured and printed so the log shows that the
/// reordering does happen on this machine (asserting it would make the test depend on scheduling).
/// </summary>
[Collection(StressCollection.Name)]
public sealed class StoreBufferStressTests
{
    private const long FenceRounds = 500_000;

    // Each Heavy() interrupts the other CPU (tens of microseconds while it spins): about a second each.
    private const long HeavyRounds = 40_000;

    private readonly ITestOutputHelper _output;

    public StoreBufferStressTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void FencesOnBothSides_NeverShowTheForbiddenOutcome() => AssertNeverForbidden(StoreBufferVariant.FencesBothSides, FenceRounds);

    [Fact]
    public void HeavyAndLight_NeverShowTheForbiddenOutcome() => AssertNeverForbidden(StoreBufferVariant.HeavyLight, HeavyRounds);

    [Fact]
    public void HeavyAndVolatile_NeverShowTheForbiddenOutcome() => AssertNeverForbidden(StoreBufferVariant.HeavyVolatile, HeavyRounds);

    [Fact]
    public void VolatileOnly_IsMeasured() => Measure(StoreBufferVariant.VolatileOnly, FenceRounds);

    [Fact]
    public void FenceOnOneSide_IsMeasured() => Measure(StoreBufferVariant.FenceOneSide, FenceRounds);

    private void AssertNeverForbidden(StoreBufferVariant variant, long rounds)
    {
        var result = Measure(variant, rounds);
        Assert.Equal(0, result.Forbidden);
    }

    private StoreBufferResult Measure(StoreBufferVariant variant, long rounds)
    {
        var result = StoreBufferLitmus.Run(variant, rounds);
        _output.WriteLine($"[{AsymmetricBarrier.Mechanism}] {result}");
        Assert.Equal(rounds, result.Outcomes[0] + result.Outcomes[1] + result.Outcomes[2] + result.Outcomes[3]);
        return result;
    }
}
