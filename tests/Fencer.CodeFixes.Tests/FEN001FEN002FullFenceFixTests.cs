using System.Threading.Tasks;
using Xunit;
using Verify = Fencer.CodeFixes.Tests.Verifiers.CSharpCodeFixVerifier<
    Fencer.Analyzer.Rules.StoreBufferHandshakeAnalyzer,
    Fencer.CodeFixes.FEN001FEN002HandshakeCodeFix>;

namespace Fencer.CodeFixes.Tests;

/// <summary>"Full fence here": <c>Interlocked.MemoryBarrier();</c> on every path between this side's store and later access.</summary>
public class FEN001FEN002FullFenceFixTests
{
    private const string FencedOther = """

            void P1()
            {
                y = 1;
                Interlocked.MemoryBarrier();
                if (x == default) { r1 = 1; }
            }
        }
        """;

    private static string Class(string p0) => "using System.Threading;\n\nclass C\n{\n    int x, y, r0, r1;\n    bool c;\n\n" + p0 + FencedOther;

    [Fact]
    public async Task FullFence_AfterStore_KeepsComments()
    {
        var source = Class("""
                void P0()
                {
                    // publish
                    {|FEN001:x = 1|}; // mine
                    if (y == default) { r0 = 1; }
                }
            """);
        var fixedSource = Class("""
                void P0()
                {
                    // publish
                    x = 1; // mine
                    Interlocked.MemoryBarrier();
                    if (y == default) { r0 = 1; }
                }
            """);
        await Verify.VerifyCodeFixAsync(source, fixedSource, FixKeys.FullFence);
    }

    [Fact]
    public async Task FullFence_WrapsEmbeddedStoreOfIf_InBlock()
    {
        var source = Class("""
                void P0()
                {
                    if (c)
                        {|FEN001:x = 1|};
                    else
                        r0 = 2;
                    if (y == default) { r0 = 1; }
                }
            """);
        var fixedSource = Class("""
                void P0()
                {
                    if (c)
                    {
                        x = 1;
                        Interlocked.MemoryBarrier();
                    }
                    else
                        r0 = 2;
                    if (y == default) { r0 = 1; }
                }
            """);
        await Verify.VerifyCodeFixAsync(source, fixedSource, FixKeys.FullFence);
    }

    [Fact]
    public async Task FullFence_BeforeLoadInElse_WhenStoreIsInCondition()
    {
        var source = Class("""
                void P0()
                {
                    if (({|FEN001:x = 1|}) == 1 && c)
                        r0 = 0;
                    else
                        if (y == default) { r0 = 1; }
                }
            """);
        var fixedSource = Class("""
                void P0()
                {
                    if ((x = 1) == 1 && c)
                        r0 = 0;
                    else
                    {
                        Interlocked.MemoryBarrier();
                        if (y == default) { r0 = 1; }
                    }
                }
            """);
        await Verify.VerifyCodeFixAsync(source, fixedSource, FixKeys.FullFence);
    }

    [Fact]
    public async Task FullFence_AfterStore_WhenLoadIsInLaterIfCondition()
    {
        var source = Class("""
                void P0()
                {
                    {|FEN001:x = 1|};
                    if (y == 0)
                    {
                        r0 = 1;
                    }
                }
            """);
        var fixedSource = Class("""
                void P0()
                {
                    x = 1;
                    Interlocked.MemoryBarrier();
                    if (y == 0)
                    {
                        r0 = 1;
                    }
                }
            """);
        await Verify.VerifyCodeFixAsync(source, fixedSource, FixKeys.FullFence);
    }

    [Fact]
    public async Task FullFence_InLoop_AfterStore_CoversTheLoopBack()
    {
        var source = Class("""
                void P0()
                {
                    while (c)
                    {
                        if (y == default) { r0 = 1; }
                        {|FEN001:x = 1|};
                    }
                }
            """);
        var fixedSource = Class("""
                void P0()
                {
                    while (c)
                    {
                        if (y == default) { r0 = 1; }
                        x = 1;
                        Interlocked.MemoryBarrier();
                    }
                }
            """);
        await Verify.VerifyCodeFixAsync(source, fixedSource, FixKeys.FullFence);
    }

