using System.Text.Json;

namespace Waiaas.Mcp.Daemon;

/// <summary>
/// The closed set of outcomes of one daemon call (spec section 6). Three are guidance (the model should
/// wait or tell the user), one is success and one is an API error the model should read.
/// </summary>
internal abstract record DaemonResult
{
    private DaemonResult()
    {
    }

    /// <summary>2xx with a JSON body, kept as the daemon sent it (compact UTF-8).</summary>
    public sealed record Ok(ReadOnlyMemory<byte> Json) : DaemonResult;

    /// <summary>No usable session token, or the daemon refused it after the 401 steps.</summary>
    public sealed record SessionExpired(string? Reason = null) : DaemonResult;

    /// <summary>Connection refused/reset, timeout, or a 2xx that is not JSON.</summary>
    public sealed record DaemonUnavailable(string Reason) : DaemonResult;

    /// <summary>503 SYSTEM_LOCKED (not the localhost message) or KILL_SWITCH_ACTIVE.</summary>
    public sealed record KillSwitchActive : DaemonResult;

    /// <summary>Any other non-2xx answer, or a request this server refuses to send.</summary>
    public sealed record ApiError(
        string Code, string Message, bool Retryable, string? Hint = null, JsonElement? Details = null) : DaemonResult;
}
