using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Daemon;

namespace Waiaas.Mcp.Tools;

/// <summary>The MCP tools/list and tools/call handlers over the <see cref="ToolCatalog"/>.</summary>
internal sealed class ToolHandlers(
    ServerConfiguration configuration,
    DaemonClient daemon,
    Func<CancellationToken, Task> sessionReady,
    Func<string?> currentToken,
    ActionToolRegistry? actions = null)
{
    public const string UnknownToolCode = "UNKNOWN_TOOL";
    public const string InvalidArgumentsCode = "INVALID_ARGUMENTS";

    private readonly Lazy<IList<Tool>> _tools = new(() => ToolCatalog.All.Select(definition => Describe(definition, configuration)).ToList());
    private readonly WalletResolver _wallets = new(configuration, daemon, currentToken);
    private volatile DescribedActions? _describedActions;

    public async ValueTask<ListToolsResult> ListToolsAsync(RequestContext<ListToolsRequestParams> context, CancellationToken cancellationToken)
    {
        if (actions is null)
        {
            return new ListToolsResult { Tools = _tools.Value };
        }

        await actions.WaitForFirstFetchAsync(cancellationToken).ConfigureAwait(false);
        actions.RetryInBackground();
        return new ListToolsResult { Tools = [.. _tools.Value, .. DescribeActions(actions.Current)] };
    }

    /// <summary>The action tools as clients see them, built once per fetched list (a fetch that changes nothing keeps the list).</summary>
    private IList<Tool> DescribeActions(IReadOnlyList<ToolDefinition> current)
    {
        var described = _describedActions;
        if (!ReferenceEquals(described?.Source, current))
        {
            described = new DescribedActions(current, current.Select(definition => Describe(definition, configuration)).ToList());
            _describedActions = described;
        }

        return described.Tools;
    }

    public async ValueTask<CallToolResult> CallToolAsync(RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken)
    {
        var name = context.Params?.Name ?? string.Empty;
        if (actions is not null && ToolCatalog.Find(name) is null && actions.Find(name) is null
            && name.StartsWith(Catalog.ActionTools.Prefix, StringComparison.Ordinal))
        {
            await actions.WaitForFirstFetchAsync(cancellationToken).ConfigureAwait(false);
        }

        if ((ToolCatalog.Find(name) ?? actions?.Find(name)) is not { } tool)
        {
            return ResultMapper.InvalidCall(UnknownToolCode, $"Unknown tool '{name}'.", "Call tools/list for the tools this server offers.");
        }

        if (!ArgumentBinder.TryBind(tool, context.Params?.Arguments, out var arguments, out var error))
        {
            return ResultMapper.InvalidCall(InvalidArgumentsCode, error, "Fix the arguments and call again; the input schema lists them.");
        }

        // The token is loaded from disk after initialize is answered; never serve a call before that.
        await sessionReady(cancellationToken).ConfigureAwait(false);
        var call = new ToolCall(tool, arguments, daemon, _wallets);
        if (tool.Executor is { } executor)
        {
            return await executor(call, cancellationToken).ConfigureAwait(false);
        }

        string? walletId = null;
        if (tool.NeedsWallet)
        {
            (walletId, var failure) = await _wallets.ResolveAsync(arguments, cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                return failure;
            }
        }

        var result = await daemon.SendAsync(call.DeclaredRequest(walletId), cancellationToken).ConfigureAwait(false);
        return ResultMapper.ToToolResult(result);
    }

    private static Tool Describe(ToolDefinition definition, ServerConfiguration configuration) => new()
    {
        Name = definition.Name,
        Description = definition.WalletSpecific && configuration.WalletName is { } wallet
            ? $"[{wallet}] {definition.Description}"
            : definition.Description,
        InputSchema = ToolSchema.Build(definition),
        Annotations = definition.Hints.ToAnnotations(),
    };

    private sealed record DescribedActions(IReadOnlyList<ToolDefinition> Source, IList<Tool> Tools);
}
