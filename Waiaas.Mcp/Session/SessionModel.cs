using System.Collections.Immutable;

namespace Waiaas.Mcp.Session;

/// <summary>
/// Everything about the session, as one immutable value. Only the session loop replaces it (through
/// <see cref="SessionTransitions"/>); request threads read it whole, so they never see half an update.
/// </summary>
/// <param name="State">The state of the session.</param>
/// <param name="Token">The token in use (active), or the one that expired or was refused.</param>
/// <param name="Mode">What the renewal schedule does with a finite token.</param>
/// <param name="NextAttemptAt">When the next renewal attempt is due (mode <see cref="RenewalMode.Renewing"/>).</param>
/// <param name="TooEarlyRetries">RENEWAL_TOO_EARLY answers in a row.</param>
/// <param name="TransientFailures">Transient renewal failures in a row.</param>
/// <param name="RenewalCount">Renewals of this session, as the daemon counts them when it says.</param>
/// <param name="LastError">Why the last renewal or load failed; null after a success.</param>
/// <param name="LastRenewalAt">When this server last renewed the token.</param>
/// <param name="KillSwitchNoted">The last renewal attempt met the kill switch.</param>
/// <param name="Renewing">The token whose renewal request is in flight, if any.</param>
/// <param name="NextPollAt">When the token file is read next in the expired and error states.</param>
/// <param name="Refusals">Calls whose token the daemon refused, waiting for the loop's answer.</param>
/// <param name="Started">The token has been loaded once.</param>
/// <param name="HasTokenFile">A data dir is configured: there is a token file to read, write and poll.</param>
internal sealed record SessionModel(
    SessionState State,
    SessionToken? Token,
    RenewalMode Mode,
    DateTimeOffset? NextAttemptAt,
    int TooEarlyRetries,
    int TransientFailures,
    int RenewalCount,
    string? LastError,
    DateTimeOffset? LastRenewalAt,
    bool KillSwitchNoted,
    SessionToken? Renewing,
    DateTimeOffset? NextPollAt,
    ImmutableList<Refusal> Refusals,
    bool Started,
    bool HasTokenFile)
{
    public static SessionModel NotStarted(bool hasTokenFile) => new(
        SessionState.Error, null, RenewalMode.Stopped, null, 0, 0, 0, "the session has not started", null, false, null,
        null, [], false, hasTokenFile);

    public bool IsActive => State == SessionState.Active;

    /// <summary>The token a request may use: only in the active state.</summary>
    public string? UsableToken => IsActive ? Token?.Value : null;

    public SessionReport ToReport() => new(
        State,
        Token?.SessionId,
        Token?.ExpiresAt,
        RenewalCount,
        LastError,
        LastRenewalAt,
        IsActive && Mode == RenewalMode.Renewing ? NextAttemptAt : null,
        KillSwitchNoted);
}

/// <summary>What the renewal schedule does with the token in use.</summary>
internal enum RenewalMode
{
    /// <summary>Renew at <see cref="SessionModel.NextAttemptAt"/>.</summary>
    Renewing,

    /// <summary>Unlimited token or RENEWAL_NOT_REQUIRED: never renew.</summary>
    Stopped,

    /// <summary>No renewal will succeed: use the token until its exp, then expired.</summary>
    UntilExpiry,
}

/// <summary>
/// A call whose token (<paramref name="Rejected"/>) the daemon refused, waiting until <paramref name="NotBefore"/> for
/// a swap.
/// </summary>
internal sealed record Refusal(long Id, string Rejected, DateTimeOffset NotBefore);
