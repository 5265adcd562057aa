using System.Text.Json.Serialization;

namespace Waiaas.Mcp.Diagnostics;

/// <summary>Every check in order. <see cref="Ok"/> (exit code 0) only when none failed: the server would work.</summary>
internal sealed record DoctorReport(string Version, IReadOnlyList<DoctorCheck> Checks)
{
    public const int NotReadyExitCode = 1;

    public bool Ok => Checks.All(check => check.Status != CheckStatus.Fail);

    [JsonIgnore]
    public int ExitCode => Ok ? 0 : NotReadyExitCode;
}
