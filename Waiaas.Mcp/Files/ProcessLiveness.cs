using System.Runtime.InteropServices;

namespace Waiaas.Mcp.Files;

/// <summary>
/// Whether a process id still runs, asked without System.Diagnostics.Process: that class would add a few hundred KB
/// to the native binary for one yes/no question.
/// </summary>
internal static class ProcessLiveness
{
    // ESRCH, the same on Linux and macOS: no process has this id.
    private const int NoSuchProcess = 3;

    /// <summary>
    /// True or false on Unix (<c>kill(pid, 0)</c> probes without signalling); null on Windows, where it is not asked.
    /// </summary>
    public static bool? IsAlive(int pid)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        // EPERM also means "it exists" (someone else's process).
        return Kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() != NoSuchProcess;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
