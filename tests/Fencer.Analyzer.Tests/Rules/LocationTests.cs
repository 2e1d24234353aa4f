using System.Threading.Tasks;
using Xunit;
using Verify = Fencer.Analyzer.Tests.Verifiers.CSharpAnalyzerVerifier<Fencer.Analyzer.Rules.StoreBufferHandshakeAnalyzer>;

namespace Fencer.Analyzer.Tests.Rules;

/// <summary>What counts as one location: static and instance fields, auto-properties, ref locals, partial types.</summary>
public class LocationTests
{
    [Fact]
    public async Task Reports_StaticFields()
    {
        var source = """
            using System.Threading;

            static class Flags
            {
                static volatile bool s_a, s_b;

                public static bool A() { {|FEN001:s_a = true|}; return s_b; }

                public static bool B() { s_b = true; Interlocked.MemoryBarrier(); return s_a; }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_ForTheFieldsOfAnotherObjectThanThis()
    {
        // peer._x is another node's field: not the location this._x (docs/design.md, "Locations").
        var source = """
            using System.Threading;

            class Node
            {
                volatile int _x, _y;

                public int A(Node peer) { peer._x = 1; return _y; }

                public int B() { _y = 1; Interlocked.MemoryBarrier(); return _x; }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_AutoProperties_AsTheirBackingFields()
    {
        var source = """
            using System.Threading;

            class Flags
            {
                public int A { get; set; }
                public int B { get; set; }

                public int Left() { {|FEN001:A = 1|}; return B; }

                public int Right() { B = 1; Interlocked.MemoryBarrier(); return A; }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_PropertiesWithVolatileAccessors_ThroughSummaries()
    {
        var source = """
            using System.Threading;

            class Flags
            {
                int _a, _b;

                public int A { get => Volatile.Read(ref _a); set => Volatile.Write(ref _a, value); }
                public int B { get => Volatile.Read(ref _b); set => Volatile.Write(ref _b, value); }

                public int Left() { {|FEN001:A = 1|}; return B; }

                public int Right() { B = 1; Interlocked.MemoryBarrier(); return A; }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_RefLocals_AsTheFieldTheyPointAt()
    {
        var source = """
            using System.Threading;

            class Slots
            {
                int _a, _b;

                public int Left()
                {
                    ref int mine = ref _a;
                    {|FEN001:Volatile.Write(ref mine, 1)|};
                    return Volatile.Read(ref _b);
                }

                public int Right() { Volatile.Write(ref _b, 1); Interlocked.MemoryBarrier(); return Volatile.Read(ref _a); }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_PartialTypeAcrossTwoFiles()
    {
        var first = """
            using System.Threading;

            partial class Split
            {
                volatile int _x, _y;

                public int A() { {|FEN001:_x = 1|}; return _y; }
            }
            """;
        var second = """
            using System.Threading;

            partial class Split
            {
                public int B() { _y = 1; Interlocked.MemoryBarrier(); return _x; }
            }
            """;

        await Verify.VerifyAnalyzerAsync(new[] { first, second });
    }

    [Fact]
    public async Task NoDiagnostic_ForTheSameFieldOnBothEnds()
    {
        var source = """
            class Single
            {
                volatile int _x;

                public int A() { _x = 1; return _x; }

                public int B() { _x = 2; return _x; }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NoDiagnostic_ForReadonlyFields()
    {
        var source = """
            class Config
            {
                readonly int _limit = 3;
                volatile int _x;

                public int A() { _x = 1; return _limit; }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_FieldsOfStructsHeldInFields_AsTheOuterFields()
    {
        var source = """
            using System.Runtime.InteropServices;
            using System.Threading;

            [StructLayout(LayoutKind.Explicit, Size = 128)]
            struct Padded { [FieldOffset(64)] public int Value; }

            class Flags
            {
                Padded _reader, _writer;

                public int Read() { {|FEN001:Volatile.Write(ref _reader.Value, 1)|}; return Volatile.Read(ref _writer.Value); }

                public int Write() { Volatile.Write(ref _writer.Value, 1); Interlocked.MemoryBarrier(); return Volatile.Read(ref _reader.Value); }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
