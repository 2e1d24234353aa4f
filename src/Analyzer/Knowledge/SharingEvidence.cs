using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Fencer.Analyzer.Knowledge;

/// <summary>
/// The cheap gate in front of the analysis: one scan of a type's tokens (no binding, no control-flow graph)
/// for a sign of sharing between threads. A type without one is plain code and is left alone.
/// </summary>
/// <remarks>
/// Only unambiguous signs count. <c>Task</c>, <c>CancellationToken</c>, <c>SemaphoreSlim</c> and
/// <c>TaskCompletionSource</c> are everywhere in ordinary async code, which has no handshakes to find:
/// counting them sent most async classes through the full analysis for nothing. <c>Thread</c>,
/// <c>Timer</c>, <c>Task</c> and <c>Lock</c> count when constructed, <c>Run</c> when it is <c>Task.Run</c>.
/// </remarks>
internal static class SharingEvidence
{
    private static readonly HashSet<string> Names = new()
    {
        "Volatile", "VolatileRead", "VolatileWrite", "Interlocked", "MemoryBarrier", "MemoryBarrierProcessWide",
        "Monitor", "EnterScope", "AsymmetricBarrier", "ThreadPool", "QueueUserWorkItem", "UnsafeQueueUserWorkItem",
        "StartNew", "Parallel", "ConcurrentQueue", "ConcurrentBag", "ConcurrentStack", "ConcurrentDictionary",
        "ManualResetEventSlim", "SpinLock", "ReaderWriterLockSlim",
    };

    private static readonly HashSet<string> Constructed = new() { "Thread", "Timer", "Task", "Lock" };

    /// <summary>Whether the declarations of <paramref name="type"/> (not its nested types) show a sign of sharing.</summary>
    public static bool Scan(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            var root = reference.GetSyntax(cancellationToken);
            SyntaxToken previous = default, beforePrevious = default;
            foreach (var token in root.DescendantTokens(node => node == root || node is not BaseTypeDeclarationSyntax))
            {
                if (IsEvidence(token, previous, beforePrevious))
                {
                    return true;
                }

                beforePrevious = previous;
                previous = token;
            }
        }

        return false;
    }

    private static bool IsEvidence(SyntaxToken token, SyntaxToken previous, SyntaxToken beforePrevious)
    {
        switch (token.Kind())
        {
            case SyntaxKind.VolatileKeyword:
            case SyntaxKind.LockKeyword:
                return true;
            case SyntaxKind.IdentifierToken:
                var name = token.ValueText;
                return Names.Contains(name)
                    || (previous.IsKind(SyntaxKind.NewKeyword) && Constructed.Contains(name))
                    || (name == "Run" && previous.IsKind(SyntaxKind.DotToken) && beforePrevious.ValueText == "Task");
            default:
                return false;
        }
    }
}
