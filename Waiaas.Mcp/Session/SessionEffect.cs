namespace Waiaas.Mcp.Session;

/// <summary>
/// What a transition asks the session loop to do. The loop writes the token file first, then publishes the new
/// state, then runs the other effects in order: memory never holds a renewed token the file does not.
/// </summary>
internal abstract record SessionEffect
{
    private SessionEffect()
    {
    }

    /// <summary>
    /// Replace the token file with <paramref name="Token"/> (after a renewal), before the new state is visible.
    /// </summary>
    public sealed record WriteTokenFile(SessionToken Token) : SessionEffect;

    /// <summary>Read the token file now and hand its token back as <see cref="SessionEvent.TokenFileRead"/>.</summary>
    public sealed record ReadTokenFile(FileReadPurpose Purpose) : SessionEffect;

    /// <summary>Remove temp files a killed writer left beside the token file.</summary>
    public sealed record RemoveStaleTempFiles : SessionEffect
    {
        public static RemoveStaleTempFiles Instance { get; } = new();
    }

    /// <summary>
    /// Send the renewal request for <paramref name="Token"/>; its end comes back as
    /// <see cref="SessionEvent.RenewalAnswered"/>.
    /// </summary>
    public sealed record Renew(SessionToken Token) : SessionEffect;

    /// <summary>
    /// Answer the request thread waiting on <paramref name="Id"/> with <paramref name="Token"/> (null: none).
    /// </summary>
    public sealed record Answer(long Id, string? Token) : SessionEffect;

    /// <summary>The state became active: action tools may have changed.</summary>
    public sealed record BecameActive : SessionEffect
    {
        public static BecameActive Instance { get; } = new();
    }

    /// <summary>Say <paramref name="Line"/> on stderr.</summary>
    public sealed record Log(SessionLogLine Line) : SessionEffect;
}

/// <summary>The session's log lines (never a token: session ids, sources and reasons only).</summary>
internal abstract record SessionLogLine
{
    private SessionLogLine()
    {
    }

    public sealed record Loaded(string Source, string SessionId, string Expiry) : SessionLogLine;

    public sealed record Degraded(string Reason, string Recovery) : SessionLogLine;

    public sealed record ConfiguredTokenRefused(string Reason) : SessionLogLine;

    public sealed record Renewed(string SessionId, string Expiry) : SessionLogLine;

    public sealed record Adopted(string Source, string SessionId, string Expiry) : SessionLogLine;

    public sealed record Expired(string Reason, string Recovery) : SessionLogLine;

    public sealed record RenewalNotRequired : SessionLogLine;

    public sealed record CannotRenew(string Code, string Expiry) : SessionLogLine;

    public sealed record NotExtended(string Expiry) : SessionLogLine;

    public sealed record OtherSession(string Expiry) : SessionLogLine;

    public sealed record TooEarly(string Next) : SessionLogLine;

    public sealed record TransientFailure(string Reason, int Failures, double Seconds) : SessionLogLine;

    public sealed record RenewalDiscarded : SessionLogLine;
}