    [Fact]
    public async Task FullFence_InForLoop_StoreInIncrementor_BeforeLoad()
    {
        var source = Class("""
                void P0()
                {
                    for (int i = 0; i < 10; {|FEN001:x = i++|})
                    {
                        if (y == default) { r0 = 1; }
                    }
                }
            """);
        var fixedSource = Class("""
                void P0()
                {
                    for (int i = 0; i < 10; x = i++)
                    {
                        Interlocked.MemoryBarrier();
                        if (y == default) { r0 = 1; }
                    }
                }
            """);
        await Verify.VerifyCodeFixAsync(source, fixedSource, FixKeys.FullFence);
    }

    [Fact]
    public async Task FullFence_InSwitchSection()
    {
        var source = Class("""
                void P0()
                {
                    switch (r0)
                    {
                        case 1:
                            {|FEN001:x = 1|};
                            if (y == default) { r0 = 1; }
                            break;
                    }
                }
            """);
        var fixedSource = Class("""
                void P0()
                {
                    switch (r0)
                    {
                        case 1:
                            x = 1;
                            Interlocked.MemoryBarrier();
                            if (y == default) { r0 = 1; }
                            break;
                    }
                }
            """);
        await Verify.VerifyCodeFixAsync(source, fixedSource, FixKeys.FullFence);
    }

    [Fact]
    public async Task FullFence_InUsingLockAndTryBlocks()
    {
        var source = Class("""
                object gate = new object();

                void P0()
                {
                    using (new System.IO.MemoryStream())
                    {
                        try
                        {
                            lock (gate) { {|FEN001:x = 1|}; }
                            if (y == default) { r0 = 1; }
                        }
                        finally
                        {
                            r1 = 0;
                        }
                    }
                }
            """);
        var fixedSource = Class("""
                object gate = new object();

                void P0()
                {
                    using (new System.IO.MemoryStream())
                    {
                        try
                        {
                            lock (gate)
                            {
                                x = 1;
                                Interlocked.MemoryBarrier();
                            }
                            if (y == default) { r0 = 1; }
                        }
                        finally
                        {
                            r1 = 0;
                        }
                    }
                }
            """);
        await Verify.VerifyCodeFixAsync(source, fixedSource, FixKeys.FullFence);
    }

