using Microsoft.CodeAnalysis;
#if !ROSLYN48
using Microsoft.CodeAnalysis.Testing;
#endif

namespace Fencer.Analyzer.Tests.Verifiers;

/// <summary>Reference assemblies and shared sources for every test compilation. Nothing is downloaded while tests run.</summary>
internal static class TestReferences
{
#if !ROSLYN48
    /// <summary>net10.0 reference assemblies from Basic.Reference.Assemblies (added as AdditionalReferences).</summary>
    public static ReferenceAssemblies Net100 { get; } = new("net10.0");
#endif

    /// <summary>The real Fencer.Runtime, as user projects reference it.</summary>
    public static MetadataReference FencerRuntime { get; } = MetadataReference.CreateFromFile(typeof(Fencer.AsymmetricBarrier).Assembly.Location);

    /// <summary>
    /// A source stand-in for Fencer.Runtime's <c>AsymmetricBarrier</c>, recognised by the analyzer by metadata name,
    /// for the litmus seed files and the asymmetric tests.
    /// </summary>
    public const string AsymmetricBarrierStub = """
        namespace Fencer
        {
            public static class AsymmetricBarrier
            {
                public static void Light() { }
                public static void Heavy() { System.Threading.Interlocked.MemoryBarrierProcessWide(); }
            }
        }
        """;
}
