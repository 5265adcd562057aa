namespace Waiaas.Mcp.Session;

/// <summary>Error codes of <c>PUT /v1/sessions/{id}/renew</c> (WAIaaS 2.15.0) and what they mean for renewal.</summary>
internal static class RenewalErrorCodes
{
    /// <summary>403, retryable: less than 50 % of the TTL has elapsed by the daemon's clock.</summary>
    public const string TooEarly = "RENEWAL_TOO_EARLY";

    /// <summary>403: the session reached its maximum number of renewals.</summary>
    public const string LimitReached = "RENEWAL_LIMIT_REACHED";

    /// <summary>403: the session reached its absolute lifetime.</summary>
    public const string AbsoluteLifetimeExceeded = "SESSION_ABSOLUTE_LIFETIME_EXCEEDED";

    /// <summary>403: the token's renewal count is stale: someone else renewed or rewrote this session.</summary>
    public const string RenewalMismatch = "SESSION_RENEWAL_MISMATCH";

    /// <summary>404: the session is gone.</summary>
    public const string SessionNotFound = "SESSION_NOT_FOUND";

    /// <summary>400: an unlimited session is never renewed.</summary>
    public const string NotRequired = "RENEWAL_NOT_REQUIRED";
}
