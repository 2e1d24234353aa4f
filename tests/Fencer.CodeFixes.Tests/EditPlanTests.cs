using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Fencer.CodeFixes.Tests.Verifiers;
using Xunit;

namespace Fencer.CodeFixes.Tests;

/// <summary>Fence placement is idempotent: one fence per gap, none next to a fence at least as strong.</summary>
public class EditPlanTests
{
    private const string Source = """
        using System.Threading;

        class C
        {
            int x, y, r0;

            void P0()
            {
                x = 1;
                FENCE
                if (y == default) { r0 = 1; }
            }
        }
        """;

    private static async Task<string> PlanAsync(string fence, params FenceKind[] kinds)
    {
        var project = FixRunner.CreateProject(TestTarget.Net100WithRuntime, Source.Replace("FENCE", fence, System.StringComparison.Ordinal));
        var document = project.Documents.First();
        var root = (await document.GetSyntaxRootAsync())!;
        var store = root.DescendantNodes().OfType<AssignmentExpressionSyntax>().First();
        var load = root.DescendantNodes().OfType<AssignmentExpressionSyntax>().Last().Right;
        var plan = new EditPlan();
        foreach (var kind in kinds)
        {
            plan.RequireFence(document, store, load, kind);
        }

        var solution = await plan.ApplyAsync(project.Solution, CancellationToken.None);
        return (await solution.GetDocument(document.Id)!.GetTextAsync()).ToString();
    }

    [Fact]
    public async Task SameRequestTwice_InsertsOneFence()
    {
        var text = await PlanAsync("", FenceKind.Full, FenceKind.Full);
        Assert.Single(Regex.Matches(text, "MemoryBarrier"));
    }

    [Fact]
    public async Task WeakerRequest_IsCoveredByStrongerOne()
    {
        var text = await PlanAsync("", FenceKind.Light, FenceKind.Heavy);
        Assert.Single(Regex.Matches(text, @"AsymmetricBarrier\.Heavy"));
        Assert.DoesNotContain("Light", text, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Interlocked.MemoryBarrier();", 2)]
    [InlineData("Thread.MemoryBarrier();", 1)]
    [InlineData("Fencer.AsymmetricBarrier.Heavy();", 2)]
    [InlineData("Fencer.AsymmetricBarrier.Light();", 1)]
    public async Task ExistingFenceAtLeastAsStrong_IsNotDoubled(string existing, int kind)
    {
        var text = await PlanAsync(existing, (FenceKind)kind);
        Assert.Contains("x = 1;\n        " + existing + "\n        if (y == default) { r0 = 1; }", text, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task WeakerExistingFence_GetsTheStrongerOneNextToIt()
    {
        var text = await PlanAsync("Fencer.AsymmetricBarrier.Light();", FenceKind.Full);
        Assert.Single(Regex.Matches(text, @"Interlocked\.MemoryBarrier\(\);"));
    }
}
