using System.Text.Json;
using Waiaas.Mcp.Session;

namespace Waiaas.Mcp.Resources;

/// <summary>The waiaas://system/status document: this server's own view plus what the daemon says without auth.</summary>
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
    public static SessionStatus From(SessionReport snapshot) => new(
        snapshot.State.ToString().ToLowerInvariant(),
        snapshot.SessionId,
        snapshot.ExpiresAt,
        Unlimited: snapshot.State == SessionState.Active && snapshot.ExpiresAt is null,
        snapshot.RenewalCount,
        snapshot.LastRenewalAt,
        snapshot.NextRenewalAt,
        snapshot.LastError,
        snapshot.KillSwitchNoted);
}
