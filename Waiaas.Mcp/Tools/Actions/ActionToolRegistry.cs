using System.Text.Json;
using Microsoft.Extensions.Logging;
using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Tools.Schema;
using Waiaas.Mcp.Client;

namespace Waiaas.Mcp.Tools.Actions;

/// <summary>
/// The dynamic action tools, fetched from <c>GET /v1/actions/providers</c> in the background. tools/list waits
/// only briefly for the first fetch; a later fetch that changes the list raises <see cref="Changed"/> so the server
/// can send <c>notifications/tools/list_changed</c>. A failed fetch keeps the tools already known; the next
/// tools/list, or the next call the daemon answers, tries again in the background (so the tools appear once the
/// daemon is back, even if the client never lists tools again).
/// </summary>
internal sealed partial class ActionToolRegistry
{
    /// <summary>How long tools/list waits for the first fetch before answering with what it has.</summary>
    public static readonly TimeSpan FirstFetchWait = TimeSpan.FromSeconds(2);

    private static readonly HashSet<string> StaticToolNames = ToolCatalog.All.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);

    private readonly DaemonClient _daemon;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _firstFetch = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile Known _current = new([], new Dictionary<string, ToolDefinition>(StringComparer.Ordinal), string.Empty);

    public ActionToolRegistry(DaemonClient daemon, ILogger logger)
    {
        _daemon = daemon;
        _logger = logger;
        _daemon.Reached += RetryInBackground;
    }

    public event Action? Changed;

    /// <summary>True until a fetch got the daemon's provider list.</summary>
    public bool NeedsRefresh { get; private set; } = true;

    public IReadOnlyList<ToolDefinition> Current => _current.Tools;

    public ToolDefinition? Find(string name) => _current.ByName.GetValueOrDefault(name);

    /// <summary>Waits for the first fetch, at most <see cref="FirstFetchWait"/> (real time).</summary>
    public async Task WaitForFirstFetchAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _firstFetch.Task.WaitAsync(FirstFetchWait, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Answer with what is known; the list_changed notification follows when the fetch ends.
        }
    }

    /// <summary>Fetches the provider list; true when the tools changed.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var result = await _daemon.SendAsync(DaemonRequest.Get("/v1/actions/providers"), cancellationToken).ConfigureAwait(false);
            if (result is not DaemonResult.Ok ok)
            {
                return false;
            }

            NeedsRefresh = false;
            using var document = JsonDocument.Parse(ok.Json);
            var declared = ActionToolFactory.FromProviders(document.RootElement, StaticToolNames);
            var signature = string.Join('\n', declared.Tools.Select(t => $"{t.Name}\t{t.Description}\t{SchemaWriter.Write(t).GetRawText()}"));
            if (signature == _current.Signature)
            {
                return false;
            }

            foreach (var reason in declared.Skipped)
            {
                LogActionSkipped(reason);
            }

            _current = new Known(declared.Tools, declared.Tools.ToDictionary(t => t.Name, StringComparer.Ordinal), signature);
        }
        catch (JsonException)
        {
            return false;
        }
        finally
        {
            _refreshing.Release();
            _firstFetch.TrySetResult();
        }

        Changed?.Invoke();
        return true;
    }

    /// <summary>Starts a refresh when the last one failed and the first one has ended; never throws.</summary>
    public void RetryInBackground()
    {
        if (NeedsRefresh && _firstFetch.Task.IsCompleted)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await RefreshAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // A failed retry changes nothing; the next tools/list tries again.
                }
            });
        }
    }

    private sealed record Known(IReadOnlyList<ToolDefinition> Tools, IReadOnlyDictionary<string, ToolDefinition> ByName, string Signature);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Action tool left out: {Reason}.")]
    private partial void LogActionSkipped(string reason);
}
