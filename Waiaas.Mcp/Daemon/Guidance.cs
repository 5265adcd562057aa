namespace Waiaas.Mcp.Daemon;

/// <summary>
/// Every sentence the model reads when the wallet is temporarily unusable, in one place.
/// Written for the model: what is happening, what the human should do, and that this server recovers by itself.
/// </summary>
internal static class Guidance
{
    public static GuidancePayload SessionExpired(string? reason) => new(
        "session_expired",
        "The WAIaaS session is missing or has expired, so wallet tools cannot run right now."
            + (reason is null ? string.Empty : $" ({reason})"),
        "Ask the user to run `waiaas mcp setup` (or `waiaas quickset`) to issue a new session. "
            + "This server picks the new token up by itself within a minute; no restart is needed.",
        Retryable: true);

    public static GuidancePayload DaemonUnavailable(string reason) => new(
        "daemon_unavailable",
        $"The WAIaaS daemon is not reachable ({reason}).",
        "Ask the user to start the daemon with `waiaas start` and check WAIAAS_BASE_URL. "
            + "Retry the same call once it is running; this server reconnects by itself.",
        Retryable: true);

    public static GuidancePayload KillSwitchActive() => new(
        "kill_switch_active",
        "The WAIaaS kill switch is active: the wallet owner has frozen all wallet activity.",
        "Tell the user. Only the wallet owner can recover from the kill switch (WAIaaS admin UI or CLI). "
            + "After recovery a new session may be needed (`waiaas mcp setup`); this server picks it up by itself.",
        Retryable: true);

    /// <summary>The human was asked to confirm a spending call and did not approve it (declined or dismissed).</summary>
    public static GuidancePayload DeclinedByUser() => new(
        "declined_by_user",
        "The user did not approve this call when asked to confirm it (declined or dismissed the question), so nothing was sent to the wallet.",
        "Do not send it again on your own. Ask the user whether to change something (amount, recipient, network) or drop it.",
        Retryable: false);

    /// <summary>WAIAAS_MCP_CONFIRM=spend requires asking the human, and this client cannot be asked.</summary>
    public static GuidancePayload ConfirmationUnavailable(string reason) => new(
        "confirmation_unavailable",
        "This server asks the user to confirm every call that can move funds or grant rights over them (WAIAAS_MCP_CONFIRM=spend), "
            + $"but could not ask here ({reason}), so nothing was sent to the wallet.",
        "Tell the user. To confirm spending they need an MCP client that supports elicitation; or they can set "
            + "WAIAAS_MCP_CONFIRM=none in this server's configuration to leave the checks to the wallet's policies alone.",
        Retryable: false);

    public const string ConfigurationErrorCode = "MCP_CONFIGURATION_ERROR";

    public static string ConfigurationHint =>
        "Fix the environment variables in the MCP client's configuration for waiaas-mcp, then restart the client. "
            + "`waiaas-mcp --help` lists them.";
}
