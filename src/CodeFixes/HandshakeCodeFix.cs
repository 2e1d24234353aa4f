using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Fencer.CodeFixes;

/// <summary>
/// What the three handshake providers share: read the diagnostic back into syntax, plan each alternative they
/// offer, register those that can be written. Registration is the same for all; the providers differ in the rules
/// and alternatives they take, which each states itself.
/// </summary>
internal static class HandshakeCodeFix
{
    public static async Task RegisterAsync(CodeFixContext context, ImmutableArray<string> keys)
    {
        var solution = context.Document.Project.Solution;
        foreach (var diagnostic in context.Diagnostics)
        {
            var sides = await HandshakeSides.ResolveAsync(solution, diagnostic, context.CancellationToken).ConfigureAwait(false);
            if (sides is null || await sides.ThisStore.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false) is not { } model)
            {
                continue;
            }

            var apis = FenceApis.Create(model.Compilation);
            foreach (var key in keys)
            {
                var plan = new EditPlan();
                if (!await HandshakePlanner.TryPlanAsync(key, sides, plan, context.CancellationToken).ConfigureAwait(false) || plan.IsEmpty)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(HandshakePlanner.Title(key, sides, apis), ct => FixSettling.ApplyAsync(plan, solution, ct), key),
                    diagnostic);
            }
        }
    }
}
