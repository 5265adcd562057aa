using System.Diagnostics;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.EndToEnd;

/// <summary>
/// One published server process through every daemon fault in turn: each call during a fault comes back within the
/// request timeout with the guidance the model needs, and the first call after the fault works again, without a restart.
/// </summary>
[Collection(PublishedBinaryCollection.Name)]
[Trait("Category", "Binary")]
public sealed class ChaosDaemonTests
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(1);

    // get_balance sends one request; a refused token adds a 50 ms wait and one retry. The rest is margin for a loaded
    // CI machine: the point is that a call is bounded by the request timeout, not by the daemon.
    private static readonly TimeSpan CallLimit = (2 * RequestTimeout) + TimeSpan.FromSeconds(2);

    private int _nextId;

    [Fact]
    public async Task Binary_EachDaemonFault_AnswersGuidanceWithinTheTimeoutThenWorksAgainWithoutRestart()
    {
        var sessions = new DaemonSessions();
        await using var daemon = await ChaosDaemon.StartAsync(sessions);
        using var dir = new TempDirectory();
        var tokenFile = TokenFileOnDisk.Write(dir.Path, sessions.Issue("s-1"));
        using var server = ServerProcess.Start(new Dictionary<string, string>
        {
            ["WAIAAS_BASE_URL"] = daemon.BaseUrl.ToString(),
            ["WAIAAS_DATA_DIR"] = dir.Path,
            ["WAIAAS_MCP_REQUEST_TIMEOUT_SECONDS"] = RequestTimeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await server.InitializeAsync();
        await AssertWorksAsync(server);

        // Stopped: connection refused. Restarted on the same port: the pooled connections are dead, new ones work.
        await daemon.StopAsync();
        Assert.Equal("daemon_unavailable", (await CallAsync(server)).Status);
        await daemon.RestartAsync();
        await AssertWorksAsync(server);

        foreach (var fault in new[] { ChaosFault.Hang, ChaosFault.ResetConnections, ChaosFault.SlowAnswers })
        {
            daemon.Fault = fault;
            var reply = await CallAsync(server);
            Assert.True(reply.Status == "daemon_unavailable", $"{fault}: {reply.Json}");
            Assert.False(reply.IsError);
            daemon.Fault = ChaosFault.None;
            await AssertWorksAsync(server);
        }

        // Storms: ordinary API errors the model can read (isError), marked retryable; never guidance, never a hang.
        daemon.Fault = ChaosFault.ServerErrorStorm;
        var storm = new[] { await CallAsync(server), await CallAsync(server), await CallAsync(server) };
        Assert.All(storm, reply => Assert.True(reply.IsError && reply.Json.GetProperty("retryable").GetBoolean(), reply.Json.ToString()));
        Assert.Equal(
            ["HTTP_502", "INTERNAL_ERROR", "SERVICE_UNAVAILABLE"],
            storm.Select(reply => reply.Json.GetProperty("code").GetString()).Order());
        daemon.Fault = ChaosFault.RateLimitStorm;
        for (var i = 0; i < 2; i++)
        {
            var reply = await CallAsync(server);
            Assert.True(reply.IsError && reply.Json.GetProperty("code").GetString() == "RATE_LIMITED" && reply.Json.GetProperty("retryable").GetBoolean(), reply.Json.ToString());
        }

        daemon.Fault = ChaosFault.None;
        await AssertWorksAsync(server);

        // Kill switch: guidance while it is on. Activating it revokes every session, so once it is
        // off the old token is refused: session_expired until the owner issues a new token, picked up without restart.
        daemon.Fault = ChaosFault.KillSwitch;
        sessions.RevokeAll();
        Assert.Equal("kill_switch_active", (await CallAsync(server)).Status);
        daemon.Fault = ChaosFault.None;
        Assert.Equal("session_expired", (await CallAsync(server)).Status);
        Assert.Equal("session_expired", (await CallAsync(server)).Status);
        TokenFileOnDisk.Write(dir.Path, sessions.Issue("s-2"));
        await AssertWorksAsync(server);

        // Revoked while a new token is already in the file (`waiaas mcp setup` ran first): the refused call re-reads the
        // file and retries with the new token, so the model never sees the revocation.
        sessions.RevokeAll();
        TokenFileOnDisk.Write(dir.Path, sessions.Issue("s-3"));
        await AssertWorksAsync(server);

        // Revoked with nothing new: session_expired, then the next call after a new token file appears works.
        sessions.RevokeAll();
        Assert.Equal("session_expired", (await CallAsync(server)).Status);
        TokenFileOnDisk.Write(dir.Path, sessions.Issue("s-4"));
        await AssertWorksAsync(server);

        server.CloseStdin();
        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(3)));
        JsonRpcLines.Parse(server.StdoutBytes());
        Assert.True(sessions.WasIssued(File.ReadAllText(tokenFile)));
        SecretScan.AssertNoToken(
            sessions.Issued,
            [SecretScan.Bytes("stdout", server.StdoutBytes()), ("stderr", server.Stderr), .. SecretScan.FilesExcept(dir.Path, tokenFile)]);
    }

    private async Task AssertWorksAsync(ServerProcess server)
    {
        var reply = await CallAsync(server);
        Assert.False(reply.IsError, reply.Json.ToString());
        Assert.Equal(ChaosDaemon.Balance, reply.Json.GetRawText());
    }

    /// <summary>One get_balance call, asserted to come back within <see cref="CallLimit"/>.</summary>
    private async Task<ToolReply> CallAsync(ServerProcess server)
    {
        var clock = Stopwatch.StartNew();
        var response = await server.RequestAsync(++_nextId, "tools/call", ToolReply.GetBalanceCall, CallLimit);
        Assert.True(clock.Elapsed < CallLimit, $"call {_nextId} took {clock.Elapsed}");
        return ToolReply.From(response);
    }
}
