using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Bench.Runner;

/// <summary>One spawn of a scenario: times the initialize and tools/list replies, reads VmHWM while the child lives.</summary>
internal static class Spawner
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(15);

    private const string Initialize =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}""";

    private const string Initialized = """{"jsonrpc":"2.0","method":"notifications/initialized"}""";

    private const string ToolsList = """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""";

    /// <summary>The child's start info: cwd <c>/</c>, redirected stdio, no WAIAAS_* from the caller except <paramref name="environment"/>.</summary>
    public static ProcessStartInfo StartInfo(string executable, (string Name, string Value)[] environment)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var name in new[] { "WAIAAS_BASE_URL", "WAIAAS_DATA_DIR", "WAIAAS_SESSION_TOKEN", "WAIAAS_WALLET_ID", "WAIAAS_WALLET_NAME", "WAIAAS_MCP_LOG_LEVEL" })
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return info;
    }

    public static Sample Run(Scenario scenario)
    {
        var info = StartInfo(scenario.Executable, scenario.Environment);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("no process");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        try
        {
            process.StandardInput.WriteLine(Initialize);
            process.StandardInput.Flush();
            ReadReply(process, 1, out _);
            var initMs = clock.Elapsed.TotalMilliseconds;
            var listMs = initMs;
            var tools = 0;
            if (!scenario.Floor)
            {
                process.StandardInput.WriteLine(Initialized);
                process.StandardInput.WriteLine(ToolsList);
                process.StandardInput.Flush();
                ReadReply(process, 2, out tools);
                listMs = clock.Elapsed.TotalMilliseconds;
            }

            var rss = ProcStatus.KiB(process.Id, "VmHWM");
            process.StandardInput.Close();
            if (!process.WaitForExit(5000))
            {
                throw new InvalidOperationException($"{scenario.Name}: the process did not exit within 5 s of stdin closing");
            }

            return new Sample(initMs, listMs, rss, tools);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static void ReadReply(Process process, int id, out int tools)
    {
        using var cts = new CancellationTokenSource(ReplyTimeout);
        while (true)
        {
            var line = process.StandardOutput.ReadLineAsync(cts.Token).AsTask().GetAwaiter().GetResult()
                ?? throw new InvalidOperationException($"stdout closed before the reply to id {id}");
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.TryGetProperty("id", out var got) && got.ValueKind == JsonValueKind.Number && got.GetInt32() == id)
            {
                tools = doc.RootElement.TryGetProperty("result", out var result) && result.TryGetProperty("tools", out var list)
                    ? list.GetArrayLength()
                    : 0;
                return;
            }
        }
    }
}
