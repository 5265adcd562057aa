using System.Globalization;
using Waiaas.Mcp.Daemon;

namespace Waiaas.Mcp.Results;

/// <summary>
/// Every sentence the model reads about the state of the wallet connection, in one place.
/// Written for the model: what is happening, what the human should do, and what this server does by itself
/// (only what the configuration lets it do).
/// </summary>
internal static class Guidance
{
    public static GuidancePayload SessionExpired(string? reason, bool picksUpNewToken) => new(
        "session_expired",
        "The WAIaaS session is missing or has expired, so wallet tools cannot run right now."
            + (reason is null ? string.Empty : $" ({reason})"),
        picksUpNewToken
            ? "Ask the user to run `waiaas mcp setup` (or `waiaas quickset`) to issue a new session. "
                + "This server picks the new token up by itself within a minute; no restart is needed."
            : "Ask the user to issue a new session (`waiaas mcp setup`). This server has no WAIAAS_DATA_DIR, so it "
                + "cannot see a new token by itself: in the MCP client's configuration for waiaas-mcp, set "
                + "WAIAAS_DATA_DIR to the WAIaaS data folder (new sessions then reach this server without a "
                + "restart) or put the new token in WAIAAS_SESSION_TOKEN, then restart the client.",
        Retryable: picksUpNewToken);

    public static GuidancePayload DaemonUnavailable(string reason) => new(
        "daemon_unavailable",
        $"The WAIaaS daemon is not reachable ({reason}).",
        "Ask the user to start the daemon with `waiaas start` and check WAIAAS_BASE_URL. "
            + "Retry the same call once it is running; this server reconnects by itself.",
        Retryable: true);

    public static GuidancePayload OutcomeUnknown(string reason) => new(
        "outcome_unknown",
        $"The request may have reached the WAIaaS daemon, but its answer was lost ({reason}): it is not "
            + "known whether it was carried out.",
        "Do not repeat this call yet: if it was carried out, repeating it would do it twice (for example send "
            + "the funds twice). First look for it with `list_pending_transactions` and `list_transactions` "
            + "(then `get_transaction`); only if it is not there, tell the user and try again.",
        Retryable: false);

    public static GuidancePayload KillSwitchActive(bool picksUpNewToken) => new(
        "kill_switch_active",
        "The WAIaaS kill switch is active: the wallet owner has frozen all wallet activity.",
        "Tell the user. Only the wallet owner can recover from the kill switch (WAIaaS admin UI or CLI). "
            + "After recovery a new session may be needed (`waiaas mcp setup`); "
            + (picksUpNewToken
                ? "this server picks it up by itself."
                : "without WAIAAS_DATA_DIR this server needs the new token in "
                    + "WAIAAS_SESSION_TOKEN and a client restart."),
        Retryable: true);

    /// <summary>
    /// The human was asked to confirm a spending call and did not approve it (declined or dismissed).
    /// </summary>
    public static GuidancePayload DeclinedByUser() => new(
        "declined_by_user",
        "The user did not approve this call when asked to confirm it (declined or dismissed the question), so "
            + "nothing was sent to the wallet.",
        "Do not send it again on your own. Ask the user whether to change something (amount, "
            + "recipient, network) or drop it.",
        Retryable: false);

    /// <summary>
    /// The human was asked to confirm a spending call and gave no answer in time: the question is withdrawn, and that
    /// is no approval.
    /// </summary>
    public static GuidancePayload NotConfirmedInTime(TimeSpan waited) => new(
        "declined_by_user",
        "The user did not answer the question confirming this call in time (within "
            + waited.TotalMinutes.ToString("0", CultureInfo.InvariantCulture)
            + " minutes), so it was withdrawn and nothing was sent to the wallet.",
        "Do not send it again on your own. Ask the user whether they still want it; if they do, make the call again "
            + "and they will be asked again.",
        Retryable: false);

    /// <summary>WAIAAS_MCP_CONFIRM=spend requires asking the human, and this client cannot be asked.</summary>
    public static GuidancePayload ConfirmationUnavailable(string reason) => new(
        "confirmation_unavailable",
        "This server asks the user to confirm every call that can move funds or grant rights over "
            + $"them (WAIAAS_MCP_CONFIRM=spend), but could not ask here ({reason}), so nothing was sent to the wallet.",
        "Tell the user. To confirm spending they need an MCP client that supports elicitation; or "
            + "they can set WAIAAS_MCP_CONFIRM=none in this server's configuration to leave the "
            + "checks to the wallet's policies alone.",
        Retryable: false);

    public static string ConfigurationHint =>
        "Fix the environment variables in the MCP client's configuration for waiaas-mcp, then restart the client. "
            + "`waiaas-mcp --help` lists them; `waiaas-mcp doctor` checks them.";

    public static string LocalhostOnlyHint =>
        "The daemon only accepts requests addressed to 127.0.0.1, localhost or [::1]: set WAIAAS_BASE_URL to such "
            + "a URL, e.g. http://127.0.0.1:3100.";

    /// <summary>
    /// The hint of an error this server makes or recognises; null for the daemon's own (its hint passes on).
    /// </summary>
    public static string? HintFor(ErrorCause cause) => cause switch
    {
        ErrorCause.ConfigurationProblem => ConfigurationHint,
        ErrorCause.WrongHost => LocalhostOnlyHint,
        ErrorCause.AnswerTooLarge => "Ask for less: a smaller limit, the next page (cursor) or a narrower filter.",
        ErrorCause.AnswersInFlightTooLarge =>
            "Retry once the other calls in progress have finished, or ask for less at a time.",
        _ => null,
    };

    /// <summary>
    /// The hint of a validation error: each field the daemon named, as the tool argument where one reaches it, then
    /// the daemon's own hint.
    /// </summary>
    public static string InvalidFields(IReadOnlyList<FieldProblem> fields, string? daemonHint) =>
        "The daemon rejected "
            + string.Join("; ", fields.Select(f => $"`{f.Argument ?? f.Field}`: {f.Problem}"))
            + (fields.Count == 1 ? ". Correct it" : ". Correct them")
            + (fields.All(f => f.Argument is not null)
                ? " and call again."
                : " and call again (the daemon names fields in camelCase; tool arguments use snake_case).")
            + (daemonHint is null ? string.Empty : " " + daemonHint);

}
