namespace Bench.Runner;

/// <summary>Memory of one server among several running at once (clients start one per wallet).</summary>
internal sealed record ServerMemory(long PeakRssKiB, long PssKiB, long PrivateDirtyKiB, long PrivateCleanKiB);

/// <summary>What 3 servers running at once cost: each one's figures, the first alone, and what each extra one adds.</summary>
internal sealed record SharedMemoryResult(IReadOnlyList<ServerMemory> Servers, long AlonePssKiB)
{
    public const int Count = 3;

    /// <summary>PSS of all of them minus the PSS of the first one alone, per extra server: what one more server costs.</summary>
    public double ExtraPssKiB => (Servers.Sum(s => s.PssKiB) - AlonePssKiB) / (double)(Servers.Count - 1);
}

/// <summary>
/// Starts <see cref="SharedMemoryResult.Count"/> servers against the fake daemon, each as a session would leave it
/// (initialize, tools/list with the action tools, one tool call), and reads <c>/proc/&lt;pid&gt;/smaps_rollup</c>:
/// PSS divides each shared page (the binary's code and read-only data) among the processes mapping it, private dirty
/// memory (heaps, stacks, written data) is each server's own. Servers idle most of the time, so every figure is read
/// after <see cref="Idle"/> with nothing to do (a server hands its start-up memory back a few seconds in): the first
/// once alone, then all of them together.
/// </summary>
internal static class SharedMemoryBench
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(5);

    public static SharedMemoryResult? Run(string executable, string baseUrl, string token)
    {
        if (!File.Exists("/proc/self/smaps_rollup"))
        {
            return null; // Linux only
        }

        var servers = new List<ServerConnection>();
        try
        {
            long alonePss = 0;
            for (var i = 0; i < SharedMemoryResult.Count; i++)
            {
                var server = new ServerConnection(executable, [("WAIAAS_BASE_URL", baseUrl), ("WAIAAS_SESSION_TOKEN", token)]);
                servers.Add(server);
                server.Initialize();
                server.Send("tools/list", "{}").GetAwaiter().GetResult();
                ServerConnection.EnsureToolSucceeded(server.Send("tools/call", """{"name":"connect_info","arguments":{}}""").GetAwaiter().GetResult());
                if (i == 0)
                {
                    Thread.Sleep(Idle);
                    alonePss = ProcStatus.Rollup(server.ProcessId, "Pss");
                }
            }

            Thread.Sleep(Idle);

            var memory = servers.Select(s => new ServerMemory(
                ProcStatus.KiB(s.ProcessId, "VmHWM"),
                ProcStatus.Rollup(s.ProcessId, "Pss"),
                ProcStatus.Rollup(s.ProcessId, "Private_Dirty"),
                ProcStatus.Rollup(s.ProcessId, "Private_Clean"))).ToList();
            Console.Error.Write("p");
            return new SharedMemoryResult(memory, alonePss);
        }
        finally
        {
            servers.ForEach(s => s.Dispose());
        }
    }
}
