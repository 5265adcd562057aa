using ModelContextProtocol.Protocol;

namespace Waiaas.Mcp.Tools;

/// <summary>The four MCP tool annotations, always set explicitly.</summary>
internal sealed record ToolHints(bool ReadOnly, bool Destructive, bool Idempotent, bool OpenWorld)
{
    /// <summary>Reads wallet or chain state; safe to repeat.</summary>
    public static readonly ToolHints Read = new(ReadOnly: true, Destructive: false, Idempotent: true, OpenWorld: true);

    /// <summary>Moves funds or signs: irreversible, not safe to repeat.</summary>
    public static readonly ToolHints Spend = new(ReadOnly: false, Destructive: true, Idempotent: false, OpenWorld: true);

    public ToolAnnotations ToAnnotations() => new()
    {
        ReadOnlyHint = ReadOnly,
        DestructiveHint = Destructive,
        IdempotentHint = Idempotent,
        OpenWorldHint = OpenWorld,
    };
}
