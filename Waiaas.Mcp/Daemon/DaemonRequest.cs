namespace Waiaas.Mcp.Daemon;

/// <summary>
/// One HTTP request to the daemon. <paramref name="PathAndQuery"/> is already encoded (see <see cref="UrlBuilder"/>);
/// <paramref name="Body"/> is compact JSON or null.
/// </summary>
internal sealed record DaemonRequest(
    HttpMethod Method, string PathAndQuery, ReadOnlyMemory<byte>? Body = null, bool RequiresSession = true)
{
    /// <summary>
    /// False for a request that, delivered twice, could move funds twice: a failure after it may have reached the daemon
    /// is then an unknown outcome, never "not sent, retry".
    /// </summary>
    public bool SafeToRepeat { get; init; } = true;

    public static DaemonRequest Get(string pathAndQuery, bool requiresSession = true) =>
        new(HttpMethod.Get, pathAndQuery, null, requiresSession);
}
