namespace Waiaas.Mcp.Session;

/// <summary>Where the session stands: whether a call can carry a token, and what to tell the user when not.</summary>
internal enum SessionState
{
    /// <summary>No token, an undecodable token, or a renewal that failed for a reason other than expiry.</summary>
    Error,

    /// <summary>A usable token.</summary>
    Active,

    /// <summary>The token expired, was revoked or was refused; waiting for a new one.</summary>
    Expired,
}
