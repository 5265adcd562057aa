using ModelContextProtocol.Protocol;

namespace Waiaas.Mcp.Tools;

/// <summary>The four MCP tool annotations, always set explicitly.</summary>
internal sealed record ToolHints(bool ReadOnly, bool Destructive, bool Idempotent, bool OpenWorld)
{
    /// <summary>Reads wallet or chain state; safe to repeat.</summary>
    public static readonly ToolHints Read = new(ReadOnly: true, Destructive: false, Idempotent: true, OpenWorld: true);

    /// <summary>Moves funds or grants rights over them: irreversible, and a repeat may do it twice.</summary>
    public static readonly ToolHints Spend = new(
        ReadOnly: false, Destructive: true, Idempotent: false, OpenWorld: true);

    /// <summary>
    /// Signs with the wallet key and returns the signature; nothing is broadcast or moved by the call itself.
    /// </summary>
    public static readonly ToolHints Sign = new(
        ReadOnly: false, Destructive: false, Idempotent: false, OpenWorld: true);

    /// <summary>
    /// Changes state without moving funds (pairing, API credentials, building an unsigned operation).
    /// </summary>
    public static readonly ToolHints Write = new(
        ReadOnly: false, Destructive: false, Idempotent: false, OpenWorld: true);

    /// <summary>
    /// Ends or takes back something (a connection, a queued transaction); repeating it changes nothing more.
    /// </summary>
    public static readonly ToolHints End = new(ReadOnly: false, Destructive: true, Idempotent: true, OpenWorld: true);

    /// <summary>True for tools whose request, delivered twice, could move funds twice.</summary>
    public bool MovesFunds => Destructive && !Idempotent;

    public ToolAnnotations ToAnnotations() => new()
    {
        ReadOnlyHint = ReadOnly,
        DestructiveHint = Destructive,
        IdempotentHint = Idempotent,
        OpenWorldHint = OpenWorld,
    };
}
