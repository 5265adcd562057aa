using System.Diagnostics;
using System.Net.Http.Headers;

namespace Bench.Runner;

/// <summary>What one long-lived server did under tool calls, next to the same requests sent straight to the fake daemon.</summary>
internal sealed record CallResults(
    double[] ServerMs,
    double[] DirectMs,
    int Concurrency,
    int Calls,
    int TotalCalls,
    double ServerCallsPerSecond,
    double DirectCallsPerSecond,
    long StartHwmKiB,
    long StartRssKiB,
    long EndHwmKiB,
    long EndRssKiB);

/// <summary>
/// Per-call overhead and throughput: <c>connect_info</c> (no arguments, <c>GET /v1/connect-info</c>, a 5 KB body) through
/// the server over stdio, against the same GET sent by this process straight to the fake daemon with a keep-alive
/// HttpClient. Sequential calls alternate the two paths so both see the same load.
/// </summary>
internal static class CallBench
{
    private const string ToolCall = """{"name":"connect_info","arguments":{}}""";
    private const string DaemonPath = "/v1/connect-info";
    private const int WarmupCalls = 200;

    public static CallResults Run(Options options, string executable, string baseUrl, string token)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var server = new ServerConnection(executable, [("WAIAAS_BASE_URL", baseUrl), ("WAIAAS_SESSION_TOKEN", token)]);
        server.Initialize();
        ServerConnection.EnsureToolSucceeded(CallServerAsync(server).GetAwaiter().GetResult());
        var startHwm = ProcStatus.KiB(server.ProcessId, "VmHWM");
        var startRss = ProcStatus.KiB(server.ProcessId, "VmRSS");

        for (var i = 0; i < WarmupCalls; i++)
        {
            CallServerAsync(server).GetAwaiter().GetResult();
            CallDirectAsync(http).GetAwaiter().GetResult();
        }

        var serverMs = new double[options.SequentialCalls];
        var directMs = new double[options.SequentialCalls];
        for (var i = 0; i < options.SequentialCalls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            CallServerAsync(server).GetAwaiter().GetResult();
            serverMs[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            start = Stopwatch.GetTimestamp();
            CallDirectAsync(http).GetAwaiter().GetResult();
            directMs[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        var serverRate = Throughput(options.Calls, options.Concurrency, () => CallServerAsync(server));
        var directRate = Throughput(options.Calls, options.Concurrency, () => CallDirectAsync(http));
        return new CallResults(
            serverMs, directMs, options.Concurrency, options.Calls,
            TotalCalls: 1 + WarmupCalls + options.SequentialCalls + options.Calls,
            serverRate, directRate, startHwm, startRss,
            ProcStatus.KiB(server.ProcessId, "VmHWM"), ProcStatus.KiB(server.ProcessId, "VmRSS"));
    }

    private static async Task<string> CallServerAsync(ServerConnection server)
    {
        var reply = await server.Send("tools/call", ToolCall).ConfigureAwait(false);
        // Cheap check on every call (a full parse would cost the runner more CPU than the server spends).
        if (reply.Contains("\"isError\":true", StringComparison.Ordinal) || reply.Contains("\"error\":", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"the bench tool call failed: {reply[..Math.Min(reply.Length, 300)]}");
        }

        return reply;
    }

    private static async Task CallDirectAsync(HttpClient http)
    {
        using var response = await http.GetAsync(DaemonPath).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
    }

    /// <summary>Calls per second with <paramref name="concurrency"/> requests in flight until <paramref name="calls"/> are done.</summary>
    private static double Throughput(int calls, int concurrency, Func<Task> call)
    {
        var issued = -1;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref issued) < calls)
            {
                await call().ConfigureAwait(false);
            }
        })).ToArray();
        Task.WaitAll(workers);
        return calls / clock.Elapsed.TotalSeconds;
    }
}
