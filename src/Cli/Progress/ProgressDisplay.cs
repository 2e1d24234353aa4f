using System;
using System.IO;

namespace Fencer.Cli.Progress;

/// <summary>
/// What fencer is doing, on standard error only (standard output carries the report, which may be SARIF or JSON):
/// on a terminal one status line rewritten in place; otherwise, or with <c>--quiet</c> off, plain lines for the
/// steps that matter (a project loaded, and how).
/// </summary>
internal sealed class ProgressDisplay : IDisposable
{
    private readonly TextWriter _error;
    private readonly bool _interactive;
    private readonly bool _quiet;
    private readonly object _gate = new();
    private string _status = "";
    private long _lastDraw;

    public ProgressDisplay(TextWriter error, bool interactive, bool quiet)
    {
        _error = error;
        _interactive = interactive;
        _quiet = quiet;
    }

    /// <summary>A display for this process: interactive when standard error is a terminal.</summary>
    public static ProgressDisplay ForConsole(bool quiet) =>
        new(Console.Error, interactive: !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("TERM") != "dumb", quiet);

    /// <summary>A step worth a line of its own (a project loaded, a fallback and its reason).</summary>
    public void Line(string text)
    {
        if (_quiet)
        {
            return;
        }

        lock (_gate)
        {
            Clear();
            _error.WriteLine(text);
            Draw(force: true);
        }
    }

    /// <summary>What is happening now; on a terminal it replaces the previous status (at most ~10 times a second).</summary>
    public void Status(string text)
    {
        if (_quiet || !_interactive)
        {
            return;
        }

        lock (_gate)
        {
            _status = text;
            Draw(force: false);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            Clear();
            _status = "";
        }
    }

    private void Draw(bool force)
    {
        if (!_interactive || _status.Length == 0)
        {
            return;
        }

        var now = Environment.TickCount64;
        if (!force && now - _lastDraw < 100)
        {
            return;
        }

        _lastDraw = now;
        var width = Math.Max(20, SafeWidth() - 1);
        var text = _status.Length > width ? _status.Substring(0, width - 1) + "…" : _status;
        _error.Write("\r\u001b[2K" + text);
        _error.Flush();
    }

    private void Clear()
    {
        if (_interactive && _status.Length > 0)
        {
            _error.Write("\r\u001b[2K");
        }
    }

    private static int SafeWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 100;
        }
        catch (IOException)
        {
            return 100;
        }
    }
}
