using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = Fencer.Analyzer.Tests.Verifiers.CSharpAnalyzerVerifier<Fencer.Analyzer.Rules.StoreBufferHandshakeAnalyzer>;

namespace Fencer.Analyzer.Tests.Rules;

/// <summary>Every cell of the verdict table of docs/design.md §2, through the analyzer: which side is reported, with which rule.</summary>
public class VerdictTableTests
{
    /// <summary>One side of the handshake with the given protection; {0}/{1} are the stored and loaded fields, {2} the markup id.</summary>
    private static readonly Dictionary<string, string> Sides = new()
    {
        ["None"] = "{{|#{2}:{0} = 1|}};\n            if ({1} == 0) {{ return; }}",
        ["Compiler"] = "{{|#{2}:Volatile.Write(ref {0}, 1)|}};\n            if (Volatile.Read(ref {1}) == 0) {{ return; }}",
        ["Full"] = "{{|#{2}:{0} = 1|}};\n            Interlocked.MemoryBarrier();\n            if ({1} == 0) {{ return; }}",
        ["Heavy"] = "{{|#{2}:{0} = 1|}};\n            AsymmetricBarrier.Heavy();\n            if ({1} == 0) {{ return; }}",
    };

    [Theory]
    // side A, side B, rule expected on A, rule expected on B ("" = silent)
    [InlineData("None", "None", "FEN002", "FEN002")]
    [InlineData("None", "Compiler", "FEN002", "FEN002")]
    [InlineData("None", "Full", "FEN001", "")]
    [InlineData("None", "Heavy", "FEN003", "")]
    [InlineData("Compiler", "None", "FEN002", "FEN002")]
    [InlineData("Compiler", "Compiler", "FEN002", "FEN002")]
    [InlineData("Compiler", "Full", "FEN001", "")]
    [InlineData("Compiler", "Heavy", "", "")]
    [InlineData("Full", "None", "", "FEN001")]
    [InlineData("Full", "Compiler", "", "FEN001")]
    [InlineData("Full", "Full", "", "")]
    [InlineData("Full", "Heavy", "", "")]
    [InlineData("Heavy", "None", "", "FEN003")]
    [InlineData("Heavy", "Compiler", "", "")]
    [InlineData("Heavy", "Full", "", "")]
    [InlineData("Heavy", "Heavy", "", "")]
    public async Task Cell_ReportsTheSideThatNeedsTheChange(string a, string b, string ruleOnA, string ruleOnB)
    {
        var source = $$"""
            using System.Threading;
            using Fencer;

            class Handshake
            {
                int _x, _y;

                void A()
                {
                    {{string.Format(Sides[a], "_x", "_y", 0)}}
                }

                void B()
                {
                    {{string.Format(Sides[b], "_y", "_x", 1)}}
                }

                void Run()
                {
                    new Thread(A).Start();
                    new Thread(B).Start();
                }
            }
            """;

        var expected = new List<DiagnosticResult>();
        if (ruleOnA.Length > 0)
        {
            expected.Add(Verify.Diagnostic(ruleOnA).WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                .WithArguments("A", "stores '_x' then loads '_y'", "B", "stores '_y' then loads '_x'", ""));
        }

        if (ruleOnB.Length > 0)
        {
            expected.Add(Verify.Diagnostic(ruleOnB).WithLocation(1).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                .WithArguments("B", "stores '_y' then loads '_x'", "A", "stores '_x' then loads '_y'", ""));
        }

        await VerifyMarkupAsync(source, expected);
    }

    /// <summary>Markup ids that no diagnostic uses are allowed: a silent side still carries its {|#n:...|}.</summary>
    private static async Task VerifyMarkupAsync(string source, List<DiagnosticResult> expected)
    {
        var test = new Verify.Test { TestCode = source, MarkupOptions = MarkupOptions.UseFirstDescriptor };
        test.TestState.MarkupHandling = MarkupMode.Allow;
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }
}
