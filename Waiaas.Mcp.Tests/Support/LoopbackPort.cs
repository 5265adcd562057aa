using System.Net;
using System.Net.Sockets;

namespace Waiaas.Mcp.Tests.Support;

public static class LoopbackPort
{
    /// <summary>A loopback port nothing listens on (connecting to it is refused).</summary>
    public static int Unused()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
