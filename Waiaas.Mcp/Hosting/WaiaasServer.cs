using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Resources;
using Waiaas.Mcp.Session;
using Waiaas.Mcp.Tools;
using Waiaas.Mcp.Tools.Actions;

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
    private readonly ActionToolRegistry _actions;

    public WaiaasServer(ServerConfiguration configuration, ILoggerFactory loggerFactory, TimeProvider time)
    {
        _configuration = configuration;
        _loggerFactory = loggerFactory;
        _time = time;
        _http = new DaemonHttp(configuration, time, loggerFactory);
        _session = new SessionManager(configuration, _http, time, loggerFactory);
        _daemon = new DaemonClient(_http, _session);
        _actions = new ActionToolRegistry(_daemon, loggerFactory.CreateLogger(LogCategories.Server));
    }

    public SessionManager Session => _session;

    /// <summary>Serves MCP on the two streams until the input ends (after its last replies) or <paramref name="shutdown"/> fires.</summary>
    public async Task RunAsync(Stream input, Stream output, CancellationToken shutdown, Action? onInputEnded = null)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        var transport = new LineDelimitedServerTransport(input, output, _loggerFactory, _time, onInputEnded: onInputEnded);
        await using (transport.ConfigureAwait(false))
        {
            // Once the input is over and its replies are out (or the drain gave up), nothing more can be
            // delivered: cancel what still runs (e.g. a call waiting on a hung daemon) so shutdown is immediate.
            _ = transport.InputFinished.ContinueWith(_ => CancelQuietly(stopping), TaskScheduler.Default);
            var server = McpServer.Create(transport, CreateOptions(), _loggerFactory);
            await using (server.ConfigureAwait(false))
            {
                // Action tools: fetched once after the session starts, again whenever a new token becomes active
                // (subscribed after the start, whose own activation the first fetch covers); a change is announced.
                void Announce() => _ = AnnounceToolsChangedAsync(server, stopping.Token);
                void Refetch() => _ = RefreshActionToolsAsync(stopping.Token);
                _actions.Changed += Announce;

                // Connected: now the token may be read. Tool calls wait for this, initialize does not.
                _ = Task.Run(
                    async () =>
                    {
                        await StartSessionAsync(stopping.Token).ConfigureAwait(false);
                        _session.BecameActive += Refetch;
                        await RefreshActionToolsAsync(stopping.Token).ConfigureAwait(false);
                    },
                    CancellationToken.None);
                try
                {
                    await server.RunAsync(stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    // Signal, or end of input.
                }
                finally
                {
                    _session.BecameActive -= Refetch;
                    _actions.Changed -= Announce;
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
        var tools = new ToolHandlers(_configuration, _daemon, SessionReady, _session.GetToken, _actions, _time);
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

    private static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // RunAsync already returned.
        }
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

    private async Task RefreshActionToolsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _actions.RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _loggerFactory.CreateLogger(LogCategories.Server).LogWarning(ex, "Fetching the action tools failed; the static tools stay available.");
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    private async Task AnnounceToolsChangedAsync(McpServer server, CancellationToken cancellationToken)
    {
        try
        {
            await server.SendNotificationAsync(NotificationMethods.ToolListChangedNotification, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _loggerFactory.CreateLogger(LogCategories.Server).LogDebug(ex, "Could not announce the changed tool list.");
        }
    }
}
