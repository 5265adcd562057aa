using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Hosting;

namespace Waiaas.Mcp.Tests.Support;

/// <summary>
/// The production server wiring over in-memory pipes, driven with raw JSON-RPC lines: for checks a client library
/// would hide (what was sent, in which order, with which ids). Every output line is checked to be JSON-RPC 2.0.
/// The clock is fake, so the end-of-input drain never times out by itself: a request that holds it shows as a hang.
/// </summary>
public sealed class RawServer : IAsyncDisposable
{
    /// <summary>Initialize as a 2025-11-25 client.</summary>
    public const string Initialize =
        """{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";

    private readonly Pipe _input = new();
    private readonly Pipe _output = new();
    private readonly WaiaasServer _server;
    private readonly Channel<JsonElement> _arrivals = Channel.CreateUnbounded<JsonElement>();
    private readonly List<JsonElement> _received = [];
    private readonly Task _reading;
    private readonly CancellationTokenSource _shutdown = new();

    private RawServer(ServerConfiguration configuration)
    {
        _server = new WaiaasServer(configuration, NullLoggerFactory.Instance, new FakeTimeProvider(DateTimeOffset.UtcNow));
        Serving = _server.RunAsync(_input.Reader.AsStream(), _output.Writer.AsStream(), _shutdown.Token);
        _reading = ReadAsync();
    }

    /// <summary>Completes when the server has stopped (after the input ended and its replies went out).</summary>
    public Task Serving { get; }

    /// <summary>Every message the server wrote so far, in order.</summary>
    public IReadOnlyList<JsonElement> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    internal static RawServer Start(ServerConfiguration? configuration = null) =>
        new(configuration ?? ServerConfiguration.FromVariables(name => name == EnvironmentVariables.BaseUrl ? "http://127.0.0.1:9" : null));

    /// <summary>
    /// The per-request <c>_meta</c> of a 2026-07-28 client, to put in a request's params.
    /// </summary>
    public static string StatelessMeta =>
        """{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{},"io.modelcontextprotocol/clientInfo":{"name":"raw","version":"1"}}""";

    /// <summary>A 2026-07-28 request: <paramref name="parameters"/> (a JSON object without braces, may be empty) plus the <c>_meta</c>.</summary>
    public static string StatelessRequest(object id, string method, string parameters = "") =>
        JsonRpcLines.Request(id, method, $$"""{{{parameters}}{{(parameters.Length == 0 ? "" : ",")}}"_meta":{{StatelessMeta}}}""");

    public async Task SendAsync(params string[] lines)
    {
        await _input.Writer.WriteAsync(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
    }

    /// <summary>The first message received so far or still to come that matches, within a safety timeout.</summary>
    public async Task<JsonElement> NextAsync(Func<JsonElement, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            lock (_received)
            {
                if (_received.FindIndex(message => match(message)) is >= 0 and var index)
                {
                    return _received[index];
                }
            }

            // Woken by each new message; the list above already holds it.
            await _arrivals.Reader.ReadAsync(timeout.Token);
        }
    }

    /// <summary>The answer to <paramref name="id"/>.</summary>
    public Task<JsonElement> ResponseAsync(object id) =>
        NextAsync(message => JsonRpcLines.IsResponseTo(message, id) && !message.TryGetProperty("method", out _));

    /// <summary>Sends a request and waits for its answer.</summary>
    public async Task<JsonElement> RequestAsync(object id, string method, string parameters = "{}")
    {
        await SendAsync(JsonRpcLines.Request(id, method, parameters));
        return await ResponseAsync(id);
    }

    /// <summary>Ends the input (the client closed stdin) and waits, bounded, for the server to stop.</summary>
    public async Task CloseInputAsync()
    {
        await _input.Writer.CompleteAsync();
        await Serving.WaitAsync(TimeSpan.FromSeconds(10));
        // Nothing is written once the server stopped: what it wrote is all there is to read.
        await _output.Writer.CompleteAsync();
        await _reading.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public static bool IsNotification(JsonElement message, string method) =>
        !message.TryGetProperty("id", out _) && message.TryGetProperty("method", out var name) && name.GetString() == method;

    /// <summary>Stops the server as a signal would (whatever still runs is cancelled).</summary>
    public async ValueTask DisposeAsync()
    {
        await _input.Writer.CompleteAsync();
        await _shutdown.CancelAsync();
        await Serving.WaitAsync(TimeSpan.FromSeconds(10));
        await _server.DisposeAsync();
        _shutdown.Dispose();
    }

    private async Task ReadAsync()
    {
        var reader = _output.Reader;
        while (true)
        {
            var result = await reader.ReadAsync();
            var buffer = result.Buffer;
            while (buffer.PositionOf((byte)'\n') is { } newline)
            {
                var line = buffer.Slice(0, buffer.GetPosition(1, newline));
                foreach (var message in JsonRpcLines.Parse(line.ToArray()))
                {
                    lock (_received)
                    {
                        _received.Add(message);
                    }

                    _arrivals.Writer.TryWrite(message);
                }

                buffer = buffer.Slice(buffer.GetPosition(1, newline));
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                _arrivals.Writer.TryComplete();
                return;
            }
        }
    }
}
