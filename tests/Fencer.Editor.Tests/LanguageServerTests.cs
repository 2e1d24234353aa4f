using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Fencer.Editor.Tests;

/// <summary>
/// The editor experience through a real language server: csharp-ls (the repository's local tool) opens
/// samples/StoreBuffer, reports FEN001 on Worker.cs, and drops it once the missing fence is typed in.
/// </summary>
public sealed class LanguageServerTests
{
    // Generous: the first diagnostic request waits for the project to load and every analyzer to run, on
    // two cores shared with the other test assemblies (a passing run takes 20-30 s).
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan UpdateTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    private readonly ITestOutputHelper _output;

    public LanguageServerTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task CSharpLs_ReportsFEN001_AndClearsItWhenTheFenceIsTyped()
    {
        var total = Stopwatch.StartNew();
        await Repository.RestoreToolsAsync();
        await Repository.EnsureAnalyzerBuiltAsync();
        var folder = Path.Combine(Repository.Root, "samples", "StoreBuffer");
        await Repository.EnsureRestoredAsync(Path.Combine(folder, "StoreBuffer.csproj"));
        _output.WriteLine($"tool restore + analyzer/sample checks: {total.Elapsed.TotalSeconds:0.0} s (configuration {Repository.Configuration})");

        var workerPath = Path.Combine(folder, "Worker.cs");
        var workerUri = new Uri(workerPath).AbsoluteUri;
        var original = await File.ReadAllTextAsync(workerPath);

        var settings = new JsonObject { ["analyzersEnabled"] = true, ["logLevel"] = "info" };
        var start = Repository.Dotnet(Repository.Root, "tool", "run", "csharp-ls", "--", "--loglevel", "info");
        // The sample's analyzer comes by project reference: let the server's design-time build resolve it
        // to the configuration this test (and the solution build before it) was built in.
        start.Environment["Configuration"] = Repository.Configuration;

        await using var client = LspClient.Start(start, section => section switch
        {
            "csharp" => settings.DeepClone(),
            null or "" => new JsonObject { ["csharp"] = settings.DeepClone() },
            _ => null,
        });

        var initializeResult = await client.RequestAsync("initialize", new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["rootUri"] = new Uri(folder).AbsoluteUri,
            ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = new Uri(folder).AbsoluteUri, ["name"] = "StoreBuffer" }),
            ["capabilities"] = new JsonObject
            {
                ["workspace"] = new JsonObject
                {
                    ["configuration"] = true,
                    ["workspaceFolders"] = true,
                    ["didChangeConfiguration"] = new JsonObject { ["dynamicRegistration"] = true },
                },
                ["textDocument"] = new JsonObject
                {
                    ["synchronization"] = new JsonObject { ["dynamicRegistration"] = false, ["didSave"] = true },
                    ["diagnostic"] = new JsonObject { ["dynamicRegistration"] = false, ["relatedDocumentSupport"] = false },
                    ["publishDiagnostics"] = new JsonObject { ["versionSupport"] = true },
                },
                ["window"] = new JsonObject { ["workDoneProgress"] = true },
            },
        }, RequestTimeout);
        var pull = initializeResult.TryGetProperty("capabilities", out var capabilities)
            && capabilities.TryGetProperty("diagnosticProvider", out var provider)
            && provider.ValueKind == JsonValueKind.Object;
        _output.WriteLine($"server advertises pull diagnostics: {pull}");

        await client.NotifyAsync("initialized", new JsonObject());
        await client.NotifyAsync("workspace/didChangeConfiguration", new JsonObject { ["settings"] = new JsonObject { ["csharp"] = settings.DeepClone() } });
        await client.NotifyAsync("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = workerUri, ["languageId"] = "csharp", ["version"] = 1, ["text"] = original },
        });

        var loaded = Stopwatch.StartNew();
        var (first, firstSource) = await WaitForDiagnosticsAsync(client, workerUri, pull, hasFen001: true, LoadTimeout);
        _output.WriteLine($"FEN001 first seen via {firstSource} {loaded.Elapsed.TotalSeconds:0.0} s after didOpen");

        var fen001 = Assert.Single(first, d => Code(d) == "FEN001");
        var range = fen001.GetProperty("range");
        Assert.Equal((21, 8), Position(range.GetProperty("start")));
        Assert.Equal((21, 8 + "Volatile.Write(ref _workPosted, 1)".Length), Position(range.GetProperty("end")));
        Assert.Equal(2, fen001.GetProperty("severity").GetInt32()); // LSP DiagnosticSeverity.Warning
        var message = fen001.GetProperty("message").GetString() ?? "";
        Assert.Contains("Post", message, StringComparison.Ordinal);
        Assert.Contains("RunOnce", message, StringComparison.Ordinal);
        _output.WriteLine($"FEN001 at {range.GetRawText()}: {message}");

        // Type the fence on a line of its own after the store of the work flag (an incremental edit: insert at line 23, column 1).
        const string Fence = "        Interlocked.MemoryBarrier();\n";
        var changeSent = Stopwatch.StartNew();
        await client.NotifyAsync("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = workerUri, ["version"] = 2 },
            ["contentChanges"] = new JsonArray(new JsonObject
            {
                ["range"] = new JsonObject
                {
                    ["start"] = new JsonObject { ["line"] = 22, ["character"] = 0 },
                    ["end"] = new JsonObject { ["line"] = 22, ["character"] = 0 },
                },
                ["text"] = Fence,
            }),
        });
        var (after, afterSource) = await WaitForDiagnosticsAsync(client, workerUri, pull, hasFen001: false, UpdateTimeout);
        changeSent.Stop();

        Assert.DoesNotContain(after, d => Code(d) is "FEN001" or "FEN002" or "FEN003");
        // The edited document still compiles: the quiet is the fence's doing, not a broken semantic model.
        Assert.DoesNotContain(after, d => d.TryGetProperty("severity", out var s) && s.GetInt32() == 1);
        _output.WriteLine($"didChange -> FEN001-free diagnostics via {afterSource}: {changeSent.Elapsed.TotalMilliseconds:0} ms");

        _output.WriteLine($"textDocument/publishDiagnostics notifications received meanwhile: {client.Published.Count}");

        await client.ShutdownAsync(TimeSpan.FromSeconds(15));
        _output.WriteLine($"server exited cleanly: {client.HasExited}; test took {total.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Asks textDocument/diagnostic (pull) until the document's diagnostics have (or lack) FEN001; a server
    /// without pull diagnostics is waited on for textDocument/publishDiagnostics (push) instead.</summary>
    private static async Task<(JsonElement[] Items, string Source)> WaitForDiagnosticsAsync(
        LspClient client, string uri, bool pull, bool hasFen001, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        var lastSeen = "nothing";
        using var pushed = new SemaphoreSlim(0);
        void OnPublished() => pushed.Release();
        client.DiagnosticsPublished += OnPublished;
        var pushedBefore = client.Published.Count;
        try
        {
            while (deadline.Elapsed < timeout)
            {
                if (pull)
                {
                    // The server answers once the workspace has loaded: a request may take most of the budget.
                    var remaining = timeout - deadline.Elapsed;
                    var report = await client.RequestAsync("textDocument/diagnostic", new JsonObject
                    {
                        ["textDocument"] = new JsonObject { ["uri"] = uri },
                    }, remaining > TimeSpan.FromSeconds(5) ? remaining : TimeSpan.FromSeconds(5));
                    if (report.ValueKind == JsonValueKind.Object && report.TryGetProperty("items", out var items))
                    {
                        var list = items.EnumerateArray().ToArray();
                        lastSeen = Summary(list);
                        if (list.Any(d => Code(d) == "FEN001") == hasFen001)
                        {
                            return (list, "pull (textDocument/diagnostic)");
                        }
                    }
                }

                var latest = client.Published.Skip(hasFen001 ? 0 : pushedBefore)
                    .Where(p => p.Params.GetProperty("uri").GetString() == uri).Select(p => p.Params).LastOrDefault();
                if (latest.ValueKind == JsonValueKind.Object)
                {
                    var list = latest.GetProperty("diagnostics").EnumerateArray().ToArray();
                    if (!pull)
                    {
                        lastSeen = Summary(list);
                    }

                    if (list.Any(d => Code(d) == "FEN001") == hasFen001)
                    {
                        return (list, "push (textDocument/publishDiagnostics)");
                    }
                }

                await pushed.WaitAsync(TimeSpan.FromMilliseconds(pull ? 1000 : 2000));
            }
        }
        finally
        {
            client.DiagnosticsPublished -= OnPublished;
        }

        throw new TimeoutException(
            $"Diagnostics of {uri} did not {(hasFen001 ? "come to include" : "lose")} FEN001 within {timeout.TotalSeconds:0} s; last seen: {lastSeen}\n{client.Transcript()}");
    }

    private static string? Code(JsonElement diagnostic) =>
        diagnostic.TryGetProperty("code", out var code) ? code.ValueKind == JsonValueKind.String ? code.GetString() : code.GetRawText() : null;

    private static (int Line, int Character) Position(JsonElement position) =>
        (position.GetProperty("line").GetInt32(), position.GetProperty("character").GetInt32());

    private static string Summary(JsonElement[] diagnostics) =>
        diagnostics.Length == 0 ? "no diagnostics" : string.Join("; ", diagnostics.Select(d => $"{Code(d)} {d.GetProperty("range").GetProperty("start").GetRawText()} {d.GetProperty("message").GetString()}"));
}
