using System.Threading;
using System.Threading.Tasks;
using Fencer.Analyzer.Rules;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = Fencer.CodeFixes.Tests.Verifiers.CSharpCodeFixVerifier<
    Fencer.Analyzer.Rules.StoreBufferHandshakeAnalyzer,
    Fencer.CodeFixes.FEN001FEN002HandshakeCodeFix>;
using VerifyLight = Fencer.CodeFixes.Tests.Verifiers.CSharpCodeFixVerifier<
    Fencer.Analyzer.Rules.StoreBufferHandshakeAnalyzer,
    Fencer.CodeFixes.FEN003LightBarrierCodeFix>;

namespace Fencer.CodeFixes.Tests;

/// <summary>
/// The fixes of FEN011–FEN013 (a handshake whose sides are in two types: a class and its base class, or two types sharing
/// static fields): the same edits as the rules they mirror, each in the file of the side it changes (docs/design.md §10).
/// </summary>
public class AcrossTypesFixTests
{
    /// <summary>
    /// A compilation-end diagnostic is not local: an IDE offers its fix where it has already computed it (full-solution
    /// analysis, the build's list), and <c>dotnet format</c> and Fix All apply it; the testing library's check that a fix
    /// only serves local diagnostics does not apply.
    /// </summary>
    private const CodeFixTestBehaviors NonLocal = CodeFixTestBehaviors.SkipLocalDiagnosticCheck;

    private const string Reader = """
        using System.Threading;

        abstract class Connection
        {
            protected volatile bool _closing;
            protected volatile int _reading;

            public bool Read()
            {
                {|FEN012:_reading = 1|};
                if (_closing) { _reading = 0; return false; }
                return true;
            }
        }
        """;

    private const string Closer = """
        class NativeConnection : Connection
        {
            public void Dispose()
            {
                {|FEN012:_closing = true|};
                if (_reading == 0) { Release(); }
            }

            void Release() { }
        }
        """;

