using System.Globalization;
using System.Runtime.InteropServices;

namespace Waiaas.Mcp.Tests.Support;

/// <summary>
/// What a process does with a signal it receives. A test run started as a background job of a non-interactive shell
/// inherits SIGINT ignored, and so does every process it starts: a test that stops a child with SIGINT must check
/// this and reset it for the child.
/// </summary>
public static class SignalDisposition
{
    private const nint Default = 0; // SIG_DFL, the same on Linux and macOS
    private const nint Ignore = 1; // SIG_IGN

    /// <summary>True when this process ignores <paramref name="signal"/> (and its children would inherit that).</summary>
    public static bool IsIgnoredHere(int signal)
    {
        // The handler is the first field of struct sigaction on Linux and macOS; the buffer is larger than either.
        var old = new byte[256];
        if (SigAction(signal, IntPtr.Zero, old) != 0)
        {
            throw new InvalidOperationException($"sigaction({signal}) failed (errno {Marshal.GetLastPInvokeError()})");
        }

        return BitConverter.ToInt64(old, 0) == Ignore;
    }

    /// <summary>
    /// Until disposed, processes started from here get the default action for <paramref name="signal"/> instead of an
    /// inherited "ignore"; this process ignores it again afterwards. Does nothing when it is not ignored here (the
    /// runtime's own handler is then left alone).
    /// </summary>
    public static IDisposable DefaultForChildren(int signal)
    {
        if (!IsIgnoredHere(signal))
        {
            return new Restore(null);
        }

        SetHandler(signal, Default);
        return new Restore(() => SetHandler(signal, Ignore));
    }

    /// <summary>Whether process <paramref name="pid"/> ignores <paramref name="signal"/>; null where that cannot be read (no /proc).</summary>
    public static bool? IsIgnoredIn(int pid, int signal)
    {
        var status = $"/proc/{pid}/status";
        if (!File.Exists(status))
        {
            return null;
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (ulong.Parse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & (1UL << (signal - 1))) != 0;
    }

    private static void SetHandler(int signal, nint handler)
    {
        if (SetSignal(signal, handler) == -1)
        {
            throw new InvalidOperationException($"signal({signal}) failed (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    private sealed class Restore(Action? restore) : IDisposable
    {
        private Action? _restore = restore;

        public void Dispose() => Interlocked.Exchange(ref _restore, null)?.Invoke();
    }

    [DllImport("libc", EntryPoint = "sigaction", SetLastError = true)]
    private static extern int SigAction(int signal, IntPtr action, byte[] oldAction);

    [DllImport("libc", EntryPoint = "signal", SetLastError = true)]
    private static extern nint SetSignal(int signal, nint handler);
}
