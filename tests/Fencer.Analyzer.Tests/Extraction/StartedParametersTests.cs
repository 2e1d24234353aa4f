using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;
using Fencer.Analyzer.Extraction;
using Fencer.Analyzer.Knowledge;
using Fencer.Analyzer.Tests.Verifiers;

namespace Fencer.Analyzer.Tests.Extraction;

/// <summary>
/// Which delegate parameters a method in source hands on to something that runs them on another thread (docs/design.md
/// §6, a wrapper of a starter), and the reading of its text that spares binding a method which cannot hand one on
/// (§8, "Cost"): a use of the parameter's name that only calls it or tests it against null.
/// </summary>
public class StartedParametersTests
{
    private const string Source = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        static class Later
        {
            public static void RunLater(this Action work) => Task.Run(work);
        }

        class C
        {
            void Calls(Action a) { a(); a.Invoke(); a?.Invoke(); }
            void Tests(Action a, Action b) { if (a == null || null != b) return; b(); }
            void Ignores(Action a, int n) { Console.WriteLine(n); }
            void Runs(Action a) => Task.Run(a);
            void Wraps(Action a) => new Thread(new ThreadStart(a)).Start();
            void Casts(object o, Action a) { Task.Run((Action)a); }
            void Extends(Action a) => a.RunLater();
            void Copies(Action a) { var copy = a; Task.Run(copy); }
            void Named(Action a) => Console.WriteLine(nameof(a));
            void Captures(Action a) => Task.Run(() => a());
            void Second(int n, Action a, Action b) { a(); Task.Run(b); }
        }
        """;

    [Theory]
    [InlineData("Calls", false)]
    [InlineData("Tests", false)]
    [InlineData("Ignores", false)]
    [InlineData("Runs", true)]
    [InlineData("Wraps", true)]
    [InlineData("Casts", true)]
    [InlineData("Extends", true)]
    [InlineData("Copies", true)]    // a copy: bound, and then found to start nothing it can name (the local is no parameter)
    [InlineData("Named", true)]     // nameof: any other use of the name is taken as a possible hand-over
    [InlineData("Captures", false)] // a lambda that calls it is handed on, not the delegate (the bound body says so too, below)
    [InlineData("Second", true)]
    public void ATextThatOnlyCallsOrTestsItsDelegatesHandsNoneOn(string method, bool mayHandOn)
    {
        var compilation = AnalyzerRunner.Compile(Source);
        var symbol = compilation.GetTypeByMetadataName("C")!.GetMembers(method).OfType<IMethodSymbol>().Single();

        Assert.Equal(mayHandOn, CalleeSummaries.MayHandOnDelegate(symbol, default));
    }

    [Theory]
    [InlineData("Calls")]
    [InlineData("Tests")]
    [InlineData("Ignores")]
    [InlineData("Runs", 0)]
    [InlineData("Wraps", 0)]
    [InlineData("Casts", 1)]
    [InlineData("Extends", 0)] // the extension's receiver is its first argument, and the extension starts it
    [InlineData("Copies")]
    [InlineData("Named")]
    [InlineData("Captures")]
    [InlineData("Second", 2)]
    public void TheStartedParametersAreThoseHandedToAStarter(string method, params int[] started)
    {
        var compilation = AnalyzerRunner.Compile(Source);
        var knowledge = new CallKnowledge(WellKnownSymbols.Instance);
        var summaries = new CalleeSummaries(compilation, knowledge);
        var symbol = compilation.GetTypeByMetadataName("C")!.GetMembers(method).OfType<IMethodSymbol>().Single();

        Assert.Equal(started, summaries.StartedParameters(symbol, default).OrderBy(i => i).ToArray());
    }
}
