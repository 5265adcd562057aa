using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Waiaas.Mcp.Tests.Support;

/// <summary>
/// The published binary as a child process with raw stdin/stdout/stderr, for byte-level checks. Each output stream has
/// one reader (<see cref="OutputLines"/>); the waits complete when their line arrives. A wait that cannot complete throws
/// <see cref="TaskCanceledException"/> at once when the stream ends, or at its deadline, saying what it waited for.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private const int SigKill = 9;

    private readonly Process _process;
    private readonly OutputLines _stdout;
    private readonly OutputLines _stderr;

    private ServerProcess(Process process)
    {
        _process = process;
        _stdout = new OutputLines(process.StandardOutput.BaseStream);
        _stderr = new OutputLines(process.StandardError.BaseStream);
    }

    public Stream Stdin => _process.StandardInput.BaseStream;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything written to stderr so far.</summary>
    public string Stderr => Encoding.UTF8.GetString(_stderr.Bytes());

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
    public Task WaitForLinesAsync(int count, TimeSpan timeout) =>
        WaitAsync(_stdout, "stdout", (_, index) => index + 1 >= count, timeout, $"{count} lines");

    /// <summary>Waits until a stdout line holds <paramref name="text"/>.</summary>
    public Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return WaitAsync(_stdout, "stdout", (line, _) => line.IndexOf(needle) >= 0, timeout, $"line holding {text}");
    }

    /// <summary>Waits until a stderr line contains <paramref name="text"/> (a log line that marks a step the test needs done).</summary>
    public Task WaitForStderrAsync(string text, TimeSpan timeout)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return WaitAsync(_stderr, "stderr", (line, _) => line.IndexOf(needle) >= 0, timeout, $"line holding {text}");
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

    /// <summary>Sends a POSIX signal; Windows has none (a test that needs one skips there, see <see cref="UnixFactAttribute"/>).</summary>
    public void Signal(int signal)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException($"Windows has no POSIX signals (signal {signal}).");
        }

        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed");
        }
    }

    /// <summary>SIGKILL (TerminateProcess on Windows): the process dies at once, wherever it is (no handler, no cleanup).</summary>
    public void Kill()
    {
        if (OperatingSystem.IsWindows())
        {
            _process.Kill();
        }
        else
        {
            Signal(SigKill);
        }
    }

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

    /// <summary>
    /// The reply with <paramref name="id"/> once it is on stdout; throws at the deadline, and at once when a stdout line
    /// before it is not a JSON-RPC message.
    /// </summary>
    public async Task<JsonElement> WaitForResponseAsync(object id, TimeSpan timeout)
    {
        // A line that is not JSON-RPC ends the wait too: ParseLine then fails the test with what the line was.
        var reply = await WaitAsync(
            _stdout,
            "stdout",
            (line, _) => JsonRpcLines.Problem(Encoding.UTF8.GetString(line), out var message) is not null || JsonRpcLines.IsResponseTo(message, id),
            timeout,
            $"reply to id {id}");
        return JsonRpcLines.ParseLine(Encoding.UTF8.GetString(reply));
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

        // The streams end with the process (it starts none of its own that could hold them open).
        await Task.WhenAll(_stdout.Completion, _stderr.Completion).WaitAsync(timeout);
        return _process.ExitCode;
    }

    /// <summary>Everything written to stdout so far, exactly as written.</summary>
    public byte[] StdoutBytes() => _stdout.Bytes();

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private async Task<byte[]> WaitAsync(OutputLines output, string stream, LineMatch match, TimeSpan timeout, string what)
    {
        byte[]? line;
        try
        {
            line = await output.WaitForAsync(match, timeout);
        }
        catch (TimeoutException)
        {
            throw Failed($"No {what} on {stream} within {timeout.TotalSeconds:0.###} s");
        }

        return line ?? throw Failed($"{stream} ended before a {what}");
    }

    private TaskCanceledException Failed(string problem)
    {
        var state = _process.HasExited ? $"exited with {_process.ExitCode}" : "still running";
        var stderr = Stderr;
        return new TaskCanceledException($"{problem} (the server is {state}); stderr ends with:\n{stderr[^Math.Min(stderr.Length, 2000)..]}");
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
