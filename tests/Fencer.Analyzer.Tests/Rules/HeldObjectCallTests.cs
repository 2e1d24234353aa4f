using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = Fencer.Analyzer.Tests.Verifiers.CSharpAnalyzerVerifier<Fencer.Analyzer.Rules.StoreBufferHandshakeAnalyzer>;

namespace Fencer.Analyzer.Tests.Rules;

/// <summary>
/// Calls on a field's object (docs/design.md §5, "Calls on a field's object"): a method or property of another type in
/// source, called on the object a field of this holds, accesses that object's fields — <c>_stopping.Value = true</c>
/// stores <c>_stopping._value</c> — so a handshake written through small atomic wrappers is the same handshake.
/// </summary>
public class HeldObjectCallTests
{
    /// <summary>An atomic flag in the style of code ported from Java: a volatile int behind properties and methods.</summary>
    internal const string AtomicFlag = """
        using System.Threading;

        sealed class AtomicFlag
        {
            private int _value;

            public bool Value
            {
                get => Volatile.Read(ref _value) != 0;
                set => Volatile.Write(ref _value, value ? 1 : 0);
            }

            public bool Exchanged
            {
                set => Interlocked.Exchange(ref _value, value ? 1 : 0);
            }

            public void Set() => Volatile.Write(ref _value, 1);

            public bool IsSet() => Volatile.Read(ref _value) != 0;
        }
        """;

    /// <summary>
    /// A worker with two <c>AtomicFlag</c> fields, <c>_stopping</c> and <c>_running</c>, and the statements of its
    /// <c>Stop</c> and <c>Loop</c> (laid out as written by hand: Stop's first statement is line 8, column 9).
    /// </summary>
    private static string Worker(string[] stop, string[] loop) =>
        "class Worker\n{\n"
        + "    private readonly AtomicFlag _stopping = new AtomicFlag();\n"
        + "    private readonly AtomicFlag _running = new AtomicFlag();\n\n"
        + "    public void Stop()\n    {\n" + Statements(stop) + "    }\n\n"
        + "    public void Loop()\n    {\n" + Statements(loop) + "    }\n\n"
        + "    private void Release() { }\n}\n";

    private static string Statements(string[] statements) => string.Concat(System.Linq.Enumerable.Select(statements, s => "        " + s + "\n"));

    private static DiagnosticResult Side(string id, int location, string member, string stored, string loaded, string partner) =>
        Verify.Diagnostic(id).WithLocation(location).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
            .WithArguments(member, $"stores '{stored}' then loads '{loaded}'", partner, $"stores '{loaded}' then loads '{stored}'", "");

    [Fact]
    public async Task Reports_a_handshake_written_through_the_properties_of_two_wrapper_objects()
    {
        var worker = Worker(
            stop: new[] { "{|#0:_stopping.Value = true|};", "if (!_running.Value) { Release(); }" },
            loop: new[] { "{|#1:_running.Value = true|};", "if (_stopping.Value) { _running.Value = false; }" });

        await Verify.VerifyAnalyzerAsync(
            new[] { AtomicFlag, worker },
            Side("FEN002", 0, "Stop", "_stopping._value", "_running._value", "Loop"),
            Side("FEN002", 1, "Loop", "_running._value", "_stopping._value", "Stop"));
    }

    [Fact]
    public async Task Reports_the_side_that_announces_with_a_plain_release_when_the_other_uses_a_read_modify_write()
    {
        // The Exchanged setter is an Interlocked exchange: that side is fenced, the Value side is not (FEN001).
        var worker = Worker(
            stop: new[] { "{|#0:_stopping.Value = true|};", "if (!_running.IsSet()) { Release(); }" },
            loop: new[] { "_running.Exchanged = true;", "if (_stopping.IsSet()) { _running.Value = false; }" });

        await Verify.VerifyAnalyzerAsync(new[] { AtomicFlag, worker }, Side("FEN001", 0, "Stop", "_stopping._value", "_running._value", "Loop"));
    }

