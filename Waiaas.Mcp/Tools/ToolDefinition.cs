namespace Waiaas.Mcp.Tools;

/// <summary>
/// One tool, declared once: the schema clients see, the argument checks and the daemon request all come
/// from this value. <see cref="PathTemplate"/> names path arguments as <c>{argument_name}</c>.
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
}
