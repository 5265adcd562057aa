using Waiaas.Mcp.Session;
using Waiaas.Mcp.Daemon;

namespace Waiaas.Mcp.Client;

/// <summary>
/// Session-aware daemon calls for tools and resources: attaches the current token, answers
/// session_expired without a request when there is none, and runs the token-rotation steps on a
/// session 401 (at most one retry, with a token different from the refused one).
/// </summary>
internal sealed class DaemonClient(DaemonRequestSender http, SessionManager session)
{
    /// <summary>
    /// Raised after a call the daemon answered (success or API error): it is up. Handlers must be quick.
    /// </summary>
    public event Action? Reached;

    public async Task<DaemonResult> SendAsync(DaemonRequest request, CancellationToken cancellationToken)
    {
        var result = await SendWithRotationAsync(request, cancellationToken).ConfigureAwait(false);
        if (result is DaemonResult.Ok or DaemonResult.ApiError { Cause: not ErrorCause.ConfigurationProblem })
        {
            Reached?.Invoke();
        }

        return result;
    }

    private async Task<DaemonResult> SendWithRotationAsync(DaemonRequest request, CancellationToken cancellationToken)
    {
        // A configuration the user must fix outranks the session state: say so on every call, whatever the problem
        // (a dropped wallet id or data dir would otherwise make calls act on another wallet or wait for a token
        // forever).
        if (http.ConfigurationError is { } configurationError)
        {
            return configurationError;
        }

        if (!request.RequiresSession)
        {
            return await http.SendAsync(request, token: null, cancellationToken).ConfigureAwait(false);
        }

        if (await session.GetTokenOrReadFileAsync(cancellationToken).ConfigureAwait(false) is not { } token)
        {
            return new DaemonResult.SessionExpired(PicksUpNewToken: http.PicksUpNewToken);
        }

        var result = await http.SendAsync(request, token, cancellationToken).ConfigureAwait(false);
        if (result is not DaemonResult.SessionExpired)
        {
            return result;
        }

        var replacement = await session.RecoverFromUnauthorizedAsync(token, cancellationToken).ConfigureAwait(false);
        if (replacement is null || replacement == token)
        {
            return result;
        }

        return await http.SendAsync(request, replacement, cancellationToken).ConfigureAwait(false);
    }
}