    [Fact]
    public async Task FullFence_FixAll_fences_both_sides_each_in_its_own_file()
    {
        var test = new Verify.Test
        {
            CodeActionEquivalenceKey = FixKeys.FullFence,
            CodeFixTestBehaviors = NonLocal,
            TestState = { Sources = { ("Connection.cs", Reader), ("NativeConnection.cs", Closer) } },
            FixedState =
            {
                Sources =
                {
                    ("Connection.cs", """
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
                        """),
                    ("NativeConnection.cs", """
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
                        """),
                },
            },
        };
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task FullFence_FixAll_fences_both_sides_of_a_handshake_through_static_fields_of_two_types()
    {
        var flags = """
            static class Shutdown
            {
                public static int s_requested;
                public static int s_active;
            }
            """;
        var test = new Verify.Test
        {
            CodeActionEquivalenceKey = FixKeys.FullFence,
            CodeFixTestBehaviors = NonLocal,
            TestState =
            {
                Sources =
                {
                    ("Shutdown.cs", flags),
                    ("Worker.cs", """
                        using System.Threading;

                        class Worker
                        {
                            public void Run()
                            {
                                {|FEN012:Volatile.Write(ref Shutdown.s_active, 1)|};
                                if (Volatile.Read(ref Shutdown.s_requested) == 1) { Volatile.Write(ref Shutdown.s_active, 0); }
                            }
                        }
                        """),
                    ("Host.cs", """
                        using System.Threading;

                        class Host
                        {
                            public void Stop()
                            {
                                {|FEN012:Volatile.Write(ref Shutdown.s_requested, 1)|};
                                if (Volatile.Read(ref Shutdown.s_active) == 0) { Release(); }
                            }

                            void Release() { }
                        }
                        """),
                },
            },
            FixedState =
            {
                Sources =
                {
                    ("Shutdown.cs", flags),
                    ("Worker.cs", """
                        using System.Threading;

                        class Worker
                        {
                            public void Run()
                            {
                                Volatile.Write(ref Shutdown.s_active, 1);
                                Interlocked.MemoryBarrier();
                                if (Volatile.Read(ref Shutdown.s_requested) == 1) { Volatile.Write(ref Shutdown.s_active, 0); }
                            }
                        }
                        """),
                    ("Host.cs", """
                        using System.Threading;

                        class Host
                        {
                            public void Stop()
                            {
                                Volatile.Write(ref Shutdown.s_requested, 1);
                                Interlocked.MemoryBarrier();
                                if (Volatile.Read(ref Shutdown.s_active) == 0) { Release(); }
                            }

                            void Release() { }
                        }
                        """),
                },
            },
        };
        await test.RunAsync(CancellationToken.None);
    }

    /// <summary>The rare side, in the base class: the fix leaves it as it is.</summary>
    private const string Flag = """
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

    [Fact]
    public async Task LightBarrier_orders_the_hot_side_in_the_derived_class()
    {
        var test = new VerifyLight.Test
        {
            CodeActionEquivalenceKey = FixKeys.Light,
            CodeFixTestBehaviors = NonLocal,
            TestState =
            {
                Sources =
                {
                    ("Flag.cs", Flag),
                    ("Reader.cs", """
                        class Reader : ReaderBiasedFlag
                        {
                            public bool TryRead()
                            {
                                {|FEN013:_reading = 1|};
                                return _writing == 0;
                            }
                        }
                        """),
                },
            },
            FixedState =
            {
                Sources =
                {
                    ("Flag.cs", Flag),
                    ("Reader.cs", """
                        using Fencer;

                        class Reader : ReaderBiasedFlag
                        {
                            public bool TryRead()
                            {
                                _reading = 1;
                                AsymmetricBarrier.Light();
                                return _writing == 0;
                            }
                        }
                        """),
                },
            },
        };
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task FullFence_FixAll_fences_a_handshake_written_through_wrapper_objects_in_the_member_that_owns_the_gap()
    {
        // The stores and loads are made inside AtomicFlag's accessors; the gap between them is Worker's, so the fences go
        // there and AtomicFlag is left as it is (docs/design.md §5, "Calls on a field's object"; §10).
        var flag = """
            using System.Threading;

            sealed class AtomicFlag
            {
                private int _value;

                public bool Value
                {
                    get => Volatile.Read(ref _value) != 0;
                    set => Volatile.Write(ref _value, value ? 1 : 0);
                }
            }
            """;
        var test = new Verify.Test
        {
            CodeActionEquivalenceKey = FixKeys.FullFence,
            TestState =
            {
                Sources =
                {
                    ("AtomicFlag.cs", flag),
                    ("Worker.cs", """
                        class Worker
                        {
                            private readonly AtomicFlag _stopping = new AtomicFlag();
                            private readonly AtomicFlag _running = new AtomicFlag();

                            public void Stop()
                            {
                                {|FEN002:_stopping.Value = true|};
                                if (!_running.Value) { Release(); }
                            }

                            public void Loop()
                            {
                                {|FEN002:_running.Value = true|};
                                if (_stopping.Value) { _running.Value = false; }
                            }

                            private void Release() { }
                        }
                        """),
                },
            },
            FixedState =
            {
                Sources =
                {
                    ("AtomicFlag.cs", flag),
                    ("Worker.cs", """
                        using System.Threading;

                        class Worker
                        {
                            private readonly AtomicFlag _stopping = new AtomicFlag();
                            private readonly AtomicFlag _running = new AtomicFlag();

                            public void Stop()
                            {
                                _stopping.Value = true;
                                Interlocked.MemoryBarrier();
                                if (!_running.Value) { Release(); }
                            }

                            public void Loop()
                            {
                                _running.Value = true;
                                Interlocked.MemoryBarrier();
                                if (_stopping.Value) { _running.Value = false; }
                            }

                            private void Release() { }
                        }
                        """),
                },
            },
        };
        await test.RunAsync(CancellationToken.None);
    }
}