    [Fact]
    public async Task Is_silent_when_both_sides_announce_with_a_read_modify_write_of_the_wrapper()
    {
        var worker = Worker(
            stop: new[] { "_stopping.Exchanged = true;", "if (!_running.IsSet()) { Release(); }" },
            loop: new[] { "_running.Exchanged = true;", "if (_stopping.IsSet()) { _running.Value = false; }" });

        await Verify.VerifyAnalyzerAsync(new[] { AtomicFlag, worker });
    }

    [Fact]
    public async Task A_store_made_by_a_method_of_the_wrapper_is_the_methods_own_and_reported_at_the_audit_level_only()
    {
        // Set() is an operation of its own type, as a helper of the type itself is (StoreInCallee, docs/design.md §6);
        // a property is a field to its user, and its setter is written where it is used.
        var worker = Worker(
            stop: new[] { "{|#0:_stopping.Set()|};", "if (!_running.IsSet()) { Release(); }" },
            loop: new[] { "{|#1:_running.Set()|};", "if (_stopping.IsSet()) { Release(); }" });

        await Verify.VerifyAnalyzerAsync(new[] { AtomicFlag, worker });
        await Verify.VerifyAuditAsync(
            new[] { AtomicFlag, worker },
            Side("FEN002", 0, "Stop", "_stopping._value", "_running._value", "Loop").WithSeverity(DiagnosticSeverity.Info),
            Side("FEN002", 1, "Loop", "_running._value", "_stopping._value", "Stop").WithSeverity(DiagnosticSeverity.Info));
    }

    [Fact]
    public async Task Is_silent_when_one_side_reaches_the_wrapper_through_a_parameter()
    {
        // Loop's flags may be any two objects: the caller's fields are no location Fencer can pair (prefer silence).
        var worker = """
            class Worker
            {
                private readonly AtomicFlag _stopping = new AtomicFlag();
                private readonly AtomicFlag _running = new AtomicFlag();

                public void Stop()
                {
                    _stopping.Value = true;
                    if (!_running.Value) { Release(); }
                }

                public static void Loop(AtomicFlag running, AtomicFlag stopping)
                {
                    running.Value = true;
                    if (stopping.Value) { running.Value = false; }
                }

                private void Release() { }
            }
            """;

        await Verify.VerifyAnalyzerAsync(new[] { AtomicFlag, worker });
    }

    [Fact]
    public async Task Is_silent_when_the_same_wrapper_field_is_stored_and_loaded_on_both_sides()
    {
        // Each side stores one flag and reads it back: one location, no cycle of two.
        var worker = Worker(
            stop: new[] { "_stopping.Value = true;", "if (_stopping.Value) { Release(); }" },
            loop: new[] { "_running.Value = true;", "if (_running.Value) { Release(); }" });

        await Verify.VerifyAnalyzerAsync(new[] { AtomicFlag, worker });
    }

    private const string Flag = """
        using System.Threading;

        struct Flag
        {
            private int _value;

            public bool IsSet
            {
                get => Volatile.Read(ref _value) != 0;
                set => Volatile.Write(ref _value, value ? 1 : 0);
            }

            public void Set() => Volatile.Write(ref _value, 1);
        }
        """;

