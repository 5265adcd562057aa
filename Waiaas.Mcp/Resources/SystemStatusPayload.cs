using System.Text.Json;
using Waiaas.Mcp.Session;

namespace Waiaas.Mcp.Resources;

/// <summary>
/// The waiaas://system/status document: this server's own view plus what the daemon says without auth.
/// </summary>
internal sealed record SystemStatusPayload(
    string Server,
    string Version,
    SessionStatus Session,
    JsonElement? DaemonHealth,
    JsonElement? KillSwitch,
    string? DaemonProblem,
    IReadOnlyList<string>? ConfigurationProblems);

/// <summary>The session part of the status document; never the token itself.</summary>
internal sealed record SessionStatus(
    string State,
    string? SessionId,
    DateTimeOffset? ExpiresAt,
    bool Unlimited,
    int RenewalCount,
    DateTimeOffset? LastRenewalAt,
    DateTimeOffset? NextRenewalAt,
    string? LastError,
    bool KillSwitchNoted)
{
    public static SessionStatus From(SessionReport report) => new(
        report.State.ToString().ToLowerInvariant(),
        report.SessionId,
        report.ExpiresAt,
        Unlimited: report.State == SessionState.Active && report.ExpiresAt is null,
        report.RenewalCount,
        report.LastRenewalAt,
        report.NextRenewalAt,
        report.LastError,
        report.KillSwitchNoted);
}
