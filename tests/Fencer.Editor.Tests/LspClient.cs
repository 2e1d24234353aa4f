using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace Fencer.Editor.Tests;

/// <summary>
/// A minimal Language Server Protocol client: JSON-RPC 2.0 with Content-Length framing over a server process's
/// stdin/stdout. It answers the server's own requests (configuration, capability registration, progress tokens),
/// keeps every notification it receives (log messages for failure reports, pushed diagnostics for assertions)
/// and kills the server's whole process tree when disposed.
/// </summary>
public sealed class LspClient : IAsyncDisposable
{
    private static readonly JsonSerializerOptions WireOptions = new() { WriteIndented = false };

    private readonly Process _process;
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly ConcurrentQueue<string> _log = new();
    private readonly ConcurrentQueue<(DateTime At, JsonElement Params)> _published = new();
    private readonly StringBuilder _stderr = new();
    private readonly Func<string?, JsonNode?> _configuration;
    private readonly Task _readLoop;
    private readonly Task _stderrLoop;
    private long _nextId;
    private Exception? _readFailure;

    private LspClient(Process process, Func<string?, JsonNode?> configuration)
    {
        _process = process;
        _input = process.StandardInput.BaseStream;
        _output = process.StandardOutput.BaseStream;
        _configuration = configuration;
        _readLoop = Task.Run(ReadLoopAsync);
        _stderrLoop = Task.Run(StderrLoopAsync);
    }

    /// <summary>Raised (on the reader thread) for every textDocument/publishDiagnostics notification.</summary>
    public event Action? DiagnosticsPublished;

    /// <summary>Methods of the requests the server sent to the client, in order.</summary>
    public ConcurrentQueue<string> ServerRequests { get; } = new();

    /// <summary>Every textDocument/publishDiagnostics notification's params, with the time it arrived.</summary>
    public IReadOnlyCollection<(DateTime At, JsonElement Params)> Published => _published;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the server process; <paramref name="configuration"/> answers workspace/configuration per section.</summary>
    public static LspClient Start(ProcessStartInfo startInfo, Func<string?, JsonNode?> configuration)
    {
        startInfo.RedirectStandardInput = true;
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.UseShellExecute = false;
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {startInfo.FileName}.");
        return new LspClient(process, configuration);
    }

