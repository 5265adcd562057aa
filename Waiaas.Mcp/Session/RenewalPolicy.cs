namespace Waiaas.Mcp.Session;

/// <summary>
/// The numbers of the renewal schedule in one place, so they can be read, documented
/// and tested together.
/// </summary>
internal static class RenewalPolicy
{
    /// <summary>Renew when this fraction of the lifetime has passed; the daemon refuses before 50 %.</summary>
    public const double LifetimeFraction = 0.6;

    /// <summary>RENEWAL_TOO_EARLY means the clocks disagree a little: retry soon, a few times.</summary>
    public const int MaxTooEarlyRetries = 3;

    public static readonly TimeSpan TooEarlyRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>Retry delays after transient failures (429, 5xx, network, timeout, kill switch)...</summary>
    public static readonly TimeSpan[] TransientBackoff =
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)];

    /// <summary>...then this slower pace while the token is still valid.</summary>
    public static readonly TimeSpan SlowRetryDelay = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The shortest time from a successful renewal to the next attempt, whatever the renewed token says: an answer
    /// whose token is due again at once (an iat that did not move) must not turn into a renewal storm.
    /// </summary>
    public static readonly TimeSpan MinRenewalInterval = TimeSpan.FromSeconds(30);

    /// <summary>How often the token file is polled in the expired and error states.</summary>
    public static readonly TimeSpan RecoveryPollInterval = TimeSpan.FromSeconds(60);

    /// <summary>After a session 401 with no renewal in flight: time for a concurrent token swap to land.</summary>
    public static readonly TimeSpan TokenSwapWait = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The longest a caller waits for the session loop to load the token at start or to look at the token file for
    /// it. Reading never blocks on what is at the path, but a hung file system could: calls then go on without a token.
    /// </summary>
    public static readonly TimeSpan LoopAnswerWait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Longest single timer. Timers cannot exceed ~49.7 days (2^32 - 2 ms); a 1-year token renews after
    /// ~219 days, so long waits are chained in pieces of this size against the clock.
    /// </summary>
    public static readonly TimeSpan MaxTimerChunk = TimeSpan.FromDays(20);

    /// <summary>
    /// When <paramref name="token"/> should be renewed: 60 % of exp − iat after iat, or without iat 60 % of
    /// the time left at <paramref name="loadedAt"/>. Null for an unlimited token. May be in the past (renew at once).
    /// </summary>
    public static DateTimeOffset? RenewalPoint(SessionToken token, DateTimeOffset loadedAt)
    {
        if (token.ExpiresAt is not { } expiresAt)
        {
            return null;
        }

        return token.IssuedAt is { } issuedAt && issuedAt < expiresAt
            ? issuedAt + ((expiresAt - issuedAt) * LifetimeFraction)
            : NaturalPointFrom(expiresAt, loadedAt);
    }

    /// <summary>
    /// When to renew a token just received from a renewal at <paramref name="now"/>: at 60 % of the time it has left,
    /// counted from now (never from its iat: an iat that did not move would put that point behind us, and renewing
    /// at once would get the same answer again), and never before <see cref="MinRenewalInterval"/> has passed.
    /// Null for an unlimited token.
    /// </summary>
    public static DateTimeOffset? AfterRenewal(SessionToken renewed, DateTimeOffset now)
    {
        if (renewed.ExpiresAt is not { } expiresAt)
        {
            return null;
        }

        var point = NaturalPointFrom(expiresAt, now);
        var earliest = now + MinRenewalInterval;
        return point < earliest ? earliest : point;
    }

    /// <summary>60 % of the time left from <paramref name="now"/> to <paramref name="expiresAt"/>.</summary>
    public static DateTimeOffset NaturalPointFrom(DateTimeOffset expiresAt, DateTimeOffset now) =>
        expiresAt <= now ? now : now + ((expiresAt - now) * LifetimeFraction);

    /// <summary>
    /// The delay before retry number <paramref name="failures"/> (1-based) after a transient failure.
    /// </summary>
    public static TimeSpan TransientRetryDelay(int failures) =>
        failures >= 1 && failures <= TransientBackoff.Length ? TransientBackoff[failures - 1] : SlowRetryDelay;
}
