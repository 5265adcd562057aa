using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Waiaas.Mcp.Tests.Support;

/// <summary>The published binary as a child process with raw stdin/stdout/stderr, for byte-level checks.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly MemoryStream _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Task _stdoutCopy;

    private ServerProcess(Process process)
    {
        _process = process;
        _stdoutCopy = CopyStdoutAsync(process.StandardOutput.BaseStream);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
    }

    private const int SigKill = 9;

    public Stream Stdin => _process.StandardInput.BaseStream;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static ServerProcess Start(IReadOnlyDictionary<string, string>? environment = null, params string[] args) =>
        StartExecutable(PublishedBinary.FilePath, environment, args);

    /// <summary>Starts another copy of the server (an installed tool, say) the same way.</summary>
    public static ServerProcess StartExecutable(string executable, IReadOnlyDictionary<string, string>? environment = null, params string[] args)
    {
        var start = new ProcessStartInfo(executable, args)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        // A nothing-listens port: no test waits for (or reaches) a real daemon.
        start.Environment["WAIAAS_BASE_URL"] = "http://127.0.0.1:9";
        foreach (var name in start.Environment.Keys.Where(k => k!.StartsWith("WAIAAS_", StringComparison.Ordinal) && k != "WAIAAS_BASE_URL").ToList())
        {
            start.Environment.Remove(name!);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return new ServerProcess(Process.Start(start)!);
    }

    public async Task WriteLinesAsync(params string[] lines)
    {
        await Stdin.WriteAsync(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
        await Stdin.FlushAsync();
    }

    public void CloseStdin() => _process.StandardInput.Close();

    /// <summary>Waits until stdout holds at least <paramref name="count"/> complete lines.</summary>
    public async Task WaitForLinesAsync(int count, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        while (CountLines() < count)
        {
            await Task.Delay(10, cancellation.Token);
        }
    }

    /// <summary>Waits until stdout holds <paramref name="text"/> (searched in place: stdout may be many megabytes).</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        using var cancellation = new CancellationTokenSource(timeout);
        while (!StdoutContains(needle))
        {
            await Task.Delay(10, cancellation.Token);
        }
    }

    /// <summary>Waits until stderr contains <paramref name="text"/> (a log line that marks a step the test needs done).</summary>
    public async Task WaitForStderrAsync(string text, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        while (!Stderr.Contains(text, StringComparison.Ordinal))
        {
            await Task.Delay(10, cancellation.Token);
        }
    }

    /// <summary>The peak resident set size so far (VmHWM from /proc), while the process runs; null without /proc (macOS).</summary>
    public long? PeakResidentBytes()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var line = File.ReadLines($"/proc/{_process.Id}/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        var kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
        return long.Parse(kilobytes, System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed");
        }
    }

    /// <summary>SIGKILL: the process dies at once, wherever it is (no handler, no cleanup).</summary>
    public void Kill() => Signal(SigKill);

    /// <summary>Sends initialize and notifications/initialized and waits for the initialize reply.</summary>
    public async Task InitializeAsync()
    {
        await WriteLinesAsync(JsonRpcLines.Initialize, JsonRpcLines.Initialized);
        await WaitForResponseAsync("init", TimeSpan.FromSeconds(10));
    }

    /// <summary>Sends one request and waits (bounded) for the reply with its id.</summary>
    public async Task<JsonElement> RequestAsync(object id, string method, string parameters, TimeSpan timeout)
    {
        await WriteLinesAsync(JsonRpcLines.Request(id, method, parameters));
        return await WaitForResponseAsync(id, timeout);
    }

    /// <summary>The reply with <paramref name="id"/> once it is on stdout; throws at the deadline.</summary>
    public async Task<JsonElement> WaitForResponseAsync(object id, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        while (true)
        {
            var bytes = StdoutBytes();
            var complete = bytes.AsSpan(0, bytes.AsSpan().LastIndexOf((byte)'\n') + 1).ToArray();
            if (JsonRpcLines.Parse(complete).Any(m => JsonRpcLines.IsResponseTo(m, id)))
            {
                return JsonRpcLines.ResponseTo(JsonRpcLines.Parse(complete), id);
            }

            await Task.Delay(10, cancellation.Token);
        }
    }

    /// <summary>Waits for exit; returns the exit code, or null if the process was still running at the deadline.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        await _stdoutCopy;
        return _process.ExitCode;
    }

    public byte[] StdoutBytes()
    {
        lock (_stdout)
        {
            return _stdout.ToArray();
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private async Task CopyStdoutAsync(Stream source)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await source.ReadAsync(buffer)) > 0)
        {
            lock (_stdout)
            {
                _stdout.Write(buffer, 0, read);
            }
        }
    }

    private bool StdoutContains(byte[] needle)
    {
        lock (_stdout)
        {
            return _stdout.GetBuffer().AsSpan(0, (int)_stdout.Length).IndexOf(needle) >= 0;
        }
    }

    private int CountLines() => StdoutBytes().Count(b => b == (byte)'\n');

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
