using Waiaas.Mcp.Configuration;

namespace Waiaas.Mcp.Diagnostics;

/// <summary>
/// What the user should do for each doctor failure, in one place (docs/troubleshooting.md mirrors these).
/// Written for a person at a terminal: one command or one setting each.
/// </summary>
internal static class DoctorFixes
{
    public const string NewSession =
        "run `waiaas mcp setup` (or `waiaas quickset`) to issue a session; a running server picks "
            + "the new token up within a minute";

    public const string Configuration =
        "fix these variables in the env block of the MCP client's entry for waiaas-mcp (`waiaas-mcp --help` "
            + "lists them), then restart the client";

    public static string DataDirUnset =>
        $"set {EnvironmentVariables.DataDir} to the folder where `waiaas mcp setup` writes "
            + $"{Session.TokenFile.GeneralFileName} "
            + "(`waiaas-mcp config <client> --data-dir <folder>` writes it for you)";

    public static string DataDirMissing(string dataDir) =>
        $"check {EnvironmentVariables.DataDir} (it must be the daemon's data folder), or {NewSession} (it "
            + $"writes {Path.Join(dataDir, Session.TokenFile.GeneralFileName)})";

    public static string SymbolicLink(string path) =>
        "replace the link with a regular file (e.g. "
            + $"`cp --remove-destination \"$(readlink -f {path})\" {path}`), or {NewSession}";

    public static string SharedFile(string path) => $"restrict it to its owner: `chmod 600 {path}`";

    public const string DaemonUnreachable =
        "start the daemon (`waiaas start`), or set " + EnvironmentVariables.BaseUrl + " to the URL it listens "
            + "on (default http://127.0.0.1:3100)";

    public const string KillSwitch =
        "only the wallet owner can recover from the kill switch (WAIaaS admin UI or CLI); afterwards a new session "
            + "may be needed (`waiaas mcp setup`)";

    public static string SameRelease =>
        "upgrade whichever side is older so both match: this waiaas-mcp was built against "
            + $"WAIaaS {DaemonApiAllowances.DaemonVersion} (the daemon's version is in its GET /health answer)";

    public const string ClockSkew =
        "synchronise this machine's clock (NTP); a skewed clock makes renewals come too early "
            + "(RENEWAL_TOO_EARLY) and expiry checks wrong";

    public static string WalletNotInSession =>
        $"set {EnvironmentVariables.WalletId} to one of the session's wallets, or issue a session that covers "
            + "this wallet (`waiaas mcp setup`)";
}
