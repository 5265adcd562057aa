using System.Collections.Concurrent;

namespace Waiaas.Mcp.Tests.Support;

/// <summary>
/// The sessions a fake daemon has issued, modelled on the real daemon: it accepts any token it issued that has
/// not expired and was not revoked. A renewal does not withdraw the previous token (it stays usable until its own
/// exp), so a server killed after the daemon renewed but before it stored the new token still works with the old
/// one. Renewing a superseded token again is allowed unless <see cref="RefusesSupersededRenewals"/> is set, as the
/// real daemon does (403 SESSION_RENEWAL_MISMATCH): see docs/reliability.md.
/// </summary>
public sealed class DaemonSessions
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _issued = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _revoked = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _latestBySession = new(StringComparer.Ordinal);

    /// <summary>How long before now each token claims to be issued (a large value makes its renewal due at once).</summary>
    public TimeSpan IssuedAgo { get; init; } = TimeSpan.Zero;

    /// <summary>How long each token is valid from now.</summary>
    public TimeSpan ValidFor { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The real daemon's rule: only the session's latest token may renew it.</summary>
    public bool RefusesSupersededRenewals { get; init; }

    /// <summary>Every token issued so far.</summary>
    public IReadOnlyCollection<string> Issued => [.. _issued.Keys];

    public bool WasIssued(string token) => _issued.ContainsKey(token);

    /// <summary>A new token for <paramref name="sessionId"/>, remembered as valid.</summary>
    public string Issue(string sessionId)
    {
        var now = DateTimeOffset.UtcNow;
        var expiresAt = now + ValidFor;
        var token = TestTokens.Create(sessionId, now - IssuedAgo, expiresAt);
        _issued[token] = expiresAt;
        _latestBySession[sessionId] = token;
        return token;
    }

    /// <summary>Revokes every token issued so far (the kill switch does this to every session); later ones are valid.</summary>
    public void RevokeAll()
    {
        foreach (var token in _issued.Keys)
        {
            _revoked[token] = true;
        }
    }

    /// <summary>Null when <paramref name="authorization"/> carries a usable token, else the daemon's 401 fixture for why not.</summary>
    public string? RefusalFixture(string? authorization)
    {
        var token = TokenFrom(authorization);
        if (token is null || !_issued.TryGetValue(token, out var expiresAt))
        {
            return "any-session-call.invalid-token.json";
        }

        if (_revoked.ContainsKey(token))
        {
            return "any-session-call.revoked-session.json";
        }

        return expiresAt <= DateTimeOffset.UtcNow ? "any-session-call.expired-token.json" : null;
    }

    /// <summary>True when <paramref name="authorization"/> carries a token of <paramref name="sessionId"/> that a later renewal replaced.</summary>
    public bool IsSuperseded(string? authorization, string sessionId) =>
        TokenFrom(authorization) is { } token && _latestBySession.TryGetValue(sessionId, out var latest) && latest != token;

    private static string? TokenFrom(string? authorization) =>
        authorization is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : null;
}
