using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = Fencer.Analyzer.Tests.Verifiers.CSharpAnalyzerVerifier<Fencer.Analyzer.Rules.StoreBufferHandshakeAnalyzer>;

namespace Fencer.Analyzer.Tests.Rules;

/// <summary>
/// FEN011–FEN013 between two unrelated types that share static fields (docs/design.md §8, "Across types through static
/// fields"): a static field is one location for the whole process, whichever type's member accesses it.
/// </summary>
public class StaticFieldsAcrossTypesTests
{
    private const string Flags = """
        static class Shutdown
        {
            public static int s_requested;
            public static int s_active;
        }
        """;

    [Fact]
    public async Task Reports_both_sides_of_a_handshake_through_static_fields_of_a_third_type()
    {
        var worker = """
            using System.Threading;

            class Worker
            {
                public void Run()
                {
                    {|#0:Volatile.Write(ref Shutdown.s_active, 1)|};
                    if (Volatile.Read(ref Shutdown.s_requested) == 1) { Volatile.Write(ref Shutdown.s_active, 0); }
                }
            }
            """;
        var host = """
            using System.Threading;

            class Host
            {
                public void Stop()
                {
                    {|#1:Volatile.Write(ref Shutdown.s_requested, 1)|};
                    if (Volatile.Read(ref Shutdown.s_active) == 0) { Release(); }
                }

                void Release() { }
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            new[] { Flags, worker, host },
            Verify.Diagnostic("FEN012").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                .WithArguments("Worker.Run", "stores 's_active' then loads 's_requested'", "Host.Stop", "stores 's_requested' then loads 's_active'", ""),
            Verify.Diagnostic("FEN012").WithLocation(1).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                .WithArguments("Host.Stop", "stores 's_requested' then loads 's_active'", "Worker.Run", "stores 's_active' then loads 's_requested'", ""));
    }

    [Fact]
    public async Task Is_silent_when_both_sides_fence_and_never_pairs_instance_fields_of_two_objects()
    {
        // The static handshake is fenced on both sides. Worker and Host also each store one inherited instance field and
        // then load the other: on two objects, those are four locations, not two, and no cycle.
        var common = """
            abstract class Component
            {
                protected volatile int _a;
                protected volatile int _b;
            }
            """;
        var worker = """
            using System.Threading;

            class Worker : Component
            {
                public void Run()
                {
                    Volatile.Write(ref Shutdown.s_active, 1);
                    Interlocked.MemoryBarrier();
                    if (Volatile.Read(ref Shutdown.s_requested) == 1) { Volatile.Write(ref Shutdown.s_active, 0); }
                    _a = 1;
                    if (_b == 0) { Volatile.Write(ref Shutdown.s_active, 0); }
                }
            }
            """;
        var host = """
            using System.Threading;

            class Host : Component
            {
                public void Stop()
                {
                    Volatile.Write(ref Shutdown.s_requested, 1);
                    Interlocked.MemoryBarrier();
                    if (Volatile.Read(ref Shutdown.s_active) == 0) { Release(); }
                    _b = 1;
                    if (_a == 0) { Release(); }
                }

                void Release() { }
            }
            """;

        await Verify.VerifyAnalyzerAsync(new[] { Flags, common, worker, host });
    }

    [Fact]
    public async Task A_handshake_within_one_type_keeps_its_per_type_rule_and_is_not_reported_again()
    {
        var both = """
            using System.Threading;

            class Both
            {
                public void Run()
                {
                    {|#0:Volatile.Write(ref Shutdown.s_active, 1)|};
                    if (Volatile.Read(ref Shutdown.s_requested) == 1) { Volatile.Write(ref Shutdown.s_active, 0); }
                }

                public void Stop()
                {
                    {|#1:Volatile.Write(ref Shutdown.s_requested, 1)|};
                    if (Volatile.Read(ref Shutdown.s_active) == 0) { Release(); }
                }

                void Release() { }
            }
            """;
        // Stopper's fenced Stop pairs with Both.Run across the two types (FEN011, Run being unfenced); the pair of Both's
        // own members stays FEN002 and is not reported again across the types.
        var stopper = """
            using System.Threading;

            class Stopper
            {
                public void Stop()
                {
                    Volatile.Write(ref Shutdown.s_requested, 1);
                    Interlocked.MemoryBarrier();
                    if (Volatile.Read(ref Shutdown.s_active) == 0) { Release(); }
                }

                void Release() { }
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            new[] { Flags, both, stopper },
            Verify.Diagnostic("FEN002").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                .WithArguments("Run", "stores 's_active' then loads 's_requested'", "Stop", "stores 's_requested' then loads 's_active'", ""),
            Verify.Diagnostic("FEN011").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                .WithArguments("Both.Run", "stores 's_active' then loads 's_requested'", "Stopper.Stop", "stores 's_requested' then loads 's_active'", ""),
            Verify.Diagnostic("FEN002").WithLocation(1).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                .WithArguments("Stop", "stores 's_requested' then loads 's_active'", "Run", "stores 's_active' then loads 's_requested'", ""));
    }
}
