using System;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;
using Fencer.Analyzer.Knowledge;
using Fencer.Analyzer.Tests.Verifiers;

namespace Fencer.Analyzer.Tests.Knowledge;

/// <summary>
/// The gate in front of the analysis (docs/design.md §8, "Cost"): a type shows sharing when one of its own tokens is a
/// sign; the signs of a tree are found from its text (<see cref="TreeSigns"/>) and must be exactly the tokens the
/// definition (<see cref="SharingEvidence.ScanTokens"/>) accepts.
/// </summary>
public class SharingEvidenceTests
{
    [Theory]
    [InlineData("volatile int _x;")]
    [InlineData("void M() { lock (this) { } }")]
    [InlineData("void M() { Interlocked.Increment(ref _n); }")]
    [InlineData("void M() { System.Threading.Volatile.Read(ref _n); }")]
    [InlineData("void M() { new Thread(M).Start(); }")]
    [InlineData("void M() { new /* a thread */ Thread(M).Start(); }")]
    [InlineData("void M() { new // a thread\n Thread(M).Start(); }")]
    [InlineData("void M() { new\n#if DEBUG\n#endif\n Thread(M).Start(); }")]
    [InlineData("void M() { new @Thread(M).Start(); }")]
    [InlineData("void M() { new System.Threading.Thread(M).Start(); }")]
    [InlineData("void M() { new global::System.Threading.Timer(_ => { }); }")]
    [InlineData("void M() { new global::Lock(); }")]
    [InlineData("void M() { var s = \"a // b\"; new Thread(M).Start(); }")]
    [InlineData("void M() { var s = \"/*\"; new Thread(M).Start(); }")]
    [InlineData("void M() { new\n Timer(_ => { }); }")]
    [InlineData("void M() { Task\n.Run(M); }")]
    [InlineData("void M() { Task . /* now */ Run(M); }")]
    [InlineData("void M() { Task.@Run(M); }")]
    [InlineData("ConcurrentQueue<int> _q = new();")]
    [InlineData("void M() { Thread.MemoryBarrier(); }")]
    [InlineData("void M() { var aLocalNameLongerThanAnyWordTheTextPassReads = 0; new Thread(M).Start(); }")]
    [InlineData("void M() { var TaskRun = 0; Task.Run(M); }")]
    public void Gate_SaysYes_WhereATokenIsASign(string member)
    {
        var (type, declaration) = Declare(member);
        Assert.True(SharingEvidence.ScanTokens(declaration, lockFree: false));
        Assert.True(SharingEvidence.Scan(type, default));
    }

    [Theory]
    [InlineData("void M() { var t = Task.FromResult(1); }")]
    [InlineData("void M() { var blocked = true; }")]
    [InlineData("Thread? _owner;")]
    [InlineData("void M() { var Interlockedly = 1; var newThread = 2; var lockout = 3; Task.Running(); }")]
    [InlineData("// Interlocked.Increment(ref _n); lock (this) { }\nint _n;")]
    [InlineData("/// <summary>Uses <see cref=\"Interlocked\"/>, volatile and new Thread.</summary>\nint _n;")]
    [InlineData("string _s = \"lock (this) { new Thread(M); Task.Run(M); }\";")]
    [InlineData("string _s = $\"{1}Interlocked\";")]
    [InlineData("#if NEVER\nvoid M() { Interlocked.Increment(ref _n); }\n#endif\nint _n;")]
    [InlineData("Task _t = Task.CompletedTask; void M() { _ = new List<Task>(); }")]
    [InlineData("void M() { var t = System.Threading.Thread.CurrentThread; var u = new Dictionary<int, System.Threading.Timer>(); }")]
    public void Gate_SaysNo_WhereNoTokenIsASign(string member)
    {
        var (type, declaration) = Declare(member);
        Assert.False(SharingEvidence.ScanTokens(declaration, lockFree: false));
        Assert.False(SharingEvidence.Scan(type, default));
    }

    [Fact]
    public void Gate_ReadsANestedTypesSignsAsItsOwn_NotItsContainers()
    {
        var compilation = AnalyzerRunner.Compile("""
            using System.Threading;

            class Outer
            {
                int _n;

                class Inner
                {
                    int _m;
                    void M() => Interlocked.Increment(ref _m);
                }
            }

            class Other
            {
                object _gate = new();
                void M() { lock (_gate) { } }

                class Plain { int _p; }
            }
            """);
        Assert.False(SharingEvidence.Scan(compilation.GetTypeByMetadataName("Outer")!, default));
        Assert.True(SharingEvidence.Scan(compilation.GetTypeByMetadataName("Outer+Inner")!, default));
        Assert.True(SharingEvidence.Scan(compilation.GetTypeByMetadataName("Other")!, default));
        Assert.False(SharingEvidence.Scan(compilation.GetTypeByMetadataName("Other+Plain")!, default));
    }

