using System.Text.Json.Serialization;

namespace Waiaas.Mcp.Diagnostics;

/// <summary>
/// Every check in order. <see cref="Ok"/> (exit code 0) only when none failed: the server would work.
/// <see cref="Environment"/> says whose variables were checked: this shell's, or a client entry's env block.
/// </summary>
internal sealed record DoctorReport(string Version, string Environment, IReadOnlyList<DoctorCheck> Checks)
{
    public const int NotReadyExitCode = 1;

    public const string ShellEnvironment = "this shell's environment";

    public bool Ok => Checks.All(check => check.Status != CheckStatus.Fail);

    [JsonIgnore]
    public int ExitCode => Ok ? 0 : NotReadyExitCode;
}
