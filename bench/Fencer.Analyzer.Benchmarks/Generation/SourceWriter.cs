using System.Text;

namespace Fencer.Analyzer.Benchmarks.Generation;

/// <summary>Writes indented C# a line at a time and counts the lines, so a corpus can be cut at a target size.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public int Lines { get; private set; }

    public void Line(string line)
    {
        _text.Append(' ', _indent * 4).Append(line).Append('\n');
        Lines++;
    }

    public void Blank()
    {
        _text.Append('\n');
        Lines++;
    }

    /// <summary>Writes a header line and an opening brace, and indents.</summary>
    public void Open(string header)
    {
        Line(header);
        Line("{");
        _indent++;
    }

    public void Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
    }

    public override string ToString() => _text.ToString();
}
