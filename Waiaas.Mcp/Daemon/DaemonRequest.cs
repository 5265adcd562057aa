namespace Waiaas.Mcp.Daemon;

/// <summary>
/// One HTTP request to the daemon. <paramref name="PathAndQuery"/> is already encoded (see <see cref="UrlBuilder"/>);
/// <paramref name="Body"/> is compact JSON or null.
/// </summary>
internal sealed record DaemonRequest(
    HttpMethod Method, string PathAndQuery, ReadOnlyMemory<byte>? Body = null, bool RequiresSession = true)
{
    /// <summary>
    /// False for a request that must not run twice (it moves funds or grants rights over them). Once such a request may
    /// have reached the daemon, a failure is <see cref="DaemonResult.OutcomeUnknown"/>, never "not sent, retry", and
    /// the HTTP stack never resends it by itself.
    /// </summary>
    public bool SafeToRepeat { get; init; } = true;

    /// <summary>
    /// True for a renewal: the token in its answer is the point of the request, so an answer repeating the request's
    /// own token is read as it is (and judged) instead of having that token redacted like any other echo.
    /// </summary>
    public bool AnswerCarriesToken { get; init; }

    public static DaemonRequest Get(string pathAndQuery, bool requiresSession = true) =>
        new(HttpMethod.Get, pathAndQuery, null, requiresSession);
}
