using System.Text.Json;
using Waiaas.Mcp.Hosting;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.EndToEnd;

/// <summary>
/// More tool calls than may be in flight, all stuck on a daemon that never answers, with a request timeout far longer
/// than the test: the server still reads stdin, so a ping is answered and a cancellation takes effect at once.
/// </summary>
[Collection(PublishedBinaryCollection.Name)]
[Trait("Category", "Binary")]
public sealed class StuckCallsBinaryTests
{
    private static readonly TimeSpan AtOnce = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Binary_MoreCallsThanPlacesStuckOnAHungDaemon_PingAnsweredExcessBusyCancellationHonoured()
    {
        using var daemon = new HangingDaemon();
        var now = DateTimeOffset.UtcNow;
        var token = TestTokens.Create("s-1", now, now.AddHours(1));
        using var server = ServerProcess.Start(new Dictionary<string, string>
        {
            ["WAIAAS_BASE_URL"] = daemon.BaseUrl,
            ["WAIAAS_SESSION_TOKEN"] = token,
            // Ten minutes: anything answered within the test was answered without waiting for a call to time out.
            ["WAIAAS_MCP_REQUEST_TIMEOUT_SECONDS"] = "600",
        });
        await server.InitializeAsync();
        const int places = LineDelimitedServerTransport.MaxRequestsInFlight + LineDelimitedServerTransport.MaxRequestsWaiting;

        // The last call finds every place taken (the one before it may too, while the initialize answer is still
        // being written); it is refused at once.
        await server.WriteLinesAsync([.. Enumerable.Range(1, places + 1).Select(id => JsonRpcLines.Request(id, "tools/call", ToolReply.GetBalanceCall))]);
        var busy = (await server.WaitForResponseAsync(places + 1, AtOnce)).GetProperty("error");
        var pong = await server.RequestAsync("ping", "ping", "{}", AtOnce);

        // The action-tools fetch holds one connection and each call in flight one more; a cancelled call frees its
        // place and the oldest waiting call reaches the daemon.
        await daemon.WaitForConnectionsAsync(1 + LineDelimitedServerTransport.MaxRequestsInFlight);
        await server.WriteLinesAsync("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}""");
        await daemon.WaitForConnectionsAsync(2 + LineDelimitedServerTransport.MaxRequestsInFlight);
        server.CloseStdin();

        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(3)));
        Assert.Equal(LineDelimitedServerTransport.ServerBusyCode, busy.GetProperty("code").GetInt32());
        Assert.Contains("busy", busy.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(JsonValueKind.Object, pong.GetProperty("result").ValueKind);
        SecretScan.AssertNoToken([token], SecretScan.Bytes("stdout", server.StdoutBytes()), ("stderr", server.Stderr));
    }
}
