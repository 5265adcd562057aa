using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Hosting;

namespace Waiaas.Mcp.Tests.Support;

/// <summary>
/// The production server wiring (<see cref="WaiaasServer"/>) and a real SDK client over in-memory pipes.
/// Never the test host's own stdin/stdout.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly Pipe _clientToServer = new();
    private readonly Pipe _serverToClient = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly WaiaasServer _server;
    private readonly Task _serving;

    private TestServer(ServerConfiguration configuration, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _server = new WaiaasServer(configuration, loggerFactory, time);
        _serving = _server.RunAsync(_clientToServer.Reader.AsStream(), _serverToClient.Writer.AsStream(), _shutdown.Token);
    }

    public McpClient Client { get; private set; } = null!;

    internal static async Task<TestServer> StartAsync(
        ServerConfiguration? configuration = null, TimeProvider? time = null, ILoggerFactory? loggerFactory = null,
        string? protocolVersion = null, McpClientHandlers? clientHandlers = null)
    {
        var server = new TestServer(
            configuration ?? ServerConfiguration.FromVariables(_ => null),
            time ?? new FakeTimeProvider(DateTimeOffset.UtcNow),
            loggerFactory ?? NullLoggerFactory.Instance);
        var transport = new StreamClientTransport(server._clientToServer.Writer.AsStream(), server._serverToClient.Reader.AsStream());
        server.Client = await McpClient.CreateAsync(
            transport,
            new McpClientOptions
            {
                ClientInfo = new Implementation { Name = "waiaas-mcp-tests", Version = "1.0" },
                ProtocolVersion = protocolVersion,
                Handlers = clientHandlers ?? new McpClientHandlers(),
            },
            cancellationToken: TestTimeout.Token);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _clientToServer.Writer.CompleteAsync();
        await _serving.WaitAsync(TimeSpan.FromSeconds(5));
        await _server.DisposeAsync();
        _shutdown.Dispose();
    }
}
