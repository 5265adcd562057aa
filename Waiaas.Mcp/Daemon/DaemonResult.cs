using System.Text.Json;

namespace Waiaas.Mcp.Daemon;

/// <summary>
/// The closed set of outcomes of one daemon call. Four are guidance (the model should wait, check or tell the user),
/// one is success and one is an API error the model should read.
/// </summary>
internal abstract record DaemonResult
{
    private DaemonResult()
    {
    }

    /// <summary>2xx with a JSON body, kept as the daemon sent it (compact UTF-8).</summary>
    public sealed record Ok(ReadOnlyMemory<byte> Json) : DaemonResult;

    /// <summary>
    /// No usable session token, or the daemon refused it after the 401 steps. <paramref name="PicksUpNewToken"/>:
    /// whether this server can see a new session without a restart (it has a token file to re-read).
    /// </summary>
    public sealed record SessionExpired(string? Reason = null, bool PicksUpNewToken = true) : DaemonResult;

    /// <summary>
    /// The request did not reach the daemon (or is safe to repeat): connection refused/reset, timeout, a 2xx that is
    /// not JSON.
    /// </summary>
    public sealed record DaemonUnavailable(string Reason) : DaemonResult;

    /// <summary>A request that must not run twice may have reached the daemon, and its answer was lost.</summary>
    public sealed record OutcomeUnknown(string Reason) : DaemonResult;

    /// <summary>503 SYSTEM_LOCKED (not the localhost message) or KILL_SWITCH_ACTIVE.</summary>
    public sealed record KillSwitchActive(bool PicksUpNewToken = true) : DaemonResult;

    /// <summary>
    /// Any other non-2xx answer, or a request this server refuses to send. <paramref name="Fields"/>: the fields a
    /// validation error named, with what the daemon said about each.
    /// </summary>
    public sealed record ApiError(
        string Code, string Message, bool Retryable, string? Hint = null, JsonElement? Details = null,
        IReadOnlyList<FieldProblem>? Fields = null) : DaemonResult
    {
        /// <summary>
        /// Which of the errors this server recognises or makes itself this is; the hint for it is worded above this
        /// layer.
        /// </summary>
        public ErrorCause Cause { get; init; }
    }
}
