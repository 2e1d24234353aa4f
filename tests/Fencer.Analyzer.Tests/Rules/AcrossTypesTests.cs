using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Fencer.Analyzer.Tests.Verifiers;
using Verify = Fencer.Analyzer.Tests.Verifiers.CSharpAnalyzerVerifier<Fencer.Analyzer.Rules.StoreBufferHandshakeAnalyzer>;

namespace Fencer.Analyzer.Tests.Rules;

/// <summary>
/// FEN011–FEN013: a handshake whose sides are members of a class and of a class it derives from (docs/design.md §6,
/// "Across a class and its bases"). On an object of the derived class both share its fields; the per-type analysis
/// sees one class at a time, so these are reported at the compilation's end, once per side.
/// </summary>
public class AcrossTypesTests
{
    private const string Base = """
        using System.Threading;

        abstract class Connection
        {
            protected volatile bool _closing;
            protected volatile int _reading;

            public bool Read()
            {
                {|#0:_reading = 1|};
                if (_closing) { _reading = 0; return false; }
                return true;
            }
        }
        """;

    [Fact]
    public async Task Reports_both_sides_when_the_derived_class_closes_against_the_base_class_reader()
    {
        var derived = """
            class NativeConnection : Connection
            {
                public void Dispose()
                {
                    {|#1:_closing = true|};
                    if (_reading == 0) { Release(); }
                }

                void Release() { }
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            new[] { Base, derived },
            Verify.Diagnostic("FEN012").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                .WithArguments("Connection.Read", "stores '_reading' then loads '_closing'", "NativeConnection.Dispose", "stores '_closing' then loads '_reading'", ""),
            Verify.Diagnostic("FEN012").WithLocation(1).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                .WithArguments("NativeConnection.Dispose", "stores '_closing' then loads '_reading'", "Connection.Read", "stores '_reading' then loads '_closing'", ""));
    }

    [Theory]
    [InlineData("Connection<T>", "NativeConnection<T> : Connection<T>")]
    [InlineData("Connection<T>", "NativeConnection : Connection<int>")]
    [InlineData("Connection<T>", "NativeConnection<U> : Connection<System.Collections.Generic.List<U>>")]
    [InlineData("Connection", "NativeConnection : Connection")]
    public async Task A_field_of_a_generic_base_class_is_one_location_in_the_derived_class(string baseName, string derivedDeclaration)
    {
        // In the derived class a base field is a member of the constructed base (Connection<int>._closing), not of the base's
        // own definition; on one object it is one location whatever the type arguments (docs/design.md §5). A generic base
        // made the derived class's accesses another location, and the handshake was missed (held-out 11, precision.md).
        var source = $$"""
            abstract class {{baseName}}
            {
                protected volatile bool _closing;
                protected volatile int _reading;

                public bool Read()
                {
                    _reading = 1;
                    if (_closing) { _reading = 0; return false; }
                    return true;
                }
            }

            sealed class {{derivedDeclaration}}
            {
                public void Dispose()
                {
                    _closing = true;
                    if (_reading == 0) { Release(); }
                }

                void Release() { }
            }
            """;
        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(source), audit: false);
        Assert.Empty(exceptions);
        Assert.Equal(new[] { "Dispose", "Read" }, diagnostics.Where(d => d.Id == "FEN012").Select(d => d.Properties[Fencer.Analyzer.Rules.HandshakeDiagnostic.ThisMemberProperty]).OrderBy(m => m, System.StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_base_class_side_closed_by_several_derived_classes_is_one_diagnostic_listing_them()
    {
        // Drop is a side in the family of each class derived from Segment: one side of one store, so one diagnostic, with
        // both readers among its partners (their lines in its additional locations), not one per derived class.
        const string source = """
            using System.Threading;

            abstract class Segment
            {
                protected volatile bool _dropping;
                protected int _readers;

                public void Drop()
                {
                    _dropping = true;
                    if (Volatile.Read(ref _readers) == 0) { Delete(); }
                }

                void Delete() { }
            }

            sealed class KeySegment : Segment
            {
                public bool Read()
                {
                    Interlocked.Increment(ref _readers);
                    if (_dropping) { return false; }
                    return true;
                }
            }

            sealed class ValueSegment : Segment
            {
                public bool Read()
                {
                    Interlocked.Increment(ref _readers);
                    if (_dropping) { return false; }
                    return true;
                }
            }
            """;
        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(source), audit: false);
        Assert.Empty(exceptions);
        var drop = Assert.Single(diagnostics, d => d.Id == "FEN011");
        Assert.Equal("Drop", drop.Properties[Fencer.Analyzer.Rules.HandshakeDiagnostic.ThisMemberProperty]);
        var partnerLines = drop.AdditionalLocations.Select(l => l.GetLineSpan().StartLinePosition.Line + 1).ToHashSet();
        Assert.Contains(21, partnerLines); // KeySegment.Read's increment
        Assert.Contains(31, partnerLines); // ValueSegment.Read's increment
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_base_class_member_that_stores_a_derived_class_property_is_walked_with_the_family(bool concurrent)
    {
        // A base class's member that stores an auto-property of a derived class (through a cast of `this`): the family
        // sees that property's backing field, though the base class's own analysis does not, so its walks for the family
        // must not be taken from that analysis (docs/design.md §8, "Cost") — Read's store of Reading counts there
        // (reported at the audit level: the evidence is one shared field).
        await AssertPairedThroughReading(CastingFamily, concurrent);
    }

    /// <summary>
    /// A base class's member that stores an auto-property of a derived class through a cast of <c>this</c>, and that derived
    /// class's member that closes the handshake (reported at the audit level: the evidence is one shared field).
    /// </summary>
    private const string CastingFamily = """
        abstract class Connection
        {
            protected volatile bool _closing;
            private int _seen;

            public int Seen() => System.Threading.Volatile.Read(ref _seen);

            public bool Read()
            {
                ((NativeConnection)this).Reading = 1;
                if (_closing) { return false; }
                return true;
            }
        }

        class NativeConnection : Connection
        {
            public int Reading { get; set; }

            public void Dispose()
            {
                _closing = true;
                if (Reading == 0) { Release(); }
            }

            void Release() { }
        }
        """;

    private static async Task AssertPairedThroughReading(string source, bool concurrent = false)
    {
        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(source), concurrent, audit: true);
        Assert.Empty(exceptions);
        Assert.Contains(diagnostics, d => d.Id == "FEN012" && d.GetMessage().StartsWith("'Connection.Read' stores 'Reading' then loads '_closing'", System.StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Id == "FEN012" && d.GetMessage().StartsWith("'NativeConnection.Dispose' stores '_closing' then loads 'Reading'", System.StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reports_the_unfenced_side_only_when_the_base_class_fences_its_own()
    {
        var fencedBase = """
            using System.Threading;

            abstract class Connection
            {
                protected volatile bool _closing;
                protected volatile int _reading;

                public bool Read()
                {
                    _reading = 1;
                    Interlocked.MemoryBarrier();
                    if (_closing) { _reading = 0; return false; }
                    return true;
                }
            }
            """;
        var derived = """
            class NativeConnection : Connection
            {
                public void Dispose()
                {
                    {|FEN011:_closing = true|};
                    if (_reading == 0) { Release(); }
                }

                void Release() { }
            }
            """;

        await Verify.VerifyAnalyzerAsync(new[] { fencedBase, derived });
    }

    [Fact]
    public async Task Is_silent_when_both_sides_are_fenced()
    {
        var fencedBase = """
            using System.Threading;

            abstract class Connection
            {
                protected volatile bool _closing;
                protected volatile int _reading;

                public bool Read()
                {
                    Interlocked.Exchange(ref _reading, 1);
                    if (_closing) { _reading = 0; return false; }
                    return true;
                }
            }
            """;
        var derived = """
            using System.Threading;

            class NativeConnection : Connection
            {
                public void Dispose()
                {
                    _closing = true;
                    Interlocked.MemoryBarrier();
                    if (_reading == 0) { Release(); }
                }

                void Release() { }
            }
            """;

        await Verify.VerifyAnalyzerAsync(new[] { fencedBase, derived });
    }

    [Fact]
    public async Task A_handshake_within_the_base_class_keeps_its_per_type_rule_and_is_not_reported_again()
    {
        var source = """
            class Dekker
            {
                protected volatile bool _wantA, _wantB;

                public bool TryEnterA()
                {
                    {|FEN002:_wantA = true|};
                    return !_wantB;
                }

                public bool TryEnterB()
                {
                    {|FEN002:_wantB = true|};
                    return !_wantA;
                }
            }

            class NamedDekker : Dekker
            {
                public string Name { get; set; } = "";

                public bool Wanted() => _wantA || _wantB;
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Unrelated_classes_with_fields_of_the_same_names_are_not_paired()
    {
        var other = """
            class Unrelated
            {
                volatile bool _closing;
                volatile int _reading;

                public void Dispose()
                {
                    _closing = true;
                    if (_reading == 0) { Release(); }
                }

                void Release() { }
            }
            """;

        await Verify.VerifyAnalyzerAsync(new[] { Base.Replace("{|#0:_reading = 1|}", "_reading = 1"), other });
    }

    [Fact]
    public async Task A_virtual_method_the_derived_class_overrides_is_not_summarised_from_the_base()
    {
        // The base class's Close announces and then calls a virtual check; on a NativeConnection the override runs,
        // which loads nothing: the base class's body of Check is not what runs, so there is no handshake through it.
        var virtualBase = """
            abstract class Connection
            {
                protected volatile bool _closing;
                protected volatile int _reading;

                public void Close()
                {
                    _closing = true;
                    Check();
                }

                protected virtual void Check()
                {
                    if (_reading == 0) { Release(); }
                }

                void Release() { }
            }
            """;
        var derived = """
            class NativeConnection : Connection
            {
                public bool Read()
                {
                    _reading = 1;
                    if (_closing) { _reading = 0; return false; }
                    return true;
                }

                protected override void Check() { }
            }
            """;

        await Verify.VerifyAnalyzerAsync(new[] { virtualBase, derived });
    }

    /// <summary>
    /// The base class's reader announces a read in flight and then reaches the handle through an abstract property the
    /// derived class implements; the derived class's Dispose clears the handle and then checks for reads in flight.
    /// </summary>
    private const string HandleBase = """
        using System.Threading;

        abstract class StateObject
        {
            protected int _readingCount;

            protected abstract object Handle { get; }

            public bool ReadPacket()
            {
                Interlocked.Increment(ref _readingCount);
                try
                {
                    var handle = Handle;
                    if (handle == null) { return false; }
                    return true;
                }
                finally
                {
                    Interlocked.Decrement(ref _readingCount);
                }
            }
        }
        """;

    [Fact]
    public async Task A_virtual_call_on_this_runs_the_override_of_the_derived_class()
    {
        var derived = """
            using System.Threading;

            class NativeStateObject : StateObject
            {
                private object _handle = new object();

                protected override object Handle => _handle;

                public void Dispose()
                {
                    {|#0:_handle = null|};
                    if (Volatile.Read(ref _readingCount) > 0)
                    {
                        SpinWait.SpinUntil(() => Volatile.Read(ref _readingCount) == 0);
                    }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            new[] { HandleBase, derived },
            Verify.Diagnostic("FEN011").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                .WithArguments("NativeStateObject.Dispose", "stores '_handle' then loads '_readingCount'", "StateObject.ReadPacket", "stores '_readingCount' then loads '_handle'", ""));
    }

    [Fact]
    public async Task Is_silent_when_the_override_that_runs_reads_a_field_the_other_side_does_not_store()
    {
        var derived = """
            using System.Threading;

            class NativeStateObject : StateObject
            {
                private object _handle = new object();
                private readonly object _sessionHandle = new object();

                protected override object Handle => _sessionHandle;

                public void Dispose()
                {
                    _handle = null;
                    if (Volatile.Read(ref _readingCount) > 0)
                    {
                        SpinWait.SpinUntil(() => Volatile.Read(ref _readingCount) == 0);
                    }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(new[] { HandleBase, derived });
    }

    [Fact]
    public async Task A_call_through_base_in_the_override_runs_the_base_class_body()
    {
        // Close asks the virtual Idle on this: the override runs, and it runs the base class's Idle through `base`,
        // which loads _reading. So Close stores _closing and then checks _reading, against Read the other way round.
        var virtualBase = """
            abstract class Connection
            {
                protected volatile bool _closing;
                protected volatile int _reading;

                public void Close()
                {
                    {|#0:_closing = true|};
                    if (Idle()) { Release(); }
                }

                protected virtual bool Idle() => _reading == 0;

                void Release() { }
            }
            """;
        var derived = """
            class NativeConnection : Connection
            {
                public bool Read()
                {
                    {|#1:_reading = 1|};
                    if (_closing) { _reading = 0; return false; }
                    return true;
                }

                protected override bool Idle() => base.Idle();
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            new[] { virtualBase, derived },
            Verify.Diagnostic("FEN012").WithLocation(1).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                .WithArguments("NativeConnection.Read", "stores '_reading' then loads '_closing'", "Connection.Close", "stores '_closing' then loads '_reading'", ""),
            Verify.Diagnostic("FEN012").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                .WithArguments("Connection.Close", "stores '_closing' then loads '_reading'", "NativeConnection.Read", "stores '_reading' then loads '_closing'", ""));
    }

    /// <summary>A base class that starts its loop on a thread, with plain fields the loop and a derived class share.</summary>
    private const string StartingBase = """
        using System.Threading;

        abstract class Pump
        {
            protected int _stopping;
            protected int _running;

            protected Pump() { new Thread(Loop).Start(); }

            void Loop()
            {
                _running = 1;
                if (_stopping == 0) { Step(); }
            }

            protected virtual void Step() { }
        }
        """;

    [Fact]
    public async Task A_derived_class_whose_text_shows_no_sharing_and_that_touches_no_shared_field_is_paired_at_the_audit_level_only()
    {
        // Nothing in StoppablePump's text shows sharing (no volatile, Volatile, Interlocked, lock or start) and the fields
        // it uses are plain: the cycle with the started loop has no location shared, the evidence the default level asks
        // for, and the class is not analysed with its bases there. The audit level still pairs it.
        var derived = """
            class StoppablePump : Pump
            {
                public void Stop()
                {
                    _stopping = 1;
                    if (_running == 0) { Release(); }
                }

                void Release() { }
            }
            """;

        await Verify.VerifyAnalyzerAsync(new[] { StartingBase, derived });
        var (audit, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(StartingBase, derived), audit: true);
        Assert.Empty(exceptions);
        Assert.Contains(audit, d => d.Id == "FEN012" && d.GetMessage().StartsWith("'StoppablePump.Stop' stores '_stopping' then loads '_running'", System.StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_hot_side_of_an_asymmetric_handshake_across_the_classes_gets_FEN013()
    {
        var heavyBase = """
            using Fencer;

            abstract class ReaderBiasedFlag
            {
                protected int _reading, _writing;

                public void Write()
                {
                    _writing = 1;
                    AsymmetricBarrier.Heavy();
                    while (_reading != 0) { }
                }
            }
            """;
        var derived = """
            class Reader : ReaderBiasedFlag
            {
                public bool TryRead()
                {
                    {|FEN013:_reading = 1|};
                    return _writing == 0;
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(new[] { heavyBase, derived });
    }

    /// <summary>A base class that starts a virtual loop, then stops it with plain flags; its epoch is volatile.</summary>
    private const string StartingVirtualBase = """
        using System.Threading;

        abstract class Worker
        {
            protected int _stopping, _running;
            protected volatile int _epoch;

            public void StartThenStop()
            {
                new Thread(Run).Start();
                {|FEN012:_stopping = 1|};
                if (_running == 0) { Release(); }
            }

            protected abstract void Run();

            void Release() { }
        }
        """;

    [Fact]
    public async Task A_derived_override_a_base_class_starts_is_paired_with_its_starter_without_a_shared_location()
    {
        // Run's text shows no sharing, but the base class starts it (`new Thread(Run)` runs the override, docs/design.md
        // §8 "Dispatch on this"): a starter and the body it starts run concurrently, whatever their locations (§6). The
        // class is analysed with its base because it touches the volatile _epoch.
        var derived = """
            class Loop : Worker
            {
                protected override void Run()
                {
                    {|FEN012:_running = _epoch|};
                    if (_stopping == 0) { Work(); }
                }

                void Work() { }
            }
            """;

        await Verify.VerifyAnalyzerAsync(new[] { StartingVirtualBase, derived });
    }

    [Fact]
    public async Task A_derived_class_with_no_sign_of_sharing_is_paired_with_a_base_member_that_fences_its_own_half()
    {
        // Plain fields, no start: the evidence is the explicit barrier Close writes between its store and its check
        // (docs/design.md §6). Only the derived class's side lacks a fence.
        var fencingBase = """
            using System.Threading;

            abstract class Channel
            {
                protected bool _closing;
                protected int _reading;

                public void Close()
                {
                    _closing = true;
                    Interlocked.MemoryBarrier();
                    if (_reading == 0) { Release(); }
                }

                void Release() { }
            }
            """;
        var derived = """
            class Reader : Channel
            {
                public bool Read()
                {
                    {|FEN011:_reading = 1|};
                    return !_closing;
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(new[] { fencingBase, derived });
    }

    [Fact]
    public async Task A_derived_class_with_no_sign_of_sharing_is_silent_at_the_default_level_when_neither_location_is_shared()
    {
        // The derived class touches the volatile _epoch, so it is analysed with its base; but the pair it makes with Stop
        // is of two plain fields, and neither member is started or fences: no evidence at the default level (§6).
        var plainBase = """
            abstract class Service
            {
                protected int _stopping, _running;
                protected volatile int _epoch;

                public void Stop()
                {
                    _stopping = 1;
                    if (_running == 0) { Release(); }
                }

                void Release() { }
            }
            """;
        var derived = """
            class Session : Service
            {
                public void Run()
                {
                    _running = _epoch;
                    if (_stopping == 0) { Work(); }
                }

                void Work() { }
            }
            """;

        await Verify.VerifyAnalyzerAsync(new[] { plainBase, derived });
        var (audit, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(plainBase, derived), audit: true);
        Assert.Empty(exceptions);
        Assert.Contains(audit, d => d.Id == "FEN012" && d.GetMessage().StartsWith("'Session.Run' stores '_running' then loads '_stopping'", System.StringComparison.Ordinal));
    }

    private static string Registration(string access) => $$"""
        abstract class Registration
        {
            protected volatile bool _detached;
            protected volatile int _count;

            public void Detach()
            {
                _detached = true;
                if (_count == 0) { Unregister(); }
            }

            {{access}} abstract void Unregister();
        }
        """;

    private static string Handle(string access, string more = "") => $$"""
        class Handle : Registration
        {
            {{access}} override void Unregister()
            {
                _count = 1;
                if (_detached) { Done(); }
            }

            {{more}}

            void Done() { }
        }
        """;

    [Theory]
    [InlineData("protected")]
    [InlineData("private protected")]
    public async Task A_protected_member_only_one_member_of_the_family_calls_runs_as_part_of_it(string access)
    {
        // On an object of Handle only the family's code can call the protected Unregister, and only Detach does: the two
        // are one member's program order (docs/design.md §6, "Not sides"), not two threads. Pairing them pairs Detach with
        // itself, which the default level reports only with an explicit barrier; the audit level says so.
        await Verify.VerifyAnalyzerAsync(new[] { Registration(access), Handle(access) });
        var audit = await AuditAsync(Registration(access), Handle(access));
        Assert.NotEmpty(audit);
        Assert.All(audit, d => Assert.EndsWith("; one member", d.Properties[Fencer.Analyzer.Rules.HandshakeDiagnostic.EvidenceProperty], System.StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("public", "")]
    [InlineData("protected", "public void Reset() { Unregister(); }")]
    public async Task A_member_callable_from_outside_the_family_or_from_two_members_is_a_side_of_its_own(string access, string more)
    {
        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(Registration(access), Handle(access, more)), audit: false);
        Assert.Empty(exceptions);
        Assert.Contains(diagnostics, d => d.Id == "FEN012" && d.GetMessage().StartsWith("'Handle.Unregister' stores '_count' then loads '_detached'", System.StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Id == "FEN012" && d.GetMessage().StartsWith("'Registration.Detach' stores '_detached' then loads '_count'", System.StringComparison.Ordinal));
    }

    /// <summary>A base class whose text shows no sign of sharing: its sender announces with a plain store.</summary>
    private const string PlainBase = """
        abstract class Link
        {
            protected bool _closed;
            protected bool _sending;

            public bool Send()
            {
                _sending = true;
                if (_closed) { _sending = false; return false; }
                return true;
            }
        }
        """;

    private static async Task<System.Collections.Immutable.ImmutableArray<Microsoft.CodeAnalysis.Diagnostic>> AuditAsync(params string[] sources)
    {
        var (audit, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(sources), audit: true);
        Assert.Empty(exceptions);
        return audit;
    }

    [Fact]
    public async Task A_base_class_whose_text_shows_no_sharing_is_paired_at_the_audit_level_with_a_derived_class_that_fences()
    {
        // Only the derived class's text shows sharing (its barrier): at the audit level the base class is bound at the
        // compilation's end and analysed with it, and its unfenced side is reported (docs/design.md §8, "Across a class
        // and its bases"). The default level does not bind it (the cost of binding the bodies the gate skipped).
        var derived = """
            using System.Threading;

            class ClosableLink : Link
            {
                public void Close()
                {
                    _closed = true;
                    Interlocked.MemoryBarrier();
                    if (!_sending) { Release(); }
                }

                void Release() { }
            }
            """;

        Assert.Contains(await AuditAsync(PlainBase, derived), d => d.Id == "FEN011"
            && d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Warning
            && d.GetMessage().StartsWith("'Link.Send' stores '_sending' then loads '_closed'", System.StringComparison.Ordinal));
        await Verify.VerifyAnalyzerAsync(new[] { PlainBase, derived });
    }

    [Fact]
    public async Task A_base_class_whose_text_shows_no_sharing_is_weak_with_a_derived_class_whose_sign_gives_no_evidence_for_the_pair()
    {
        // The derived class shows sharing (a lock elsewhere), but the pair it makes with the base class's sender is of two
        // plain fields, neither member started nor fenced: no evidence (§6), a suggestion.
        var derived = """
            class CountingLink : Link
            {
                private readonly object _gate = new object();
                private int _count;

                public void Count() { lock (_gate) { _count++; } }

                public void Close()
                {
                    _closed = true;
                    if (!_sending) { Release(); }
                }

                void Release() { }
            }
            """;

        Assert.Contains(await AuditAsync(PlainBase, derived), d => d.Id == "FEN012"
            && d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Info
            && d.GetMessage().StartsWith("'Link.Send' stores '_sending' then loads '_closed'", System.StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_classes_whose_text_shows_no_sharing_are_not_analysed_together()
    {
        // Neither the base class nor the derived class shows sharing: the family is not analysed, at any level.
        var derived = """
            class QuietLink : Link
            {
                public void Close()
                {
                    _closed = true;
                    if (!_sending) { Release(); }
                }

                void Release() { }
            }
            """;

        var (audit, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(PlainBase, derived), audit: true);
        Assert.Empty(exceptions);
        Assert.Empty(audit);
    }

    [Fact]
    public async Task A_base_class_whose_text_shows_no_sharing_is_paired_at_the_audit_level_with_a_derived_class_that_starts_its_member()
    {
        // Nothing is shared and nothing fences, but the derived class starts the base class's Pump on a thread, then
        // closes: a starter and the body it starts run concurrently (docs/design.md §6), a certain handshake.
        var pumpBase = """
            abstract class Pumped
            {
                protected bool _closed, _sending;

                protected void Pump()
                {
                    _sending = true;
                    if (_closed) { _sending = false; }
                }
            }
            """;
        var derived = """
            using System.Threading;

            class PumpedLink : Pumped
            {
                public void Run()
                {
                    new Thread(Pump).Start();
                    _closed = true;
                    if (!_sending) { Release(); }
                }

                void Release() { }
            }
            """;

        var audit = await AuditAsync(pumpBase, derived);
        Assert.Contains(audit, d => d.Id == "FEN012" && d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Warning
            && d.GetMessage().StartsWith("'Pumped.Pump' stores '_sending'", System.StringComparison.Ordinal));
        Assert.Contains(audit, d => d.Id == "FEN012" && d.GetMessage().StartsWith("'PumpedLink.Run' stores '_closed'", System.StringComparison.Ordinal));
    }
    [Fact]
    public async Task A_derived_class_that_stores_only_through_a_base_class_setter_is_still_paired()
    {
        // Across a class and its bases a pair needs a member of the class itself that may announce a store; the check is
        // made on the class's walks before its bases are walked (docs/design.md §8, "Cost"). Assigning a property counts,
        // as its setter's stores are announced where it is assigned (§6): Dispose stores nothing itself and is a side.
        var source = ClosingThroughTheBase("protected bool Closing { get => _closing; set => _closing = value; }", "Closing = true");

        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(source), audit: false);
        Assert.Empty(exceptions);
        Assert.Contains(diagnostics, d => d.Id == "FEN012" && d.GetMessage().StartsWith("'NativeConnection.Dispose' stores '_closing' then loads '_reading'", System.StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Id == "FEN012" && d.GetMessage().StartsWith("'Connection.Read' stores '_reading' then loads '_closing'", System.StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_derived_class_that_writes_only_in_a_base_class_helper_is_paired_at_the_audit_level_and_one_that_writes_nothing_is_not()
    {
        // At the audit level what a member's callees write is announced too (docs/design.md §6): Dispose, which only calls
        // the base class's MarkClosing, is a side there, so the check made on the class's walks (§8, "Cost") must count a
        // call into source. ReadingOnly's member writes nothing and calls nothing that does: the family has no pair.
        var source = ClosingThroughTheBase("protected void MarkClosing() { _closing = true; }", "MarkClosing()") + """
            class ReadingOnly : Connection
            {
                public bool Idle() => _reading == 0 && !_closing;
            }
            """;

        var (audit, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(source), audit: true);
        Assert.Empty(exceptions);
        Assert.Contains(audit, d => d.Id == "FEN012" && d.GetMessage().StartsWith("'NativeConnection.Dispose' stores '_closing' then loads '_reading'", System.StringComparison.Ordinal));
        Assert.DoesNotContain(audit, d => d.Id.StartsWith("FEN01", System.StringComparison.Ordinal) && d.GetMessage().Contains("ReadingOnly", System.StringComparison.Ordinal));
    }
    [Fact]
    public async Task A_base_class_walk_that_uses_a_derived_class_property_is_not_shared_with_a_sibling_class()
    {
        // A base member's walk is made once for all the classes derived from its class (docs/design.md §8, "Cost"), but
        // one that uses a property of a class derived from its own depends on the class analysed: with NativeConnection
        // Reading has a backing field, with its sibling AnotherConnection (analysed first, by name) it is a call. The
        // sibling's walk must not be reused for NativeConnection, whose handshake through Reading is still reported.
        const string sibling = """
            class AnotherConnection : Connection
            {
                public void Close() { _closing = true; }
            }
            """;

        await AssertPairedThroughReading(CastingFamily + sibling);
    }

    [Fact]
    public async Task A_derived_class_walk_that_uses_a_base_class_auto_property_is_made_again_with_the_family()
    {
        // The per-type analysis keeps its members' walks for the analysis across the class and its bases (docs/design.md
        // §8, "Cost"), unless a walk asked its scope what the family answers otherwise: on its own, NativeConnection does
        // not know that its base's Closing is an auto-property (a field), so Dispose's walk is made again with the family,
        // where its store of Closing pairs with Read's load of it.
        const string source = """
            abstract class Connection
            {
                protected volatile int _reading;

                protected bool Closing { get; set; }

                public bool Read()
                {
                    _reading = 1;
                    if (Closing) { _reading = 0; return false; }
                    return true;
                }
            }

            class NativeConnection : Connection
            {
                private volatile int _seen;

                public int Seen() => _seen;

                public void Dispose()
                {
                    Closing = true;
                    if (_reading == 0) { Release(); }
                }

                void Release() { }
            }
            """;

        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(source), audit: true);
        Assert.Empty(exceptions);
        Assert.Contains(diagnostics, d => d.Id == "FEN012" && d.GetMessage().StartsWith("'NativeConnection.Dispose' stores 'Closing' then loads '_reading'", System.StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Id == "FEN012" && d.GetMessage().StartsWith("'Connection.Read' stores '_reading' then loads 'Closing'", System.StringComparison.Ordinal));
    }

    /// <summary>
    /// A derived class whose <c>Dispose</c> announces <c>_closing</c> only through <paramref name="closes"/>, a use of
    /// <paramref name="baseMember"/> of its base class, against the base class's reader.
    /// </summary>
    private static string ClosingThroughTheBase(string baseMember, string closes) => $$"""
        abstract class Connection
        {
            protected volatile bool _closing;
            protected volatile int _reading;

            {{baseMember}}

            public bool Read()
            {
                _reading = 1;
                if (_closing) { _reading = 0; return false; }
                return true;
            }
        }

        class NativeConnection : Connection
        {
            public void Dispose()
            {
                {{closes}};
                if (_reading == 0) { Release(); }
            }

            void Release() { }
        }

        """;

    // Two of the derived class's own members, one of which reaches a location of the pair through a base member: the
    // derived cleanup sets its flag and then calls the base class's cleanup, which reads the socket the open stored (the
    // WCF web-socket channel's open against abort, held-out 14); the derived completion decrements the active count and
    // then calls the base class's drain, which runs the derived drain loop that reads `done` (the limited merge's delayed
    // error, held-out 15). The per-type analysis follows no call to a base member, and the analysis across the class and
    // its bases had left every cycle of two own members to it (docs/design.md §8).
    private const string ChannelBase = """
        abstract class ChannelBase
        {
            protected object Socket;

            protected virtual void OnCleanup()
            {
                if (Socket != null) { Socket = null; }
            }
        }
        """;

    private const string Channel = """
        using System.Threading;

        sealed class WebSocketChannel : ChannelBase
        {
            private volatile bool _cleanupStarted;

            public void Open()
            {
                Socket = new object();
                if (_cleanupStarted) { Socket = null; }
            }

            protected override void OnCleanup()
            {
                _cleanupStarted = true;
                __CLEANUP__
            }

            public void Abort() => OnCleanup();

            private void Cleanup() { if (Socket != null) { Socket = null; } }
        }
        """;

    private const string MergeBase = """
        using System.Threading;

        abstract class MergeBase
        {
            protected void Drain() => DrainLoop();

            protected abstract void DrainLoop();
        }
        """;

    private const string Merge = """
        using System.Threading;

        sealed class LimitedMerge : MergeBase
        {
            private bool _done;
            private int _active;

            public void OnError()
            {
                Volatile.Write(ref _done, true);
                if (Volatile.Read(ref _active) == 0) { Drain(); }
            }

            public void InnerComplete()
            {
                Interlocked.Decrement(ref _active);
                __DRAIN__
            }

            protected override void DrainLoop()
            {
                if (Volatile.Read(ref _done)) { Finish(); }
            }

            private void Finish() { }
        }
        """;

    [Fact]
    public async Task A_cycle_of_two_own_members_reached_through_a_base_member_is_reported_across_types()
    {
        var channel = AnalyzerRunner.Compile(ChannelBase, Channel.Replace("__CLEANUP__", "base.OnCleanup();"));
        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(channel, audit: true);
        Assert.Empty(exceptions);
        Assert.Contains(diagnostics, d => d.Id == "FEN012" && d.GetMessage().Contains("WebSocketChannel.Open") && d.GetMessage().Contains("WebSocketChannel.OnCleanup"));
        Assert.DoesNotContain(diagnostics, d => d.Id is "FEN001" or "FEN002" or "FEN003");

        var merge = AnalyzerRunner.Compile(MergeBase, Merge.Replace("__DRAIN__", "Drain();"));
        (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(merge, audit: true);
        Assert.Empty(exceptions);
        Assert.Contains(diagnostics, d => d.Id == "FEN011" && d.GetMessage().Contains("LimitedMerge.OnError") && d.GetMessage().Contains("LimitedMerge.InnerComplete"));
        Assert.DoesNotContain(diagnostics, d => d.Id is "FEN001" or "FEN002" or "FEN003");
    }

    [Fact]
    public async Task A_cycle_of_two_own_members_reached_through_their_own_calls_stays_the_per_type_analysiss()
    {
        // The same cycles with the call made to the class's own member: the per-type analysis reports them, once.
        var channel = AnalyzerRunner.Compile(ChannelBase, Channel.Replace("__CLEANUP__", "Cleanup();"));
        var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(channel, audit: true);
        Assert.Empty(exceptions);
        Assert.Contains(diagnostics, d => d.Id == "FEN002" && d.GetMessage().Contains("Open"));
        Assert.DoesNotContain(diagnostics, d => d.Id is "FEN011" or "FEN012" or "FEN013");

        var merge = AnalyzerRunner.Compile(MergeBase, Merge.Replace("__DRAIN__", "DrainLoop();"));
        (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(merge, audit: true);
        Assert.Empty(exceptions);
        Assert.Contains(diagnostics, d => d.Id == "FEN001" && d.GetMessage().Contains("OnError"));
        Assert.DoesNotContain(diagnostics, d => d.Id is "FEN011" or "FEN012" or "FEN013");
    }
}
