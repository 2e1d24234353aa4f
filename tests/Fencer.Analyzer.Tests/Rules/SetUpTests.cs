using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Fencer.Analyzer.Rules;
using Fencer.Analyzer.Tests.Verifiers;

namespace Fencer.Analyzer.Tests.Rules;

/// <summary>
/// Set-up before an object is shared is no side (docs/design.md §6, "Not sides"): a constructor, a private helper only
/// constructors call, and a private initializer that members of the type only call on an object they have just created
/// and not yet handed on (the static factory's <c>var c = new Chunk(); c.Init(); return c;</c>).
/// </summary>
public class SetUpTests
{
    private static string Chunk(string factory, string initAccessibility = "private") => $$"""
        using System.Collections.Generic;
        using System.Threading.Tasks;

        class Chunk
        {
            static readonly List<Chunk> s_all = new();
            static Chunk s_cached = new();
            static Chunk c = new();
            volatile int _x, _y;

            {{factory}}

            {{initAccessibility}} void Init() { _x = 1; if (_y == 0) { Wake(); } }

            public void Append() { _y = 1; if (_x == 0) { Wake(); } }

            void Wake() { }
        }
        """;

    private static async Task<string[]> SidesAsync(string source)
    {
        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(source), audit: false);
        Assert.Empty(exceptions);
        return diagnostics.Select(d => d.Properties[HandshakeDiagnostic.ThisMemberProperty]!).OrderBy(m => m).ToArray();
    }

    [Theory]
    [InlineData("public static Chunk Create() { var c = new Chunk(); c.Init(); return c; }")]
    [InlineData("public static async Task<Chunk> CreateAsync() { Chunk c = new(); try { c.Init(); } catch { throw; } await Task.Yield(); return c; }")]
    [InlineData("public static Chunk Create(bool b) { var c = new Chunk(); if (b) { c.Init(); } return c; }")]
    public async Task NoDiagnostic_ForAnInitializerCalledOnlyOnAnObjectJustCreated(string factory)
    {
        Assert.DoesNotContain("Init", await SidesAsync(Chunk(factory)));
        Assert.DoesNotContain("Create", await SidesAsync(Chunk(factory)));
    }

    [Theory]
    [InlineData("public static Chunk Create() { var c = new Chunk(); s_all.Add(c); c.Init(); return c; }")] // handed on first
    [InlineData("public static Chunk Create() { var c = s_cached; c.Init(); return c; }")] // not created here
    [InlineData("public static void CreateMany() { var c = new Chunk(); for (var i = 0; i < 2; i++) { c.Init(); s_all.Add(c); } }")] // the second iteration's object is shared
    [InlineData("public static void Create() { var c = new Chunk(); c.Init(); } public void Reset() { Init(); }")] // also called on this object, shared
    [InlineData("public static void Create(bool b) { if (b) { var c = new Chunk(); s_all.Add(c); } c.Init(); }")] // the static field c, not the block's local
    public async Task Reports_WhenTheObjectMayAlreadyBeShared(string factory)
    {
        Assert.Contains(await SidesAsync(Chunk(factory)), side => side is "Init" or "Create" or "CreateMany" or "Reset");
    }

    [Theory]
    [InlineData("public static Chunk Create() { var c = new Chunk(c.Init()); return c; }")] // half-typed: the call inside its own declaration
    [InlineData("public static Chunk Create() { var c = new Chunk(); c.")]
    [InlineData("public static Chunk Create() { var = new Chunk(); .Init(); }")]
    public async Task HalfTypedFactories_NeverThrow(string factory)
    {
        await SidesAsync(Chunk(factory));
    }

    [Fact]
    public async Task ACallInsideTheDeclarationOfItsOwnReceiver_NeverThrows()
    {
        var source = """
            class Chunk
            {
                volatile int _x, _y;

                Chunk() { }
                Chunk(object o) { }

                public static Chunk Create() { var c = new Chunk(c.Init()); return c; }

                private object Init() { _x = 1; if (_y == 0) { Wake(); } return this; }

                public void Append() { _y = 1; if (_x == 0) { Wake(); } }

                void Wake() { }
            }
            """;
        Assert.Contains("Append", await SidesAsync(source)); // the call is no set-up of an object created before it
    }

    [Fact]
    public async Task Reports_APublicInitializer_OthersMayCallOnASharedObject()
    {
        Assert.Contains("Init", await SidesAsync(Chunk("public static Chunk Create() { var c = new Chunk(); c.Init(); return c; }", "public")));
    }
}
