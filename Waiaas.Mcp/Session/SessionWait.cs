namespace Waiaas.Mcp.Session;

/// <summary>
/// What the session layer is waiting for. Reported to an internal hook each time a wait starts, so tests
/// can advance a fake clock exactly when a timer exists instead of sleeping and hoping.
/// </summary>
internal enum SessionWait
{
    /// <summary>The natural renewal point (60 % of the lifetime).</summary>
    Renewal,

    /// <summary>A retry after RENEWAL_TOO_EARLY or a transient failure.</summary>
    Retry,

    /// <summary>The token's own exp, after which the session is expired.</summary>
    Expiry,

    /// <summary>The next poll of the token file in the expired/error states.</summary>
    Recovery,

    /// <summary>Nothing scheduled (unlimited token, renewal not required, or no data dir to poll).</summary>
    Idle,

    /// <summary>The short wait for a token swap after a session 401.</summary>
    TokenSwap,

    /// <summary>The bounded wait for a renewal in flight after a session 401.</summary>
    RenewalInFlight,
}
