namespace Waiaas.Mcp.Session;

/// <summary>
/// A consistent picture of the session for diagnostics (status resource, logs). Never holds the token.
/// </summary>
/// <param name="State">Where the session stands.</param>
/// <param name="SessionId">The session id from the token, when there is one.</param>
/// <param name="ExpiresAt">The token's exp; null for an unlimited session or no token.</param>
/// <param name="RenewalCount">Renewals of this session as counted by the daemon (or by this server).</param>
/// <param name="LastError">Why the last renewal or load failed; null after a success.</param>
/// <param name="LastRenewalAt">When this server last renewed the token.</param>
/// <param name="NextRenewalAt">When the next renewal attempt is due; null when none is scheduled.</param>
/// <param name="KillSwitchNoted">The last renewal attempt met the daemon's kill switch (503 SYSTEM_LOCKED).</param>
internal sealed record SessionReport(
    SessionState State,
    string? SessionId,
    DateTimeOffset? ExpiresAt,
    int RenewalCount,
    string? LastError,
    DateTimeOffset? LastRenewalAt,
    DateTimeOffset? NextRenewalAt,
    bool KillSwitchNoted);
