using ModelContextProtocol.Protocol;

namespace Waiaas.Mcp.Tools;

/// <summary>The four MCP tool annotations, always set explicitly.</summary>
internal sealed record ToolHints(bool ReadOnly, bool Destructive, bool Idempotent, bool OpenWorld)
{
    /// <summary>Reads wallet or chain state; safe to repeat.</summary>
    public static readonly ToolHints Read = new(ReadOnly: true, Destructive: false, Idempotent: true, OpenWorld: true);

    /// <summary>Moves funds or signs: irreversible, not safe to repeat.</summary>
    public static readonly ToolHints Spend = new(ReadOnly: false, Destructive: true, Idempotent: false, OpenWorld: true);

    /// <summary>Changes state without moving funds (pairing, building an unsigned operation).</summary>
    public static readonly ToolHints Write = new(ReadOnly: false, Destructive: false, Idempotent: false, OpenWorld: true);

    /// <summary>Ends something (a session, a connection); repeating it changes nothing more.</summary>
    public static readonly ToolHints End = new(ReadOnly: false, Destructive: true, Idempotent: true, OpenWorld: true);

    public ToolAnnotations ToAnnotations() => new()
    {
        ReadOnlyHint = ReadOnly,
        DestructiveHint = Destructive,
        IdempotentHint = Idempotent,
        OpenWorldHint = OpenWorld,
    };
}
