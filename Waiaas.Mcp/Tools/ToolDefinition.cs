using ModelContextProtocol.Protocol;

namespace Waiaas.Mcp.Tools;

/// <summary>A fixed field of every request body, at a dotted path (e.g. <c>type</c> = <c>CONTRACT_CALL</c>).</summary>
internal sealed record BodyConstant(string Path, string Value);

/// <summary>Runs a tool that is more than one request (several requests, or an answer computed here).</summary>
internal delegate Task<CallToolResult> ToolExecutor(ToolCall call, CancellationToken cancellationToken);

/// <summary>
/// One tool, declared once: the schema clients see, the argument checks and the daemon request all come
/// from this value. <see cref="PathTemplate"/> names path arguments as <c>{argument_name}</c>; <c>{walletId}</c>
/// is the wallet resolved from <c>wallet_id</c>, <c>WAIAAS_WALLET_ID</c> or the session's only wallet.
/// </summary>
internal sealed record ToolDefinition(
    string Name,
    string Group,
    ToolHints Hints,
    string Description,
    HttpMethod Method,
    string PathTemplate,
    params IReadOnlyList<ToolArgument> Arguments)
{
    /// <summary>Acts on one wallet: its description gets the <c>[wallet name] </c> prefix.</summary>
    public bool WalletSpecific { get; init; } = true;

    /// <summary>Fields every request body carries, written before the arguments.</summary>
    public IReadOnlyList<BodyConstant> BodyConstants { get; init; } = [];

    /// <summary>Replaces the single request built from the declaration (the arguments are still checked first).</summary>
    public ToolExecutor? Executor { get; init; }

    public bool NeedsWallet => PathTemplate.Contains(RequestBuilder.WalletPlaceholder, StringComparison.Ordinal);

    /// <summary>True when <paramref name="argument"/> becomes a segment of the request path (<c>wallet_id</c> via <c>{walletId}</c>).</summary>
    public bool NamesPathSegment(ToolArgument argument) =>
        argument.Location == ArgumentLocation.Path || (argument.Name == WalletResolver.WalletArgument && NeedsWallet);
}
