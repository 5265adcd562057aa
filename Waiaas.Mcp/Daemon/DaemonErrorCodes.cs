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

    // Answers of PUT /v1/sessions/{id}/renew and what they mean for renewal.

    /// <summary>403, retryable: less than 50 % of the TTL has elapsed by the daemon's clock.</summary>
    public const string RenewalTooEarly = "RENEWAL_TOO_EARLY";

    /// <summary>403: the session reached its maximum number of renewals.</summary>
    public const string RenewalLimitReached = "RENEWAL_LIMIT_REACHED";

    /// <summary>403: the session reached its absolute lifetime.</summary>
    public const string SessionAbsoluteLifetimeExceeded = "SESSION_ABSOLUTE_LIFETIME_EXCEEDED";

    /// <summary>403: the token's renewal count is stale: someone else renewed or rewrote this session.</summary>
    public const string SessionRenewalMismatch = "SESSION_RENEWAL_MISMATCH";

    /// <summary>
    /// 404: the session is gone (on renewal and on any session call: the token verifies, its session row does not
    /// exist).
    /// </summary>
    public const string SessionNotFound = "SESSION_NOT_FOUND";

    /// <summary>400: an unlimited session is never renewed.</summary>
    public const string RenewalNotRequired = "RENEWAL_NOT_REQUIRED";

    /// <summary>
    /// 400: a request schema, pipeline or action-parameter check failed (three of the validation shapes).
    /// </summary>
    public const string ActionValidationFailed = "ACTION_VALIDATION_FAILED";

    /// <summary>400: the simulate dry-run's validation failed; the zod text is in the message.</summary>
    public const string ValidationFailed = "VALIDATION_FAILED";

    /// <summary>The daemon answers 503 SYSTEM_LOCKED with this message when the Host is not loopback.</summary>
    public const string LocalhostOnlyMessage = "Only localhost access allowed";

    /// <summary>401 codes that mean the session token is no longer accepted (the token-rotation steps apply).</summary>
    public static bool IsSessionRejection(string? code) =>
        code is TokenExpired or InvalidToken or SessionRevoked or SessionExpired;
}
