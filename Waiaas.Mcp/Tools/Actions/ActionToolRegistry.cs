using System.Text.Json;
using Microsoft.Extensions.Logging;
using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Tools.Schema;
using Waiaas.Mcp.Client;

namespace Waiaas.Mcp.Tools.Actions;

/// <summary>
/// The dynamic action tools as last fetched from <c>GET /v1/actions/providers</c> (by <see cref="ActionToolRefresh"/>,
/// in the background). tools/list waits only briefly for the first fetch. A failed fetch keeps the tools already known
/// and leaves <see cref="NeedsRefresh"/> set, so the refresh tries again.
/// </summary>
internal sealed partial class ActionToolRegistry
{
    /// <summary>How long tools/list waits for the first fetch before answering with what it has.</summary>
    public static readonly TimeSpan FirstFetchWait = TimeSpan.FromSeconds(2);

    private static readonly HashSet<string> StaticToolNames = ToolCatalog.All.Select(t => t.Name)
        .ToHashSet(StringComparer.Ordinal);

    private readonly DaemonClient _daemon;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _firstFetch = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Known _current = new(
        [], new Dictionary<string, ToolDefinition>(StringComparer.Ordinal), string.Empty);
    private volatile bool _needsRefresh = true;

    public ActionToolRegistry(DaemonClient daemon, ILogger logger)
    {
        _daemon = daemon;
        _logger = logger;
    }

    /// <summary>True until a fetch got the daemon's provider list.</summary>
    public bool NeedsRefresh => _needsRefresh;

    public IReadOnlyList<ToolDefinition> Current => _current.Tools;

    public ToolDefinition? Find(string name) => _current.ByName.GetValueOrDefault(name);

    /// <summary>Waits for the first fetch, at most <see cref="FirstFetchWait"/> (real time).</summary>
    public async Task WaitForFirstFetchAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _firstFetch.Task.WaitAsync(
                FirstFetchWait, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Answer with what is known; the list_changed notification follows when the fetch ends.
        }
    }

    /// <summary>
    /// Fetches the provider list; true when the tools changed. Called by <see cref="ActionToolRefresh"/>'s one loop, so
    /// never twice at once.
    /// </summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            var result = await _daemon.SendAsync(
                DaemonRequest.Get("/v1/actions/providers"), cancellationToken).ConfigureAwait(false);
            if (result is not DaemonResult.Ok ok)
            {
                return false;
            }

            _needsRefresh = false;
            using var document = JsonDocument.Parse(ok.Json);
            var declared = ActionToolFactory.FromProviders(document.RootElement, StaticToolNames);
            var signature = string.Join(
                '\n', declared.Tools.Select(t => $"{t.Name}\t{t.Description}\t{SchemaWriter.Write(t).GetRawText()}"));
            if (signature == _current.Signature)
            {
                return false;
            }

            foreach (var reason in declared.Skipped)
            {
                LogActionSkipped(reason);
            }

            _current = new Known(
                declared.Tools, declared.Tools.ToDictionary(t => t.Name, StringComparer.Ordinal), signature);
        }
        catch (JsonException)
        {
            return false;
        }
        finally
        {
            _firstFetch.TrySetResult();
        }

        return true;
    }

    private sealed record Known(
        IReadOnlyList<ToolDefinition> Tools, IReadOnlyDictionary<string, ToolDefinition> ByName, string Signature);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Action tool left out: {Reason}.")]
    private partial void LogActionSkipped(string reason);
}
