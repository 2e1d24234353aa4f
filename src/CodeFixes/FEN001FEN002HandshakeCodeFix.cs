using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Fencer.Analyzer.Rules;

namespace Fencer.CodeFixes;

/// <summary>
/// FEN001, FEN002 (and FEN011, FEN012, the same across types): the three ways to fence a
/// store-buffer handshake, offered in this order (docs/design.md §10):
/// <list type="number">
/// <item>a full fence on this side: <c>Interlocked.MemoryBarrier();</c> on every path between the store and the later
/// access — the default, the one a tool that takes the first action (<c>dotnet format</c>) applies;</item>
/// <item>for a plain store <c>f = v;</c> whose type <c>Interlocked.Exchange</c> takes, the store made an
/// <c>Interlocked.Exchange</c> (a read-modify-write is a full fence);</item>
/// <item>the handshake made asymmetric: the other side gets the process-wide barrier (<c>AsymmetricBarrier.Heavy()</c>,
/// replacing its explicit fence or following its read-modify-write), this side compiler order
/// (<c>AsymmetricBarrier.Light()</c>); without Fencer.Runtime, <c>Interlocked.MemoryBarrierProcessWide()</c> there and
/// volatile accesses here. Both sides change in one action, across documents when the other side is in another file.</item>
/// </list>
/// One provider for both rules: <c>dotnet format</c> applies every provider of a rule in turn with the diagnostics of
/// one analysis, so a second provider would edit code the first had already changed.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FEN001FEN002HandshakeCodeFix)), Shared]
public sealed class FEN001FEN002HandshakeCodeFix : CodeFixProvider
{
    private static readonly ImmutableArray<string> Keys = ImmutableArray.Create(FixKeys.FullFence, FixKeys.Exchange, FixKeys.Asymmetric);

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.OneSidedFence, DiagnosticIds.UnfencedHandshake, DiagnosticIds.OneSidedFenceAcrossTypes, DiagnosticIds.UnfencedHandshakeAcrossTypes);

    public override FixAllProvider GetFixAllProvider() => HandshakeFixAllProvider.Instance;

    public override Task RegisterCodeFixesAsync(CodeFixContext context) => HandshakeCodeFix.RegisterAsync(context, Keys);
}
