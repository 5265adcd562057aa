using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Bench.Runner;

/// <summary>
/// One long-lived server process over stdio: sends JSON-RPC requests (any number in flight) and completes each
/// when the line with its id comes back. Used for the per-call and throughput measures.
/// </summary>
internal sealed class ServerConnection : IDisposable
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<string>> _pending = new();
    private readonly Lock _writeGate = new();
    private readonly Task _reader;
    private long _nextId;

    public ServerConnection(string executable, (string Name, string Value)[] environment)
    {
        _process = Process.Start(Spawner.StartInfo(executable, environment)) ?? throw new InvalidOperationException("no process");
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _reader = Task.Run(ReadLoop);
    }

    public int ProcessId => _process.Id;

    /// <summary>initialize, then notifications/initialized: the session a client would have.</summary>
    public void Initialize()
    {
        Send("initialize", """{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}""").GetAwaiter().GetResult();
        Write("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
    }

    /// <summary>Sends one request; the task completes with the reply line (or fails after 15 s).</summary>
    public Task<string> Send(string method, string parametersJson)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        Write(string.Create(CultureInfo.InvariantCulture, $$"""{"jsonrpc":"2.0","id":{{id}},"method":"{{method}}","params":{{parametersJson}}}"""));
        return reply.Task.WaitAsync(ReplyTimeout);
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000))
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Write(string line)
    {
        lock (_writeGate)
        {
            _process.StandardInput.WriteLine(line);
            _process.StandardInput.Flush();
        }
    }

    private async Task ReadLoop()
    {
        while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            // The id is the first number after "id": in the SDK's replies; parse it without building a document.
            var at = line.LastIndexOf("\"id\":", StringComparison.Ordinal);
            if (at < 0)
            {
                continue; // a notification
            }

            var start = at + 5;
            var end = start;
            while (end < line.Length && char.IsAsciiDigit(line[end]))
            {
                end++;
            }

            if (long.TryParse(line.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && _pending.TryRemove(id, out var reply))
            {
                reply.TrySetResult(line);
            }
        }

        foreach (var reply in _pending.Values)
        {
            reply.TrySetException(new InvalidOperationException("the server closed stdout"));
        }
    }

    /// <summary>Fails unless the reply is a successful tool result (not a JSON-RPC error, not isError).</summary>
    public static void EnsureToolSucceeded(string reply)
    {
        using var document = JsonDocument.Parse(reply);
        if (!document.RootElement.TryGetProperty("result", out var result)
            || (result.TryGetProperty("isError", out var isError) && isError.GetBoolean()))
        {
            throw new InvalidOperationException($"the bench tool call failed: {reply[..Math.Min(reply.Length, 300)]}");
        }
    }
}
