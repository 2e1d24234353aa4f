using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Fencer.Analyzer.Rules;

namespace Fencer.CodeFixes;

/// <summary>
/// FEN001, FEN002: make the handshake asymmetric. The other side gets the process-wide barrier
/// (<c>AsymmetricBarrier.Heavy()</c>, replacing its explicit fence or following its read-modify-write), this side
/// compiler order (<c>AsymmetricBarrier.Light()</c>). Without Fencer.Runtime: <c>Interlocked.MemoryBarrierProcessWide()</c>
/// there and volatile accesses here; not offered where neither exists. Both sides change in one action, across
/// documents when the other side is in another file.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FEN001FEN002AsymmetricCodeFix)), Shared]
public sealed class FEN001FEN002AsymmetricCodeFix : CodeFixProvider
{
    private static readonly ImmutableArray<string> Keys = ImmutableArray.Create(FixKeys.Asymmetric);

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.OneSidedFence, DiagnosticIds.UnfencedHandshake);

    public override FixAllProvider GetFixAllProvider() => HandshakeFixAllProvider.Instance;

    public override Task RegisterCodeFixesAsync(CodeFixContext context) => HandshakeCodeFix.RegisterAsync(context, Keys);
}
