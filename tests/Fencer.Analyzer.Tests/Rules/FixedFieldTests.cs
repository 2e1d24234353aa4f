using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Fencer.Analyzer.Tests.Verifiers;

namespace Fencer.Analyzer.Tests.Rules;

/// <summary>
/// Paths a fixed field keeps apart (docs/design.md §6): a field fixed for the object's life — readonly, or private and
/// written only by constructors — has one value on any one object, so two halves reached only under contradicting tests
/// of it (<c>_mode == Mode.None</c> against <c>_mode == Mode.Publication</c>, <c>_monitor == null</c> against
/// <c>_monitor != null</c>) never both run on it.
/// </summary>
public class FixedFieldTests
{
    /// <summary>
    /// A lazy cell (held-out 19, a virtual-world server's own <c>Lazy&lt;T&gt;</c>): its mode, set by the constructor,
    /// picks an unsynchronised branch or a publishing one. The None branch clears the factory, then reads the value; the
    /// publishing branch writes the value, fences, then reads the factory. <paramref name="declaration"/> declares the
    /// mode field; <paramref name="members"/> adds members; <paramref name="then"/> ends the None branch.
    /// </summary>
    private static string Cell(string test = "_mode == Mode.None", string declaration = "private Mode _mode;", string members = "", string then = "return _value;") => $$"""
        using System;
        using System.Threading;

        public enum Mode { None, Publication }

        public class Cell<T>
        {
            private T _value;
            private Func<T> _factory;
            {{declaration}}

            public Cell(Func<T> factory, Mode mode)
            {
                _factory = factory;
                _mode = mode;
            }

            {{members}}

            public T Value()
            {
                if ({{test}})
                {
                    _factory = null;
                    {{then}}
                }

                _value = default;
                Thread.MemoryBarrier();
                return _factory == null ? _value : default;
            }
        }
        """;

    [Theory]
    [InlineData("_mode == Mode.None")]
    [InlineData("Mode.None == _mode")]
    [InlineData("!(_mode != Mode.None)")]
    [InlineData("_mode is Mode.None")]
    public async Task NoDiagnostic_ForHalvesOnBranchesOfAFieldOnlyTheConstructorWrites(string test)
    {
        Assert.Empty(await AnalyzerRunner.DiagnosticsAsync(Cell(test), audit: true));
    }

    [Fact]
    public async Task NoDiagnostic_ForHalvesOnTheCasesOfASwitchOnAReadonlyField()
    {
        var source = Cell(declaration: "private readonly Mode _mode;").Replace(
            "if (_mode == Mode.None)\n        {\n            _factory = null;\n            return _value;\n        }",
            "switch (_mode)\n        {\n            case Mode.None:\n                _factory = null;\n                return _value;\n            case Mode.Publication:\n                break;\n        }");
        Assert.Contains("switch (_mode)", source);

        Assert.Empty(await AnalyzerRunner.DiagnosticsAsync(source, audit: true));
    }

    [Fact]
    public async Task NoDiagnostic_ForHalvesOnTheTwoSidesOfANullTestOfAFixedField()
    {
        // The monitor exists only in the publishing mode; the test is written on it instead of the mode.
        var source = Cell("_monitor == null", members: "private readonly object _monitor = new object();");

        Assert.Empty(await AnalyzerRunner.DiagnosticsAsync(source, audit: true));
    }

    [Theory]
    [InlineData("public void Reset(Mode mode) => _mode = mode;")] // written after construction
    [InlineData("public void Reset(Mode mode) { Action reset = () => _mode = mode; reset(); }")] // through a lambda
    public async Task Reports_WhenTheFieldIsWrittenOutsideTheConstructor(string members)
    {
        var value = Assert.Single(await AnalyzerRunner.DiagnosticsAsync(Cell(members: members), audit: true), d => d.GetMessage().Contains("'Value' stores '_factory' then loads '_value'"));
        Assert.Equal("FEN001", value.Id);
    }

    [Fact]
    public async Task Reports_WhenAConstructorLambdaMayWriteTheFieldLater()
    {
        var source = Cell().Replace("_mode = mode;", "_mode = mode; Reset = () => _mode = Mode.None;").Replace("private T _value;", "private T _value; public Action Reset;");
        Assert.Contains("Reset = () => _mode = Mode.None;", source);

        Assert.Contains(await AnalyzerRunner.DiagnosticsAsync(source, audit: true), d => d.GetMessage().Contains("'Value' stores '_factory' then loads '_value'"));
    }

    [Fact]
    public async Task Reports_WhenTheFieldIsNotPrivate()
    {
        // Another type may write an internal field at any time.
        var source = Cell(declaration: "internal Mode _mode;");

        Assert.Contains(await AnalyzerRunner.DiagnosticsAsync(source, audit: true), d => d.GetMessage().Contains("'Value' stores '_factory' then loads '_value'"));
    }

    [Fact]
    public async Task Reports_WhenTwoTestsCompareTheSameValueWrittenDifferently()
    {
        // `_level == 0` and `_level == 0L` on a long field are one answer: the None branch's test and the publishing
        // branch's test agree, and both halves run on an object whose level is 0.
        var source = Cell("_level == 0", members: "private readonly long _level;", then: "if (_value == null) { Console.WriteLine(); }")
            .Replace("_value = default;", "if (_level != 0L) { return default; } _value = default;");
        Assert.Contains("if (_level != 0L)", source);

        Assert.Contains(await AnalyzerRunner.DiagnosticsAsync(source, audit: true), d => d.GetMessage().Contains("'Value' stores '_factory' then loads '_value'"));
    }

    [Fact]
    public async Task Reports_WhenBothHalvesMayRunUnderTheSameAnswer()
    {
        // The None branch goes on to the publishing code: both halves run when the mode is None.
        var source = Cell(then: "if (_value == null) { Console.WriteLine(); }");

        Assert.Contains(await AnalyzerRunner.DiagnosticsAsync(source, audit: true), d => d.GetMessage().Contains("'Value' stores '_factory' then loads '_value'"));
    }
}
