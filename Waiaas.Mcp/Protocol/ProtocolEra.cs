namespace Waiaas.Mcp.Protocol;

/// <summary>
/// The two eras of MCP a session can be in. Up to 2025-11-25 a session starts with the <c>initialize</c> handshake;
/// from 2026-07-28 on there is none (every request carries its protocol version in <c>_meta</c>), change
/// notifications travel only on <c>subscriptions/listen</c> streams, and some error codes differ.
/// </summary>
internal static class ProtocolEra
{
    /// <summary>The newest version that still has the <c>initialize</c> handshake.</summary>
    public const string NewestWithHandshake = "2025-11-25";

    /// <summary>The first version without the handshake.</summary>
    public const string FirstStateless = "2026-07-28";

    /// <summary>True for 2026-07-28 and every later version (dates compare as text).</summary>
    public static bool IsStateless(string? protocolVersion) =>
        protocolVersion is not null && string.CompareOrdinal(protocolVersion, FirstStateless) >= 0;
}
