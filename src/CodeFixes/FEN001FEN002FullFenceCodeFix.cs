using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Fencer.Analyzer.Rules;

namespace Fencer.CodeFixes;

/// <summary>
/// FEN001, FEN002: a full fence on this side. <c>Interlocked.MemoryBarrier();</c> on every path between the store and
/// the later access, or, for a plain store <c>f = v;</c> whose type <c>Interlocked.Exchange</c> takes, the store made an
/// <c>Interlocked.Exchange</c> (a read-modify-write is a full fence).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FEN001FEN002FullFenceCodeFix)), Shared]
public sealed class FEN001FEN002FullFenceCodeFix : CodeFixProvider
{
    private static readonly ImmutableArray<string> Keys = ImmutableArray.Create(FixKeys.FullFence, FixKeys.Exchange);

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.OneSidedFence, DiagnosticIds.UnfencedHandshake);

    public override FixAllProvider GetFixAllProvider() => HandshakeFixAllProvider.Instance;

    public override Task RegisterCodeFixesAsync(CodeFixContext context) => HandshakeCodeFix.RegisterAsync(context, Keys);
}
