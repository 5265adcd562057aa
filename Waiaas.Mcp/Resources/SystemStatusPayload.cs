using System.Text.Json;

namespace Waiaas.Mcp.Resources;

/// <summary>The waiaas://system/status document: this server's own view plus what the daemon says without auth.</summary>
internal sealed record SystemStatusPayload(
    string Server,
    string Version,
    string SessionState,
    JsonElement? DaemonHealth,
    JsonElement? KillSwitch,
    string? DaemonProblem,
    IReadOnlyList<string>? ConfigurationProblems);