    [Fact]
    public async Task FullFence_InLambdaAndLocalFunction()
    {
        var source = """
            using System.Threading;
            using System.Threading.Tasks;

            class C
            {
                int x, y, r0, r1;

                void Start()
                {
                    Task.Run(() =>
                    {
                        {|FEN001:x = 1|};
                        if (y == default) { r0 = 1; }
                    });
                    Task.Run(P1);

                    void P1()
                    {
                        y = 1;
                        Interlocked.MemoryBarrier();
                        if (x == default) { r1 = 1; }
                    }
                }
            }
            """;
        var fixedSource = """
            using System.Threading;
            using System.Threading.Tasks;

            class C
            {
                int x, y, r0, r1;

                void Start()
                {
                    Task.Run(() =>
                    {
                        x = 1;
                        Interlocked.MemoryBarrier();
                        if (y == default) { r0 = 1; }
                    });
                    Task.Run(P1);

                    void P1()
                    {
                        y = 1;
                        Interlocked.MemoryBarrier();
                        if (x == default) { r1 = 1; }
                    }
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, FixKeys.FullFence);
    }

    [Fact]
    public async Task FullFence_OnBothSides_OfUnfencedHandshake_AddsImport()
    {
        var source = """
            class C
            {
                volatile int x, y;
                int r0, r1;

                void P0()
                {
                    {|FEN002:x = 1|};
                    if (y == default) { r0 = 1; }
                }

                void P1()
                {
                    {|FEN002:y = 1|};
                    if (x == default) { r1 = 1; }
                }
            }
            """;
        var fixedSource = """
            using System.Threading;

            class C
            {
                volatile int x, y;
                int r0, r1;

                void P0()
                {
                    x = 1;
                    Interlocked.MemoryBarrier();
                    if (y == default) { r0 = 1; }
                }

                void P1()
                {
                    y = 1;
                    Interlocked.MemoryBarrier();
                    if (x == default) { r1 = 1; }
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, FixKeys.FullFence);
    }

    [Fact]
    public async Task Exchange_ReplacesPlainStore()
    {
        var source = Class("""
                void P0()
                {
                    {|FEN001:x = 1|}; // publish
                    if (y == default) { r0 = 1; }
                }
            """);
        var fixedSource = Class("""
                void P0()
                {
                    Interlocked.Exchange(ref x, 1); // publish
                    if (y == default) { r0 = 1; }
                }
            """);
        await Verify.VerifyCodeFixAsync(source, fixedSource, FixKeys.Exchange);
    }

    [Fact]
    public async Task Exchange_ReplacesVolatileWrite_OfReferenceField()
    {
        var source = """
            using System.Threading;

            class C
            {
                string? x;
                int y, r1;
                object? r0;

                void P0()
                {
                    {|FEN001:Volatile.Write(ref x, "a")|};
                    if (Volatile.Read(ref y) == default) { r0 = 1; }
                }

                void P1()
                {
                    y = 1;
                    Interlocked.MemoryBarrier();
                    if (x == default) { r0 = 1; }
                }
            }
            """;
        var fixedSource = """
            using System.Threading;

            class C
            {
                string? x;
                int y, r1;
                object? r0;

                void P0()
                {
                    Interlocked.Exchange(ref x, "a");
                    if (Volatile.Read(ref y) == default) { r0 = 1; }
                }

                void P1()
                {
                    y = 1;
                    Interlocked.MemoryBarrier();
                    if (x == default) { r0 = 1; }
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, FixKeys.Exchange);
    }

    /// <summary>A class whose P0 body is <paramref name="body"/>, with a helper that may throw, against <see cref="FencedOther"/>.</summary>
    private static string Retrying(string body, string connect) => $$"""
        using System;
        using System.Threading;

        class Retry
        {
            int x, y, r0, r1;

            void P0()
            {
        {{body}}
            }

            static void Connect() {{connect}}
        """ + FencedOther;

    [Fact]
    public async Task FullFence_ForACheckInACatch_GoesInTheCatch_WhichEveryThrowAfterTheStoreReaches()
    {
        // A throw inside Connect() skips every gap of the try block after the store: only the catch's own start lies on
        // that path (an audit-level finding: the check is error handling, docs/design.md §6).
        const string thrower = "=> throw new InvalidOperationException();";
        var source = Retrying("""
                    try
                    {
                        {|FEN001:x = 1|};
                        Connect();
                        Interlocked.MemoryBarrier();
                    }
                    catch (InvalidOperationException)
                    {
                        if (y == default) { r0 = 1; }
                    }
            """, thrower);
        var fixedSource = Retrying("""
                    try
                    {
                        x = 1;
                        Connect();
                        Interlocked.MemoryBarrier();
                    }
                    catch (InvalidOperationException)
                    {
                        Interlocked.MemoryBarrier();
                        if (y == default) { r0 = 1; }
                    }
            """, thrower);

        await Verify.VerifyAuditCodeFixAsync(source, fixedSource, FixKeys.FullFence);
    }

    [Fact]
    public async Task FullFence_StaysAfterTheStoreInTheTry_WhenEveryCatchReturns()
    {
        // The access follows the try, and no throw reaches it: every catch returns. The gap right after the store covers
        // the only path.
        var source = Retrying("""
                    try
                    {
                        {|FEN001:x = 1|};
                        Connect();
                    }
                    catch (InvalidOperationException)
                    {
                        return;
                    }

                    if (y == default) { r0 = 1; }
            """, "{ }");
        var fixedSource = Retrying("""
                    try
                    {
                        x = 1;
                        Interlocked.MemoryBarrier();
                        Connect();
                    }
                    catch (InvalidOperationException)
                    {
                        return;
                    }

                    if (y == default) { r0 = 1; }
            """, "{ }");

        await Verify.VerifyCodeFixAsync(source, fixedSource, FixKeys.FullFence);
    }
}
