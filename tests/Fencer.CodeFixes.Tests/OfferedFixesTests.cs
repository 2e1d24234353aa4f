using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Fencer.CodeFixes.Tests.Verifiers;
using Xunit;

namespace Fencer.CodeFixes.Tests;

/// <summary>Which alternatives are offered, by target and by the shape of the code; and their titles.</summary>
public class OfferedFixesTests
{
    private static string OneSided(string fieldType, string value) => $$"""
        using System.Threading;

        struct Pair { public int A; }

        class C
        {
            {{fieldType}} x;
            int y, r0;
            {{fieldType}} r1 = default!;

            void P0()
            {
                x = {{value}};
                if (y == 0) { r0 = 1; }
            }

            void Drain()
            {
                y = 1;
                Interlocked.MemoryBarrier();
                Observe(x);
            }

            void Observe({{fieldType}} value) { }
        }
        """;

    [Theory]
    [InlineData(TestTarget.Net100WithRuntime, "int", "1", "FEN.FullFence,FEN.Exchange,FEN.Asymmetric")]
    [InlineData(TestTarget.Net100, "int", "1", "FEN.FullFence,FEN.Exchange,FEN.Asymmetric")]
    [InlineData(TestTarget.Net100, "Pair", "new Pair()", "FEN.FullFence")]
    [InlineData(TestTarget.Net100WithRuntime, "Pair", "new Pair()", "FEN.FullFence,FEN.Asymmetric")]
    [InlineData(TestTarget.Net100, "bool", "true", "FEN.FullFence,FEN.Exchange,FEN.Asymmetric")]
    [InlineData(TestTarget.NetStandard20, "int", "1", "FEN.FullFence,FEN.Exchange")]
    [InlineData(TestTarget.NetStandard20, "bool", "true", "FEN.FullFence")]
    [InlineData(TestTarget.NetStandard20, "string", "\"a\"", "FEN.FullFence,FEN.Exchange")]
    [InlineData(TestTarget.NetStandard20WithRuntime, "bool", "true", "FEN.FullFence,FEN.Asymmetric")]
    public async Task Offers_ByTargetAndFieldType(TestTarget target, string fieldType, string value, string expected)
    {
        var project = FixRunner.CreateProject(target, OneSided(fieldType, value));
        Assert.Empty(await FixRunner.CompilerErrorsAsync(project));
        var diagnostic = Assert.Single(await FixRunner.DiagnosticsAsync(project));
        Assert.Equal("FEN001", diagnostic.Id);

        var actions = await FixRunner.ActionsAsync(project, diagnostic);
        Assert.Equal(expected, string.Join(",", actions.Select(a => a.EquivalenceKey)));
        foreach (var action in actions)
        {
            var fixedProject = (await FixRunner.ApplyAsync(action)).GetProject(project.Id)!;
            Assert.Empty(await FixRunner.CompilerErrorsAsync(fixedProject));
            Assert.Empty(await FixRunner.DiagnosticsAsync(fixedProject));
        }
    }

    [Fact]
    public async Task Title_NamesTheRareSide()
    {
        var project = FixRunner.CreateProject(TestTarget.Net100WithRuntime, OneSided("int", "1"));
        var diagnostic = Assert.Single(await FixRunner.DiagnosticsAsync(project));
        var actions = await FixRunner.ActionsAsync(project, diagnostic);
        Assert.Contains(actions, a => a.Title == "Make handshake asymmetric: process-wide barrier in Drain(), light barrier here");

        project = FixRunner.CreateProject(TestTarget.Net100, OneSided("int", "1"));
        actions = await FixRunner.ActionsAsync(project, Assert.Single(await FixRunner.DiagnosticsAsync(project)));
        Assert.Contains(actions, a => a.Title == "Make handshake asymmetric: process-wide barrier in Drain(), volatile accesses here");
    }

