using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Waiaas.Mcp.Client;
using Waiaas.Mcp.Session;

namespace Waiaas.Mcp.Tools.Actions;

/// <summary>
/// The one owner of the background work that keeps the action tools current: the first fetch once the session has
/// started, a refetch whenever a new token becomes active, and, while the last fetch failed, a retry when the daemon
/// answers a call or a client lists the tools. One loop on its own task does every fetch; the triggers only wake it, so
/// no tool call or session event ever waits for (or starts) a fetch. Stopped and awaited at shutdown.
/// </summary>
internal sealed partial class ActionToolRefresh : IAsyncDisposable
{
    private readonly ActionToolRegistry _registry;
    private readonly DaemonClient _daemon;
    private readonly SessionManager _session;
    private readonly IToolListAnnouncer _announcer;
    private readonly ILogger _logger;
    private readonly Channel<bool> _wakes =
        Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private int _newToken;

    public ActionToolRefresh(
        ActionToolRegistry registry, DaemonClient daemon, SessionManager session, IToolListAnnouncer announcer,
        ILogger logger)
    {
        _registry = registry;
        _daemon = daemon;
        _session = session;
        _announcer = announcer;
        _logger = logger;
        _daemon.Reached += RetryIfFailed;
        _session.BecameActive += RefetchForNewToken;
    }

    /// <summary>Starts the loop: the first fetch waits for the session's start (it needs the token).</summary>
    public void Start() => _loop = RunAsync(_session.Started, _stop.Token);

    /// <summary>A retry, when the last fetch did not get the daemon's list (the daemon was down, say).</summary>
    public void RetryIfFailed()
    {
        if (_registry.NeedsRefresh)
        {
            _wakes.Writer.TryWrite(true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _daemon.Reached -= RetryIfFailed;
        _session.BecameActive -= RefetchForNewToken;
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    /// <summary>A new token may see other providers (another wallet, another daemon): fetch again, whatever the last
    /// fetch did.</summary>
    private void RefetchForNewToken()
    {
        Interlocked.Exchange(ref _newToken, 1);
        _wakes.Writer.TryWrite(true);
    }

    private async Task RunAsync(Task sessionStarted, CancellationToken stop)
    {
        try
        {
            await sessionStarted.WaitAsync(stop).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The session's own start reports why it failed; no token, no fetch.
            return;
        }

        // The start's own activation is covered by this first fetch.
        Interlocked.Exchange(ref _newToken, 0);
        await RefreshAsync(stop).ConfigureAwait(false);
        while (await _wakes.Reader.WaitToReadAsync(stop).ConfigureAwait(false))
        {
            _wakes.Reader.TryRead(out _);
            if (Interlocked.Exchange(ref _newToken, 0) == 1 || _registry.NeedsRefresh)
            {
                await RefreshAsync(stop).ConfigureAwait(false);
            }
        }
    }

    private async Task RefreshAsync(CancellationToken stop)
    {
        try
        {
            if (await _registry.RefreshAsync(stop).ConfigureAwait(false))
            {
                _announcer.ToolListChanged();
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRefreshFailed(ex);
        }
    }

    [LoggerMessage(
        Level = LogLevel.Warning, Message = "Fetching the action tools failed; the static tools stay available.")]
    private partial void LogRefreshFailed(Exception exception);
}