    [Fact]
    public void Gate_FindsTheSameSignsAsTheTokenWalk_OnGeneratedText()
    {
        // Fragments mixing sign words, near misses, and what can hide a word from the tokens or come between two of
        // them (comments, strings, directives, nested types); most texts do not even parse, as in an editor.
        string[] words =
        {
            "volatile", "lock", "Volatile", "Interlocked", "MemoryBarrier", "Monitor", "EnterScope", "ThreadPool", "SpinLock",
            "ConcurrentQueue", "Thread", "Timer", "Task", "Lock", "Run", "new", "@", "Interlockedly", "TaskRun", "Running",
            "block", "_lock", "newThread", "x", "M", "System.", "global::", ".", "(", ")", ";", "{", "}", "<int>", "=", ",",
            "class N {", "struct S {", "}", "int F;",
        };
        string[] between =
        {
            " ", "  ", "\n", "\r\n", "/* c */", "/* lock */", "// c\n", "// new\n", "\"a lock\"", "\"//\"", "\"/*\"",
            "$\"{x}lock\"", "'/'", "@\"new Thread\"", "\n#if X\n", "\n#endif\n", "\n#region r\n", "\n#endregion\n",
            "/// <summary>Thread</summary>\n", "@", "System.", "x", ".",
        };
        string[] constructed = { "Thread", "Timer", "Task", "Lock", "Task<int>" };
        var random = new Random(20261205);
        string Between() => random.Next(3) == 0 ? string.Empty : between[random.Next(between.Length)] + (random.Next(2) == 0 ? between[random.Next(between.Length)] : string.Empty);
        var disagreements = new System.Collections.Generic.List<string>();
        var signs = 0;
        for (var sample = 0; sample < 1000; sample++)
        {
            var text = new StringBuilder("class C {");
            for (var i = random.Next(5, 40); i > 0; i--)
            {
                // Phrases that are signs when only trivia comes between their tokens, and loose words and trivia.
                text.Append(random.Next(6) switch
                {
                    0 => "new" + Between() + constructed[random.Next(constructed.Length)],
                    1 => "Task" + Between() + "." + Between() + "Run",
                    2 => between[random.Next(between.Length)],
                    _ => words[random.Next(words.Length)],
                }).Append(random.Next(3) == 0 ? " " : string.Empty);
            }

            var tree = CSharpSyntaxTree.ParseText(text.Append('}').ToString());
            foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<BaseTypeDeclarationSyntax>())
            {
                foreach (var lockFree in new[] { false, true })
                {
                    var expected = SharingEvidence.ScanTokens(declaration, lockFree);
                    signs += expected ? 1 : 0;
                    if (expected != TreeSigns.Of(tree, default).Has(declaration.Span.Start, lockFree))
                    {
                        var sign = declaration.DescendantTokens().FirstOrDefault(t => t.Parent?.FirstAncestorOrSelf<BaseTypeDeclarationSyntax>() == declaration && SharingEvidence.IsEvidence(t, SharingEvidence.Before(t), SharingEvidence.Before(SharingEvidence.Before(t))));
                        disagreements.Add($"{(lockFree ? "lock-free " : string.Empty)}sign {(expected ? "missed" : "invented")} in {declaration.GetType().Name} at {declaration.Span.Start}: '{sign}' {sign.Kind()} at {sign.SpanStart} after '{SharingEvidence.Before(sign)}' {SharingEvidence.Before(sign).Kind()} of: {tree}");
                    }
                }
            }
        }

        Assert.True(disagreements.Count == 0, string.Join("\n----\n", disagreements.Take(2)));
        Assert.InRange(signs, 200, int.MaxValue); // the texts do hold signs, of both kinds
    }

    [Fact]
    public void Gate_SeparatesLockFreeOrdering_FromOtherSigns()
    {
        var tree = CSharpSyntaxTree.ParseText("""
            class Locked { object _gate = new(); void M() { lock (_gate) { } } }
            class Started { void M() => new System.Threading.Thread(M).Start(); }
            class Ordered { volatile int _x; }
            class Atomic { int _n; void M() => System.Threading.Interlocked.Increment(ref _n); }
            """);
        var signs = TreeSigns.Of(tree, default);
        var starts = tree.GetRoot().DescendantNodes().OfType<BaseTypeDeclarationSyntax>().ToDictionary(d => d.Identifier.ValueText, d => d.Span.Start);
        Assert.True(signs.Has(starts["Locked"], lockFree: false));
        Assert.False(signs.Has(starts["Locked"], lockFree: true));
        Assert.True(signs.Has(starts["Started"], lockFree: false));
        Assert.False(signs.Has(starts["Started"], lockFree: true));
        Assert.True(signs.Has(starts["Ordered"], lockFree: true));
        Assert.True(signs.Has(starts["Atomic"], lockFree: true));
    }

    private static (INamedTypeSymbol Type, SyntaxNode Declaration) Declare(string member)
    {
        var compilation = AnalyzerRunner.Compile($$"""
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;

            class C
            {
                int _n;
                {{member}}
            }
            """);
        var type = compilation.GetTypeByMetadataName("C")!;
        return (type, type.DeclaringSyntaxReferences.Single().GetSyntax());
    }
}
