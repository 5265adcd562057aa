using ModelContextProtocol.Server;
using Waiaas.Mcp.Protocol;
using Waiaas.Mcp.Tools.Actions;

namespace Waiaas.Mcp.Hosting;

/// <summary>
/// Announces that the tool list changed through the SDK's own routing. Given to the server as its (always empty) tool
/// collection, whose <see cref="McpServerPrimitiveCollection{T}.Changed"/> event the SDK turns into
/// <c>notifications/tools/list_changed</c>: one broadcast in a 2025 session; in the 2026-07-28 era only on the
/// <c>subscriptions/listen</c> streams that asked for tool changes, tagged with their subscription id.
/// What this adds: a 2025 client hears nothing before it has finished initializing (a change meanwhile is announced
/// once it has), and nothing is announced once the input has ended.
/// </summary>
internal sealed class ToolListChanges : McpServerPrimitiveCollection<McpServerTool>, IToolListAnnouncer
{
    private int _clientInitialized;
    private int _announcementHeld;
    private volatile bool _stopped;
    private volatile McpServer? _server;

    /// <summary>
    /// The server whose session the announcements are for (its negotiated protocol version decides the routing).
    /// </summary>
    public void AttachTo(McpServer server) => _server = server;

    public void ToolListChanged() => Announce(_server?.NegotiatedProtocolVersion);

    /// <param name="negotiatedVersion">The session's protocol version so far (null before the first request that sets
    /// it).</param>
    public void Announce(string? negotiatedVersion)
    {
        if (_stopped)
        {
            return;
        }

        // Before `initialized` the SDK would broadcast as soon as `initialize` set the version, possibly ahead of
        // the initialize reply itself. A stateless session is routed per subscription, so it needs no holding.
        if (Volatile.Read(ref _clientInitialized) == 1 || ProtocolEra.IsStateless(negotiatedVersion))
        {
            RaiseChanged();
            return;
        }

        Interlocked.Exchange(ref _announcementHeld, 1);
        if (Volatile.Read(ref _clientInitialized) == 1)
        {
            ReleaseHeld();
        }
    }

    /// <summary>The client sent <c>notifications/initialized</c>: the 2025 handshake is complete.</summary>
    public void ClientInitialized()
    {
        Interlocked.Exchange(ref _clientInitialized, 1);
        ReleaseHeld();
    }

    /// <summary>The input ended: nobody is left to tell.</summary>
    public void Stop() => _stopped = true;

    private void ReleaseHeld()
    {
        if (Interlocked.Exchange(ref _announcementHeld, 0) == 1 && !_stopped)
        {
            RaiseChanged();
        }
    }
}