    [Fact]
    public async Task Asymmetric_WhenThisSideIsAlreadyCompilerOrdered_ChangesOnlyTheRareSide()
    {
        // The check is a volatile read: the store before it already has compiler order (docs/design.md §2).
        var source = OneSided("int", "1").Replace("if (y == 0)", "if (Volatile.Read(ref y) == 0)");
        var project = FixRunner.CreateProject(TestTarget.Net100WithRuntime, source);
        var diagnostic = Assert.Single(await FixRunner.DiagnosticsAsync(project));
        var action = Assert.Single(await FixRunner.ActionsAsync(project, diagnostic), a => a.EquivalenceKey == FixKeys.Asymmetric);
        Assert.Equal("Make handshake asymmetric: process-wide barrier in Drain(), this side already compiler-ordered", action.Title);

        var fixedProject = (await FixRunner.ApplyAsync(action)).GetProject(project.Id)!;
        var text = (await fixedProject.Documents.First().GetTextAsync()).ToString();
        Assert.Contains("AsymmetricBarrier.Heavy();", text);
        Assert.DoesNotContain("Light()", text);
        Assert.Contains("x = 1;", text);
        Assert.Empty(await FixRunner.DiagnosticsAsync(fixedProject));
    }

    [Fact]
    public async Task Asymmetric_WithTheRealRuntimeAssembly()
    {
        var project = FixRunner.CreateProject(TestTarget.Net100, OneSided("int", "1"))
            .AddMetadataReference(MetadataReference.CreateFromFile(typeof(Fencer.AsymmetricBarrier).Assembly.Location));
        var diagnostic = Assert.Single(await FixRunner.DiagnosticsAsync(project));
        var action = (await FixRunner.ActionsAsync(project, diagnostic)).Single(a => a.EquivalenceKey == FixKeys.Asymmetric);
        var fixedProject = (await FixRunner.ApplyAsync(action)).GetProject(project.Id)!;
        var text = (await fixedProject.Documents.First().GetTextAsync()).ToString();
        Assert.Empty(await FixRunner.CompilerErrorsAsync(fixedProject));
        Assert.Empty(await FixRunner.DiagnosticsAsync(fixedProject));
        Assert.Contains("using Fencer;", text, StringComparison.Ordinal);
        Assert.Contains("x = 1;\n        AsymmetricBarrier.Light();\n        if (y == 0) { r0 = 1; }", text, StringComparison.Ordinal);
        Assert.Contains("AsymmetricBarrier.Heavy();", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoFence_WhenStoreAndLoadShareOneExpression()
    {
        var source = """
            using System.Threading;

            class C
            {
                int x, y, r1;

                int P0() => (x = 1) + y;

                void P1()
                {
                    y = 1;
                    Interlocked.MemoryBarrier();
                    if (x == 0) { r1 = 1; }
                }
            }
            """;
        var project = FixRunner.CreateProject(TestTarget.Net100WithRuntime, source);
        var diagnostic = Assert.Single(await FixRunner.DiagnosticsAsync(project));
        var actions = await FixRunner.ActionsAsync(project, diagnostic);
        Assert.Empty(actions);
    }

    [Fact]
    public async Task NoVolatileFix_WhenTheStoreIsAProperty_WithoutRuntime()
    {
        var source = """
            using System.Threading;

            class C
            {
                int y, r0, r1;
                int X { get; set; }

                void P0()
                {
                    X = 1;
                    if (y == 0) { r0 = 1; }
                }

                void P1()
                {
                    y = 1;
                    Interlocked.MemoryBarrierProcessWide();
                    if (X == 0) { r1 = 1; }
                }
            }
            """;
        var project = FixRunner.CreateProject(TestTarget.Net100, source);
        var diagnostic = Assert.Single(await FixRunner.DiagnosticsAsync(project));
        Assert.Equal("FEN003", diagnostic.Id);
        Assert.Empty(await FixRunner.ActionsAsync(project, diagnostic));

        project = FixRunner.CreateProject(TestTarget.Net100WithRuntime, source);
        var withRuntime = await FixRunner.ActionsAsync(project, Assert.Single(await FixRunner.DiagnosticsAsync(project)));
        Assert.Equal(FixKeys.Light, Assert.Single(withRuntime).EquivalenceKey);
    }

    [Fact]
    public async Task Providers_AreExportedShared_WithFixAll()
    {
        foreach (var provider in FixRunner.Providers)
        {
            var type = provider.GetType();
            Assert.StartsWith("FEN00", type.Name, StringComparison.Ordinal);
            Assert.NotNull(type.GetCustomAttributes(typeof(Microsoft.CodeAnalysis.CodeFixes.ExportCodeFixProviderAttribute), false).SingleOrDefault());
            Assert.NotNull(type.GetCustomAttributes(typeof(System.Composition.SharedAttribute), false).SingleOrDefault());
            Assert.Same(HandshakeFixAllProvider.Instance, provider.GetFixAllProvider());
        }

        await Task.CompletedTask;
    }
}
