namespace Waiaas.Mcp.Daemon;

/// <summary>Daemon error codes this server reacts to (observed against WAIaaS 2.15.0).</summary>
internal static class DaemonErrorCodes
{
    public const string SystemLocked = "SYSTEM_LOCKED";
    public const string KillSwitchActive = "KILL_SWITCH_ACTIVE";
    public const string TokenExpired = "TOKEN_EXPIRED";
    public const string InvalidToken = "INVALID_TOKEN";
    public const string SessionRevoked = "SESSION_REVOKED";
    public const string SessionExpired = "SESSION_EXPIRED";

    /// <summary>The daemon answers 503 SYSTEM_LOCKED with this message when the Host is not loopback.</summary>
    public const string LocalhostOnlyMessage = "Only localhost access allowed";

    /// <summary>401 codes that mean the session token is no longer accepted (the token-rotation steps apply).</summary>
    public static bool IsSessionRejection(string? code) =>
        code is TokenExpired or InvalidToken or SessionRevoked or SessionExpired;
}