    [Fact]
    public async Task Reports_a_handshake_through_a_struct_wrapper_held_in_place()
    {
        var worker = """
            class Worker
            {
                private Flag _stopping;
                private Flag _running;

                public void Stop()
                {
                    {|#0:_stopping.IsSet = true|};
                    if (!_running.IsSet) { Release(); }
                }

                public void Loop()
                {
                    {|#1:_running.IsSet = true|};
                    if (_stopping.IsSet) { Release(); }
                }

                private void Release() { }
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            new[] { Flag, worker },
            Side("FEN002", 0, "Stop", "_stopping._value", "_running._value", "Loop"),
            Side("FEN002", 1, "Loop", "_running._value", "_stopping._value", "Stop"));
    }

    [Fact]
    public async Task Is_silent_for_a_struct_wrapper_copied_into_a_local_or_held_in_a_readonly_field()
    {
        // A copy is not where the struct lives (Copied), and a call on a readonly field's struct runs on a defensive copy
        // (Readonly, whose Set() stores into the copy): each would be the handshake above if the struct were used in
        // place (Readonly's method stores at the audit level).
        var worker = """
            class Copied
            {
                private Flag _stopping;
                private Flag _running;

                public void Stop()
                {
                    var stopping = _stopping;
                    stopping.IsSet = true;
                    if (!_running.IsSet) { Release(); }
                }

                public void Loop()
                {
                    _running.IsSet = true;
                    if (_stopping.IsSet) { Release(); }
                }

                private void Release() { }
            }

            class Readonly
            {
                private readonly Flag _stopping;
                private readonly Flag _running;

                public void Stop()
                {
                    _stopping.Set();
                    if (!_running.IsSet) { Release(); }
                }

                public void Loop()
                {
                    _running.Set();
                    if (_stopping.IsSet) { Release(); }
                }

                private void Release() { }
            }
            """;

        await Verify.VerifyAnalyzerAsync(new[] { Flag, worker });
        await Verify.VerifyAuditAsync(new[] { Flag, worker });
    }

    [Fact]
    public async Task Is_silent_when_the_held_type_shows_no_sharing_or_is_reached_through_an_indexer()
    {
        // PlainFlag shows no sign of sharing (the per-type gate). Slots is keyed: an indexer acts on an entry, and Fencer
        // cannot tell keys apart (a keyed collection's entries are audit-level locations).
        var flags = """
            using System.Threading;

            sealed class PlainFlag
            {
                private bool _value;
                public bool Value { get => _value; set => _value = value; }
            }

            sealed class Slots
            {
                private int _a;
                private int _b;
                public bool this[int key]
                {
                    get => (key == 0 ? Volatile.Read(ref _a) : Volatile.Read(ref _b)) != 0;
                    set { if (key == 0) Volatile.Write(ref _a, value ? 1 : 0); else Volatile.Write(ref _b, value ? 1 : 0); }
                }
            }
            """;
        var worker = """
            class Worker
            {
                private readonly PlainFlag _plainStopping = new PlainFlag();
                private readonly PlainFlag _plainRunning = new PlainFlag();
                private readonly Slots _stopping = new Slots();
                private readonly Slots _running = new Slots();

                public void StopPlain()
                {
                    _plainStopping.Value = true;
                    if (!_plainRunning.Value) { Release(); }
                }

                public void LoopPlain()
                {
                    _plainRunning.Value = true;
                    if (_plainStopping.Value) { Release(); }
                }

                public void Stop()
                {
                    _stopping[0] = true;
                    if (!_running[0]) { Release(); }
                }

                public void Loop()
                {
                    _running[0] = true;
                    if (_stopping[0]) { Release(); }
                }

                private void Release() { }
            }
            """;

        await Verify.VerifyAnalyzerAsync(new[] { flags, worker });
    }

    [Fact]
    public async Task The_additional_locations_lead_from_each_call_site_to_the_access_inside_the_callee()
    {
        // Per handshake: this side's later access, the other side's store and later access (the call sites in Worker),
        // then where each of those four is made inside AtomicFlag (roles ...InCallee, after the group's anchors).
        var worker = Worker(
            stop: new[] { "_stopping.Value = true;", "if (!_running.Value) { Release(); }" },
            loop: new[] { "_running.Value = true;", "if (_stopping.Value) { _running.Value = false; }" });

        await Verify.VerifyAnalyzerAsync(
            new[] { AtomicFlag, worker },
            Verify.Diagnostic("FEN002").WithSpan("/0/Test1.cs", 8, 9, 8, 31)
                .WithSpan("/0/Test1.cs", 9, 14, 9, 28).WithSpan("/0/Test1.cs", 14, 9, 14, 30).WithSpan("/0/Test1.cs", 15, 13, 15, 28)
                .WithSpan("/0/Test0.cs", 10, 16, 10, 57).WithSpan("/0/Test0.cs", 9, 16, 9, 41).WithSpan("/0/Test0.cs", 10, 16, 10, 57).WithSpan("/0/Test0.cs", 9, 16, 9, 41)
                .WithArguments("Stop", "stores '_stopping._value' then loads '_running._value'", "Loop", "stores '_running._value' then loads '_stopping._value'", ""),
            Verify.Diagnostic("FEN002").WithSpan("/0/Test1.cs", 14, 9, 14, 30).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                .WithArguments("Loop", "stores '_running._value' then loads '_stopping._value'", "Stop", "stores '_stopping._value' then loads '_running._value'", ""));
    }
}
