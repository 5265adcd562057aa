using System.Globalization;
using Waiaas.Mcp.Tests.Support;
using Xunit.Abstractions;

namespace Waiaas.Mcp.Tests.EndToEnd;

/// <summary>
/// An idle server holds only what it uses: once its session has settled, the published binary hands the start-up
/// garbage back to the system, so each extra server (clients start one per wallet) costs less private memory.
/// Linux only: private dirty memory comes from /proc/&lt;pid&gt;/smaps_rollup.
/// </summary>
[Collection(PublishedBinaryCollection.Name)]
[Trait("Category", "Binary")]
public sealed class IdleMemoryBinaryTests(ITestOutputHelper output)
{
    private const long MiB = 1 << 20;

    [Fact]
    public async Task Binary_SessionSettled_StartupMemoryHandedBack()
    {
        if (!OperatingSystem.IsLinux())
        {
            output.WriteLine("skipped: private dirty memory is read from /proc/<pid>/smaps_rollup, which only Linux has");
            return;
        }

        await using var daemon = await FakeDaemon.StartAsync();
        daemon.Fallback = request => request.PathAndQuery == "/v1/actions/providers"
            ? FakeResponse.Fixture(200, "GET-v1-actions-providers.200.json")
            : FakeResponse.Fixture(200, "GET-v1-connect-info.200.json");
        var now = DateTimeOffset.UtcNow;
        using var server = ServerProcess.Start(new Dictionary<string, string>
        {
            ["WAIAAS_BASE_URL"] = daemon.BaseUrl.ToString(),
            ["WAIAAS_SESSION_TOKEN"] = TestTokens.Create("s-1", now, now.AddHours(1)),
            ["WAIAAS_MCP_LOG_LEVEL"] = "debug",
        });
        await server.InitializeAsync();
        await server.RequestAsync(1, "tools/list", "{}", TimeSpan.FromSeconds(10));
        var call = await server.RequestAsync(2, "tools/call", """{"name":"connect_info","arguments":{}}""", TimeSpan.FromSeconds(10));
        Assert.False(call.GetProperty("result").TryGetProperty("isError", out _));
        var busy = PrivateDirtyBytes(server.Id);

        await server.WaitForStderrAsync("Start-up memory handed back", TimeSpan.FromSeconds(20));

        var idle = PrivateDirtyBytes(server.Id);
        var measured = $"private dirty {busy / (double)MiB:0.0} MiB after the first call, {idle / (double)MiB:0.0} MiB once settled";
        output.WriteLine(measured);
        // Without the hand-back nothing comes back. The bound is well below what a quiet run returns, since less comes
        // back on a busy machine (more pool threads with stacks of their own is the likely reason).
        Assert.True(idle <= busy - MiB, measured);
    }

    private static long PrivateDirtyBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/smaps_rollup").Single(l => l.StartsWith("Private_Dirty:", StringComparison.Ordinal));
        return long.Parse(line["Private_Dirty:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}
