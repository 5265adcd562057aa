using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Tools.Answers;
using Waiaas.Mcp.Tools.Checking;

namespace Waiaas.Mcp.Tools;

/// <summary>The daemon route a tool calls: method and path template (<c>{argument}</c> placeholders).</summary>
internal sealed record DaemonRoute(HttpMethod Method, string PathTemplate)
{
    public static DaemonRoute Get(string pathTemplate) => new(HttpMethod.Get, pathTemplate);

    public static DaemonRoute Post(string pathTemplate) => new(HttpMethod.Post, pathTemplate);

    public static DaemonRoute Delete(string pathTemplate) => new(HttpMethod.Delete, pathTemplate);

    /// <summary>POST and PUT always carry a JSON body, <c>{}</c> when nothing is given.</summary>
    public bool HasBody => Method == HttpMethod.Post || Method == HttpMethod.Put || Method == HttpMethod.Patch;

    public override string ToString() => $"{Method.Method} {PathTemplate}";
}

/// <summary>
/// A field every request body of a tool carries, as compact JSON at a dotted path (<c>type</c> =
/// <c>"CONTRACT_CALL"</c>).
/// </summary>
internal sealed record BodyConstant(string Path, string Json);

/// <summary>
/// Runs a tool that is more than one request, or answers from what it computes (see <c>Tools/Composite/</c>).
/// </summary>
internal delegate Task<CallToolResult> ToolExecutor(ToolCall call, CancellationToken cancellationToken);

/// <summary>
/// One tool, declared once: its schema, its checks and its daemon request all come from this value. The tables in
/// <c>Tools/Catalog/</c> list them; tools with code of their own live in <c>Tools/Composite/</c>.
/// </summary>
internal sealed record ToolDefinition
{
    public required string Name { get; init; }

    /// <summary>The human name clients show in their tool lists.</summary>
    public required string Title { get; init; }

    /// <summary>What the model reads: what the tool does, what the daemon really answers, what to call next.</summary>
    public required string Description { get; init; }

    public required ToolHints Hints { get; init; }

    public required DaemonRoute Route { get; init; }

    /// <summary>In the order clients see them and query parameters are sent.</summary>
    public IReadOnlyList<ToolArgument> Arguments { get; init; } = [];

    /// <summary>Fields every request body carries, written before the arguments.</summary>
    public IReadOnlyList<BodyConstant> BodyConstants { get; init; } = [];

    /// <summary>Checks across arguments (exactly one of two, a value that rules another out).</summary>
    public IReadOnlyList<ArgumentRule> Rules { get; init; } = [];

    /// <summary>How the daemon's answer becomes the tool result.</summary>
    public ToolAnswer Answer { get; init; } = ToolAnswer.DaemonJson;

    /// <summary>
    /// False for tools about no particular wallet: their descriptions never get the <c>[wallet name] </c> prefix.
    /// </summary>
    public bool ActsOnWallet { get; init; } = true;

    /// <summary>Replaces the single declared request (the arguments are still checked first).</summary>
    public ToolExecutor? Executor { get; init; }

    /// <summary>
    /// A call waits for the daemon's progress rather than doing work (polling until a transaction settles, for up to
    /// minutes): such calls get places of their own in the transport, so waits never hold up other calls.
    /// </summary>
    public bool WaitsLong { get; init; }

    /// <summary>Further routes a composite tool calls, for the daemon's API check in doctor.</summary>
    public IReadOnlyList<DaemonRoute> AlsoCalls { get; init; } = [];

    public ToolArgument? Wallet => Arguments.FirstOrDefault(a => a.IsWallet);

    public ToolArgument? FindArgument(string name) => Arguments.FirstOrDefault(a => a.Name == name);
}
