using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Waiaas.Mcp.Tools;

/// <summary>
/// Where a long tool call reports its progress: <c>notifications/progress</c> with the caller's token, when its request
/// carried one (<c>_meta.progressToken</c>); otherwise nowhere. Best effort: a report that cannot be delivered never
/// fails the call.
/// </summary>
internal sealed class ToolProgress(McpServer? server, ProgressToken? token)
{
    /// <param name="progress">Grows with every report (the protocol requires it).</param>
    /// <param name="total">The value <paramref name="progress"/> reaches at the latest, when known.</param>
    /// <param name="message">What the client may show the user.</param>
    /// <param name="cancellationToken">The call's token.</param>
    public async Task ReportAsync(float progress, float? total, string message, CancellationToken cancellationToken)
    {
        if (server is null || token is not { } progressToken)
        {
            return;
        }

        try
        {
            var value = new ProgressNotificationValue { Progress = progress, Total = total, Message = message };
            await server.NotifyProgressAsync(
                progressToken, value, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or McpException or ObjectDisposedException
            or InvalidOperationException)
        {
            // The client is gone or the session is closing: the call's own answer tells the rest.
        }
    }
}
