using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Fencer.Analyzer.Knowledge;

/// <summary>
/// The cheap gate in front of the analysis: one scan of a type's tokens (no binding, no control-flow graph)
/// for any sign of sharing between threads. A type without one is plain code and is left alone.
/// </summary>
internal static class SharingEvidence
{
    private static readonly HashSet<string> Names = new()
    {
        "Volatile", "VolatileRead", "VolatileWrite", "Interlocked", "MemoryBarrier", "MemoryBarrierProcessWide",
        "Monitor", "Lock", "AsymmetricBarrier", "Thread", "Task", "ThreadPool", "Parallel", "Timer",
        "ConcurrentQueue", "ConcurrentBag", "ConcurrentStack", "ConcurrentDictionary",
        "ManualResetEventSlim", "SemaphoreSlim", "TaskCompletionSource", "CancellationTokenSource", "CancellationToken",
    };

    /// <summary>Whether the declarations of <paramref name="type"/> (not its nested types) show any sign of sharing.</summary>
    public static bool Scan(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            var root = reference.GetSyntax(cancellationToken);
            foreach (var token in root.DescendantTokens(node => node == root || node is not BaseTypeDeclarationSyntax))
            {
                switch (token.Kind())
                {
                    case SyntaxKind.VolatileKeyword:
                    case SyntaxKind.LockKeyword:
                        return true;
                    case SyntaxKind.IdentifierToken when Names.Contains(token.ValueText):
                        return true;
                }
            }
        }

        return false;
    }
}
