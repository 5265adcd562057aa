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

    public const string ConfigurationErrorCode = "MCP_CONFIGURATION_ERROR";

    public static string ConfigurationHint =>
        "Fix the environment variables in the MCP client's configuration for waiaas-mcp, then restart the client. "
            + "`waiaas-mcp --help` lists them.";
}
