using System.Text.Json;
using Waiaas.Mcp.Tools.Schema;

namespace Waiaas.Mcp.Tools;

/// <summary>Where an argument goes in the daemon request; every argument states it.</summary>
internal enum ArgumentLocation
{
    /// <summary>Fills the <c>{name}</c> placeholder of the path template, percent-encoded.</summary>
    Path,

    /// <summary>A query parameter, in the order the tool declares its arguments.</summary>
    Query,

    /// <summary>
    /// A field of the JSON body; <see cref="ToolArgument.DaemonField"/> may be a dotted path (<c>token.address</c>).
    /// </summary>
    Body,

    /// <summary>Read by the tool's own code (a composite tool); never sent as given.</summary>
    Local,
}

/// <summary>
/// One named argument of a tool: its schema (what clients see and what is checked), where it goes in the daemon
/// request and under which name. The wallet argument (<see cref="IsWallet"/>) is the one way a tool says it acts on a
/// wallet: when it is not given, <c>WAIAAS_WALLET_ID</c> is used, and for a path, the session's only wallet.
/// </summary>
internal sealed record ToolArgument
{
    public required string Name { get; init; }

    public required ArgumentLocation Location { get; init; }

    public required SchemaNode Schema { get; init; }

    /// <summary>
    /// The daemon's name (query parameter or dotted body path) when it differs from <see cref="Name"/>.
    /// </summary>
    public string? DaemonName { get; init; }

    /// <summary>Further body paths that get the same value (an action's own <c>params.network</c>).</summary>
    public IReadOnlyList<string> AlsoSentAs { get; init; } = [];

    public bool IsRequired { get; init; }

    public bool IsWallet { get; init; }

    /// <summary>What the daemon gets when the argument is not given; null: nothing.</summary>
    public DefaultValue? Default { get; init; }

    /// <summary>A flag sent only when true (<c>?dryRun=true</c>); false is the daemon's own default.</summary>
    public bool SentOnlyWhenTrue { get; init; }

    public string DaemonField => DaemonName ?? Name;

    public ToolArgument Required() => this with { IsRequired = true };

    public ToolArgument As(string daemonName) => this with { DaemonName = daemonName };

    public ToolArgument DefaultsTo(string json) => this with { Default = new DefaultValue(json) };
}

/// <summary>
/// A value sent for an argument that was not given: <see cref="Json"/>, or <see cref="WhenGiven"/>'s value when that
/// argument was.
/// </summary>
internal sealed record DefaultValue(string Json)
{
    public (string Argument, string Json)? WhenGiven { get; init; }

    public string JsonFor(IReadOnlyDictionary<string, JsonElement> arguments) =>
        WhenGiven is { } other && arguments.ContainsKey(other.Argument) ? other.Json : Json;
}