    public async Task<JsonElement> RequestAsync(string method, object? parameters, TimeSpan timeout)
    {
        var id = Interlocked.Increment(ref _nextId);
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = completion;
        await SendAsync(new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = id,
            ["method"] = method,
            ["params"] = ToNode(parameters),
        }).ConfigureAwait(false);
        try
        {
            return await completion.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No answer to '{method}' within {timeout.TotalSeconds:0} s.\n{Transcript()}");
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    public Task NotifyAsync(string method, object? parameters) =>
        SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = ToNode(parameters) });

    /// <summary>The server's stderr and log messages, for failure messages.</summary>
    public string Transcript()
    {
        string stderr;
        lock (_stderr)
        {
            stderr = _stderr.ToString();
        }

        var log = string.Join("\n", _log.TakeLast(60));
        return $"--- server log (last 60) ---\n{log}\n--- server stderr ---\n{Tail(stderr, 4000)}\n"
            + $"--- server requests: {string.Join(", ", ServerRequests)}\n"
            + (_readFailure is null ? "" : $"--- reader failure: {_readFailure}\n")
            + (_process.HasExited ? $"--- server exited with {_process.ExitCode}\n" : "");
    }

    /// <summary>shutdown + exit, then kills the process tree if it has not gone within the grace period.</summary>
    public async Task ShutdownAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        try
        {
            await RequestAsync("shutdown", null, grace).ConfigureAwait(false);
            await NotifyAsync("exit", null).ConfigureAwait(false);
            await _process.WaitForExitAsync().WaitAsync(grace).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            _log.Enqueue($"[client] clean shutdown failed: {e.GetType().Name}: {e.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }

        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            await Task.WhenAll(_readLoop, _stderrLoop).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The kill was sent; the reader tasks end with the pipes.
        }

        foreach (var pending in _pending.Values)
        {
            pending.TrySetCanceled();
        }

        _process.Dispose();
        _writeLock.Dispose();
    }

    private static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        JsonNode node => node,
        _ => JsonSerializer.SerializeToNode(value, WireOptions),
    };

    private static string Tail(string text, int length) => text.Length <= length ? text : "…" + text[^length..];

    private async Task SendAsync(JsonObject message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString(WireOptions));
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await _input.WriteAsync(header).ConfigureAwait(false);
            await _input.WriteAsync(body).ConfigureAwait(false);
            await _input.FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var length = await ReadHeadersAsync().ConfigureAwait(false);
                if (length < 0)
                {
                    break;
                }

                var body = new byte[length];
                await _output.ReadExactlyAsync(body).ConfigureAwait(false);
                using var document = JsonDocument.Parse(body);
                await DispatchAsync(document.RootElement.Clone()).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or ObjectDisposedException or JsonException)
        {
            _readFailure = e;
        }
        finally
        {
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new IOException($"The server's output ended.\n{Transcript()}"));
            }
        }
    }

    /// <summary>Reads header lines up to the blank one; returns Content-Length, or -1 at end of stream.</summary>
    private async Task<int> ReadHeadersAsync()
    {
        var contentLength = -1;
        var line = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            var read = await _output.ReadAsync(one).ConfigureAwait(false);
            if (read == 0)
            {
                return -1;
            }

            if (one[0] != (byte)'\n')
            {
                line.Add(one[0]);
                continue;
            }

            var text = Encoding.ASCII.GetString(line.ToArray()).TrimEnd('\r');
            line.Clear();
            if (text.Length == 0)
            {
                if (contentLength >= 0)
                {
                    return contentLength;
                }

                continue;
            }

            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && text[..colon].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                contentLength = int.Parse(text[(colon + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }

    private async Task DispatchAsync(JsonElement message)
    {
        var hasMethod = message.TryGetProperty("method", out var methodElement);
        var hasId = message.TryGetProperty("id", out var id);
        if (!hasMethod)
        {
            // A response to one of our requests.
            if (hasId && id.ValueKind == JsonValueKind.Number && _pending.TryGetValue(id.GetInt64(), out var completion))
            {
                if (message.TryGetProperty("error", out var error))
                {
                    completion.TrySetException(new InvalidOperationException($"Server error: {error.GetRawText()}"));
                }
                else
                {
                    completion.TrySetResult(message.TryGetProperty("result", out var result) ? result : default);
                }
            }

            return;
        }

        var method = methodElement.GetString() ?? "";
        message.TryGetProperty("params", out var parameters);
        if (hasId)
        {
            ServerRequests.Enqueue(method);
            await SendAsync(new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["id"] = JsonNode.Parse(id.GetRawText()),
                ["result"] = AnswerServerRequest(method, parameters),
            }).ConfigureAwait(false);
            return;
        }

        switch (method)
        {
            case "textDocument/publishDiagnostics":
                _published.Enqueue((DateTime.UtcNow, parameters));
                DiagnosticsPublished?.Invoke();
                break;
            case "window/logMessage" or "window/showMessage":
                _log.Enqueue(parameters.TryGetProperty("message", out var text) ? text.GetString() ?? "" : parameters.GetRawText());
                break;
            default:
                _log.Enqueue($"[{method}] {(parameters.ValueKind == JsonValueKind.Undefined ? "" : Tail(parameters.GetRawText(), 300))}");
                break;
        }
    }

    /// <summary>workspace/configuration gets one answer per item; everything else (registerCapability,
    /// workDoneProgress/create, refresh requests) is acknowledged with a null result.</summary>
    private JsonNode? AnswerServerRequest(string method, JsonElement parameters)
    {
        if (method != "workspace/configuration")
        {
            return null;
        }

        var answers = new JsonArray();
        if (parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty("items", out var items))
        {
            foreach (var item in items.EnumerateArray())
            {
                var section = item.TryGetProperty("section", out var s) ? s.GetString() : null;
                answers.Add(_configuration(section));
            }
        }

        return answers;
    }

    private async Task StderrLoopAsync()
    {
        var buffer = new char[4096];
        try
        {
            int read;
            while ((read = await _process.StandardError.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                lock (_stderr)
                {
                    _stderr.Append(buffer, 0, read);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The process is gone.
        }
    }
}
