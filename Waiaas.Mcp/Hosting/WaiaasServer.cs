using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Resources;
using Waiaas.Mcp.Session;
using Waiaas.Mcp.Tools;

namespace Waiaas.Mcp.Hosting;

/// <summary>
/// Wires the session, the daemon client and the MCP handlers to one transport. Program and the tests
/// use this same class, so the in-memory test host runs exactly the production wiring.
/// Construction does no I/O; <see cref="RunAsync"/> connects first and loads the token after.
/// </summary>
internal sealed class WaiaasServer : IAsyncDisposable
{
    private readonly ServerConfiguration _configuration;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly SessionManager _session;
    private readonly DaemonHttp _http;
    private readonly DaemonClient _daemon;
    private readonly TaskCompletionSource _sessionStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WaiaasServer(ServerConfiguration configuration, ILoggerFactory loggerFactory, TimeProvider time)
    {
        _configuration = configuration;
        _loggerFactory = loggerFactory;
        _time = time;
        _http = new DaemonHttp(configuration, time, loggerFactory);
        _session = new SessionManager(configuration, _http, time, loggerFactory);
        _daemon = new DaemonClient(_http, _session);
    }

    public SessionManager Session => _session;

    /// <summary>Serves MCP on the two streams until the input ends (after its last replies) or <paramref name="shutdown"/> fires.</summary>
    public async Task RunAsync(Stream input, Stream output, CancellationToken shutdown, Action? onInputEnded = null)
    {
        var transport = new LineDelimitedServerTransport(input, output, _loggerFactory, _time, onInputEnded: onInputEnded);
        await using (transport.ConfigureAwait(false))
        {
            var server = McpServer.Create(transport, CreateOptions(), _loggerFactory);
            await using (server.ConfigureAwait(false))
            {
                // Connected: now the token may be read. Tool calls wait for this, initialize does not.
                _ = Task.Run(() => StartSessionAsync(shutdown), CancellationToken.None);
                try
                {
                    await server.RunAsync(shutdown).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
                {
                    // Signal-driven shutdown.
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _session.DisposeAsync().ConfigureAwait(false);
        _http.Dispose();
    }

    internal McpServerOptions CreateOptions()
    {
        Task SessionReady(CancellationToken cancellationToken) => _sessionStarted.Task.WaitAsync(cancellationToken);
        var tools = new ToolHandlers(_configuration, _daemon, SessionReady, _session.GetToken);
        var resources = new ResourceHandlers(_configuration, _daemon, _session, SessionReady);
        return new McpServerOptions
        {
            ServerInfo = new Implementation { Name = _configuration.ServerName, Version = ServerVersion.Current },
            Capabilities = new ServerCapabilities
            {
                Tools = new ToolsCapability { ListChanged = true },
                Resources = new ResourcesCapability { ListChanged = true },
            },
            Handlers = new McpServerHandlers
            {
                ListToolsHandler = tools.ListToolsAsync,
                CallToolHandler = tools.CallToolAsync,
                ListResourcesHandler = resources.ListResourcesAsync,
                ListResourceTemplatesHandler = resources.ListTemplatesAsync,
                ReadResourceHandler = resources.ReadAsync,
            },
        };
    }

    private async Task StartSessionAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _session.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Degraded mode: a session that cannot start never stops the server.
            _loggerFactory.CreateLogger(LogCategories.Session).LogError(ex, "Session start failed; tools answer session_expired until a token is available.");
        }
        finally
        {
            _sessionStarted.TrySetResult();
        }
    }
}
