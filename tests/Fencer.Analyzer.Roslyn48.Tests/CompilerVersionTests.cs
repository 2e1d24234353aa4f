using Microsoft.CodeAnalysis;
using Xunit;

namespace Fencer.Analyzer.Tests;

/// <summary>This build of the tests runs on the compiler the analyzer ships for: Roslyn 4.8, not a newer one a package pulled in.</summary>
public class CompilerVersionTests
{
    [Fact]
    public void TheCompilerUnderTest_IsRoslyn48()
    {
        var version = typeof(Compilation).Assembly.GetName().Version!;
        Assert.Equal((4, 8), (version.Major, version.Minor));
    }
}
