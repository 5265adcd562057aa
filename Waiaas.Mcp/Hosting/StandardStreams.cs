using Microsoft.Win32.SafeHandles;

namespace Waiaas.Mcp.Hosting;

/// <summary>
/// This process's stdin and stdout for the protocol. On Unix they are plain file streams on fds 0 and 1, not console
/// streams: .NET serialises every console write, stdout and stderr alike, behind one process-wide lock, so a client
/// that stops draining stderr would freeze the protocol stream behind the logger's blocked write. Windows keeps the
/// console streams (no such lock there).
/// </summary>
internal static class StandardStreams
{
    public static Stream OpenInput() =>
        OperatingSystem.IsWindows() ? Console.OpenStandardInput() : OpenDescriptor(0, FileAccess.Read);

    public static Stream OpenOutput() =>
        OperatingSystem.IsWindows() ? Console.OpenStandardOutput() : OpenDescriptor(1, FileAccess.Write);

    // Unbuffered: the transport writes each message and its newline in one call and must not hold bytes back.
    private static FileStream OpenDescriptor(int descriptor, FileAccess access) =>
        new(new SafeFileHandle(descriptor, ownsHandle: false), access, bufferSize: 0);
}
