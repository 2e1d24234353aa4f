using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Fencer.Analyzer.Rules;

namespace Fencer.CodeFixes;

/// <summary>
/// FEN003 (and FEN013, across types): compiler order on the hot side of an asymmetric handshake. <c>AsymmetricBarrier.Light()</c> between the
/// store and the later access, or, without Fencer.Runtime, both accesses made volatile.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FEN003LightBarrierCodeFix)), Shared]
public sealed class FEN003LightBarrierCodeFix : CodeFixProvider
{
    private static readonly ImmutableArray<string> Keys = ImmutableArray.Create(FixKeys.Light);

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.AsymmetricHotSideUnordered, DiagnosticIds.AsymmetricHotSideUnorderedAcrossTypes);

    public override FixAllProvider GetFixAllProvider() => HandshakeFixAllProvider.Instance;

    public override Task RegisterCodeFixesAsync(CodeFixContext context) => HandshakeCodeFix.RegisterAsync(context, Keys);
}
