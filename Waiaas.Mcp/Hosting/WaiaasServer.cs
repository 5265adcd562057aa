using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Resources;
using Waiaas.Mcp.Session;
using Waiaas.Mcp.Tools;
using Waiaas.Mcp.Tools.Actions;
using Waiaas.Mcp.Client;

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
    private readonly DaemonRequestSender _http;
    private readonly DaemonClient _daemon;
    private readonly ActionToolRegistry _actions;
    private readonly ToolListChanges _toolListChanges = new();
    private readonly ActionToolRefresh _actionRefresh;

    public WaiaasServer(ServerConfiguration configuration, ILoggerFactory loggerFactory, TimeProvider time)
    {
        _configuration = configuration;
        _loggerFactory = loggerFactory;
        _time = time;
        _http = new DaemonRequestSender(configuration, time, loggerFactory);
        _session = new SessionManager(configuration, _http, time, loggerFactory);
        _daemon = new DaemonClient(_http, _session);
        _actions = new ActionToolRegistry(_daemon, loggerFactory.CreateLogger(LogCategories.Server));
        _actionRefresh = new ActionToolRefresh(
            _actions, _daemon, _session, _toolListChanges, loggerFactory.CreateLogger(LogCategories.Server));
    }

    public SessionManager Session => _session;

    /// <summary>
    /// Serves MCP on the two streams until the input ends (after its last replies) or <paramref name="shutdown"/>
    /// fires.
    /// </summary>
    public async Task RunAsync(Stream input, Stream output, CancellationToken shutdown, Action? onInputEnded = null)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        var created = new TaskCompletionSource<McpServer>(TaskCreationOptions.RunContinuationsAsynchronously);
        var transport = new LineDelimitedServerTransport(
            input,
            output,
            _loggerFactory,
            _time,
            onInputEnded: () =>
            {
                _toolListChanges.Stop();
                onInputEnded?.Invoke();
            },
            endSubscription: async id =>
                await EndSubscriptionAsync(await created.Task.ConfigureAwait(false), id).ConfigureAwait(false),
            // Looked up per call: the catalog is built off the start-up path (see ToolHandlers).
            waitsLong: static name => ToolCatalog.Find(name)?.WaitsLong == true);
        await using (transport.ConfigureAwait(false))
        {
            // Once the input is over and its replies are out (or the drain gave up), nothing more can be
            // delivered: cancel what still runs (e.g. a call waiting on a hung daemon) so shutdown is immediate.
            _ = transport.InputFinished.ContinueWith(_ => CancelQuietly(stopping), TaskScheduler.Default);
            var server = McpServer.Create(transport, CreateOptions(), _loggerFactory);
            created.SetResult(server);
            await using (server.ConfigureAwait(false))
            {
                _toolListChanges.AttachTo(server);

                // Connected: now the token may be read. Tool calls wait for this, initialize does not.
                _ = Task.Run(() => StartSessionAsync(stopping.Token), CancellationToken.None);
                _actionRefresh.Start();
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
                    await _actionRefresh.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _session.DisposeAsync().ConfigureAwait(false);
        _http.Dispose();
    }

    private McpServerOptions CreateOptions()
    {
        var tools = new ToolHandlers(_configuration, _daemon, _session, _actions, _actionRefresh, _time);
        var resources = new ResourceHandlers(_configuration, _daemon, _session);
        return new McpServerOptions
        {
            ServerInfo = ServerIdentity.For(_configuration),
            Capabilities = new ServerCapabilities
            {
                Tools = new ToolsCapability { ListChanged = true },
                Resources = new ResourcesCapability { ListChanged = true },
            },
            // Empty: the tools come from the handlers; the collection only carries the change announcements.
            ToolCollection = _toolListChanges,
            Handlers = new McpServerHandlers
            {
                ListToolsHandler = tools.ListToolsAsync,
                CallToolHandler = tools.CallToolAsync,
                ListResourcesHandler = resources.ListResourcesAsync,
                ListResourceTemplatesHandler = resources.ListTemplatesAsync,
                ReadResourceHandler = resources.ReadAsync,
                SubscribeToResourcesHandler = ResourceHandlers.SubscribeAsync,
                UnsubscribeFromResourcesHandler = ResourceHandlers.UnsubscribeAsync,
                NotificationHandlers =
                [
                    new(NotificationMethods.InitializedNotification, (_, _) =>
                    {
                        _toolListChanges.ClientInitialized();
                        return ValueTask.CompletedTask;
                    }),
                ],
            },
            Filters = new McpServerFilters
            {
                Message = new McpMessageFilters
                {
                    IncomingFilters = [MalformedRequests.Filter, InitializeVersion.Filter, HoldAnswersUntilReplied],
                },
            },
        };
    }

    /// <summary>
    /// Ends an open <c>subscriptions/listen</c> with its (empty) result, the spec's graceful close, through the server
    /// so it carries the same <c>_meta</c> as every other stateless result.
    /// </summary>
    private static Task EndSubscriptionAsync(McpServer server, RequestId id) =>
        server.SendMessageAsync(new JsonRpcResponse { Id = id, Result = new JsonObject() }, CancellationToken.None);

    /// <summary>
    /// Daemon answers read for a request stay counted in the answer budget until its reply is written: the text, the
    /// SDK's serialization and the output line built from an answer live that long.
    /// </summary>
    private static McpMessageHandler HoldAnswersUntilReplied(McpMessageHandler next) =>
        async (context, cancellationToken) =>
    {
        if (context.JsonRpcMessage is not JsonRpcRequest)
        {
            await next(context, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var held = AnswerBudget.HoldUntilReplied();
        await next(context, cancellationToken).ConfigureAwait(false);
    };

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
            _loggerFactory.CreateLogger(LogCategories.Session)
                .LogError(ex, "Session start failed; tools answer session_expired until a token is available.");
        }
    }
}
