using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Tools.Actions;
using Waiaas.Mcp.Tools.Checking;
using Waiaas.Mcp.Tools.Confirmation;
using Waiaas.Mcp.Tools.Schema;
using Waiaas.Mcp.Client;
using Waiaas.Mcp.Results;
using Waiaas.Mcp.Session;

namespace Waiaas.Mcp.Tools;

/// <summary>
/// The MCP tools/list and tools/call handlers over the <see cref="ToolCatalog"/> and the action tools.
/// </summary>
internal sealed class ToolHandlers(
    ServerConfiguration configuration,
    DaemonClient daemon,
    SessionManager session,
    ActionToolRegistry actions,
    ActionToolRefresh actionRefresh,
    TimeProvider time)
{
    public const string InvalidArgumentsCode = "INVALID_ARGUMENTS";

    /// <summary>
    /// The request item that holds a call's arguments when the SDK could not read them (a string in them is not
    /// text): the message filter sets them aside there, and they are checked from it.
    /// </summary>
    public const string UnreadArgumentsItem = "waiaas-mcp/unread-arguments";

    /// <summary>
    /// A protocol error, not a result the model could correct by changing arguments; <paramref name="name"/> is null
    /// when the name itself is not text.
    /// </summary>
    public static McpProtocolException UnknownTool(string? name) => new(
        name is null
            ? $"Unknown tool: its name holds a broken character ({ArgumentProblemText.BrokenCharacter}). "
                + "Call tools/list for the tools this server offers."
            : $"Unknown tool '{name}'. Call tools/list for the tools this server offers.",
        McpErrorCode.InvalidParams);

    // Built on the thread pool from construction on, beside the SDK's own set-up and initialize: the first tools/list
    // then finds the descriptions and schemas ready instead of building them while the client waits.
    private readonly Task<List<Tool>> _tools = Task.Run(
        () => ToolCatalog.All.Select(definition => Describe(definition, configuration)).ToList());
    private readonly WalletResolver _wallets = new(configuration, daemon, session);
    private readonly SpendConfirmation _confirmation = new(configuration, time);
    private volatile DescribedActions? _describedActions;

    public async ValueTask<ListToolsResult> ListToolsAsync(
        RequestContext<ListToolsRequestParams> context, CancellationToken cancellationToken)
    {
        await actions.WaitForFirstFetchAsync(cancellationToken).ConfigureAwait(false);
        actionRefresh.RetryIfFailed();
        var tools = await _tools.ConfigureAwait(false);
        return new ListToolsResult { Tools = [.. tools, .. DescribeActions(actions.Current)] };
    }

    public async ValueTask<CallToolResult> CallToolAsync(
        RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken)
    {
        var name = context.Params?.Name ?? string.Empty;
        if (ToolCatalog.Find(name) is null
            && actions.Find(name) is null && name.StartsWith(ActionToolFactory.Prefix, StringComparison.Ordinal))
        {
            await actions.WaitForFirstFetchAsync(cancellationToken).ConfigureAwait(false);
        }

        if ((ToolCatalog.Find(name) ?? actions.Find(name)) is not { } tool)
        {
            throw UnknownTool(name);
        }

        var call = context.Items.TryGetValue(UnreadArgumentsItem, out var unread) && unread is JsonObject raw
            ? ArgumentChecker.Check(tool, raw)
            : ArgumentChecker.Check(tool, context.Params?.Arguments);
        if (!call.IsValid)
        {
            return ResultMapper.InvalidCall(
                InvalidArgumentsCode, ArgumentProblemText.Message(tool.Name, call.Problems), ArgumentProblemText.Hint);
        }

        // The token is loaded from disk after initialize is answered; never serve a call before that.
        await session.Started.WaitAsync(cancellationToken).ConfigureAwait(false);
        var (walletId, failure) = await _wallets.ResolveAsync(
            tool, call.Arguments, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        if (await _confirmation.AskAsync(
            context.Server,
            tool,
            call.Arguments,
            walletId,
            cancellationToken).ConfigureAwait(false) is { } notConfirmed)
        {
            return notConfirmed;
        }

        if (tool.Executor is { } executor)
        {
            var progress = new ToolProgress(context.Server, context.Params?.ProgressToken);
            return await executor(
                new ToolCall(tool, call.Arguments, daemon, walletId, time, progress),
                cancellationToken).ConfigureAwait(false);
        }

        var result = await daemon.SendAsync(
            RequestBuilder.Build(tool, call.Arguments, walletId), cancellationToken).ConfigureAwait(false);
        return tool.Answer.ToResult(ArgumentPaths.InToolTerms(tool, result));
    }

    /// <summary>
    /// The action tools as clients see them, built once per fetched list (a fetch that changes nothing keeps the list).
    /// </summary>
    private IList<Tool> DescribeActions(IReadOnlyList<ToolDefinition> current)
    {
        var described = _describedActions;
        if (!ReferenceEquals(described?.Source, current))
        {
            described = new DescribedActions(
                current, current.Select(definition => Describe(definition, configuration)).ToList());
            _describedActions = described;
        }

        return described.Tools;
    }

    private static Tool Describe(ToolDefinition definition, ServerConfiguration configuration) => new()
    {
        Name = definition.Name,
        Title = definition.Title,
        Description = definition.ActsOnWallet && configuration.WalletName is { } wallet
            ? $"[{wallet}] {definition.Description}"
            : definition.Description,
        InputSchema = SchemaWriter.Write(definition),
        Annotations = definition.Hints.ToAnnotations(),
    };

    private sealed record DescribedActions(IReadOnlyList<ToolDefinition> Source, IList<Tool> Tools);
}
