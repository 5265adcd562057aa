using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Waiaas.Mcp.Tests.Support;

/// <summary>Files that are not regular files, made where a token file is expected (Unix only).</summary>
public static class SpecialFiles
{
    /// <summary>A FIFO (named pipe): opening it to read blocks until a writer appears.</summary>
    public static void Fifo(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (MakeFifo(path, 0b110_000_000) != 0)
        {
            throw new InvalidOperationException($"mkfifo {path} failed (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    /// <summary>A Unix domain socket file, bound (and kept) by the returned socket.</summary>
    public static Socket Socket(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        return socket;
    }

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MakeFifo(string path, uint mode);
}
