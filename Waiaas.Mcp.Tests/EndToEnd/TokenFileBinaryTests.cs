using System.Runtime.Versioning;
using System.Text.Json;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.EndToEnd;

/// <summary>
/// Against the published binary over stdio (the unit tests in Session/TokenFileTests cover the same rules in
/// process): the token file a renewal writes, symlinked and shared token files, and no token anywhere in stdout,
/// stderr (at trace level) or any file but the token file.
/// </summary>
[Collection(PublishedBinaryCollection.Name)]
[Trait("Category", "Binary")]
public sealed class TokenFileBinaryTests
{
    private const string WalletId = "w-1";
    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Binary_RenewalAtTraceLevel_WritesOwnerOnlyFileInOwnerOnlyFolderAndLeaksNoToken()
    {
        using var data = new TempDirectory();
        await using var daemon = await FakeDaemon.StartAsync();
        daemon.Preempt = request => request.PathAndQuery == "/v1/actions/providers" ? new FakeResponse(200, """{"providers":[]}""") : null;
        var now = DateTimeOffset.UtcNow;
        // 70 % of the lifetime has passed: the renewal point (60 %) is behind, so it renews at once.
        var oldToken = TestTokens.Create("s-1", now.AddHours(-7), now.AddHours(3));
        var newToken = TestTokens.Create("s-1", now, now.AddHours(10));
        daemon.Enqueue(FakeResponse.RenewalOk(newToken));
        daemon.Fallback = _ => new FakeResponse(200, """{"balance":"1"}""");
        using var server = ServerProcess.Start(new Dictionary<string, string>
        {
            ["WAIAAS_BASE_URL"] = daemon.BaseUrl.ToString(),
            ["WAIAAS_DATA_DIR"] = data.Path,
            ["WAIAAS_WALLET_ID"] = WalletId,
            ["WAIAAS_SESSION_TOKEN"] = oldToken,
            ["WAIAAS_MCP_LOG_LEVEL"] = "trace",
        });
        await server.WriteLinesAsync(JsonRpcLines.Initialize, JsonRpcLines.Initialized);

        var renewal = await daemon.NextRequestAsync();
        Assert.Equal("PUT /v1/sessions/s-1/renew", $"{renewal.Method} {renewal.PathAndQuery}");
        var folder = data.Combine("mcp-tokens");
        var tokenFile = Path.Join(folder, WalletId);
        // Logged once the new token is saved and in use: the call below must carry it.
        await server.WaitForStderrAsync("Session s-1 renewed", TimeSpan.FromSeconds(10));
        await server.WriteLinesAsync(JsonRpcLines.Request(1, "tools/call", """{"name":"get_balance","arguments":{}}"""));
        var call = await daemon.NextRequestAsync();
        server.CloseStdin();

        Assert.Equal(0, await server.WaitForExitAsync(ExitLimit));
        Assert.Equal($"Bearer {newToken}", call.Header("Authorization"));
        Assert.Equal(newToken, File.ReadAllText(tokenFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        }
        JsonRpcLines.Parse(server.StdoutBytes());
        SecretScan.AssertNoToken(
            [oldToken, newToken],
            [SecretScan.Bytes("stdout", server.StdoutBytes()), ("stderr", server.Stderr), .. SecretScan.FilesExcept(data.Path, tokenFile)]);
    }

    [UnixFact("Windows lets only administrators and developer mode create symbolic links, and has no Unix permission bits")]
    [UnsupportedOSPlatform("windows")]
    public async Task Binary_SymlinkedTokenFile_RefusedWithReasonAndToolsAnswerSessionExpired()
    {
        using var data = new TempDirectory();
        var now = DateTimeOffset.UtcNow;
        var token = TestTokens.Create("s-1", now, now.AddHours(1));
        var target = data.Combine("elsewhere");
        File.WriteAllText(target, token);
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.CreateSymbolicLink(data.Combine("mcp-token"), target);

        var (server, balance) = await CallGetBalanceAsync(data.Path, daemonUrl: "http://127.0.0.1:9");
        using (server)
        {
            Assert.Equal("session_expired", JsonDocument.Parse(balance).RootElement.GetProperty("status").GetString());
            Assert.Contains("symbolic link", server.Stderr, StringComparison.Ordinal);
            SecretScan.AssertNoToken([token], SecretScan.Bytes("stdout", server.StdoutBytes()), ("stderr", server.Stderr));
        }
    }

    [UnixFact("Windows has no Unix permission bits: a token file cannot be world-readable that way")]
    [UnsupportedOSPlatform("windows")]
    public async Task Binary_WorldReadableTokenFile_UsedWithWarning()
    {
        using var data = new TempDirectory();
        await using var daemon = await FakeDaemon.StartAsync();
        daemon.Preempt = request => request.PathAndQuery == "/v1/actions/providers" ? new FakeResponse(200, """{"providers":[]}""") : null;
        daemon.Fallback = _ => new FakeResponse(200, """{"balance":"1"}""");
        var now = DateTimeOffset.UtcNow;
        var token = TestTokens.Create("s-1", now, now.AddHours(1));
        var file = data.Combine("mcp-token");
        File.WriteAllText(file, token);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var (server, balance) = await CallGetBalanceAsync(data.Path, daemon.BaseUrl.ToString());
        using (server)
        {
            Assert.Equal("1", JsonDocument.Parse(balance).RootElement.GetProperty("balance").GetString());
            Assert.Equal($"Bearer {token}", Assert.Single(daemon.Requests).Header("Authorization"));
            Assert.Contains("readable by other users", server.Stderr, StringComparison.Ordinal);
            SecretScan.AssertNoToken([token], SecretScan.Bytes("stdout", server.StdoutBytes()), ("stderr", server.Stderr));
        }
    }

    [UnixFact("Windows has no FIFOs at a file path (named pipes live under \\\\.\\pipe\\)")]
    public async Task Binary_FifoAtTheTokenPathAndAValidEnvironmentToken_RefusesTheFifoAndToolCallsAnswer()
    {
        using var data = new TempDirectory();
        await using var daemon = await FakeDaemon.StartAsync();
        daemon.Preempt = request => request.PathAndQuery == "/v1/actions/providers" ? new FakeResponse(200, """{"providers":[]}""") : null;
        daemon.Fallback = _ => new FakeResponse(200, """{"balance":"1"}""");
        var now = DateTimeOffset.UtcNow;
        var token = TestTokens.Create("s-1", now, now.AddHours(1));
        // Opening a FIFO to read blocks until someone writes: the old server never finished starting its session.
        SpecialFiles.Fifo(data.Combine("mcp-tokens", WalletId));
        using var server = ServerProcess.Start(new Dictionary<string, string>
        {
            ["WAIAAS_BASE_URL"] = daemon.BaseUrl.ToString(),
            ["WAIAAS_DATA_DIR"] = data.Path,
            ["WAIAAS_WALLET_ID"] = WalletId,
            ["WAIAAS_SESSION_TOKEN"] = token,
        });
        await server.InitializeAsync();

        for (var id = 1; id <= 2; id++)
        {
            var reply = ToolReply.From(await server.RequestAsync(id, "tools/call", ToolReply.GetBalanceCall, TimeSpan.FromSeconds(10)));
            Assert.Equal("1", reply.Json.GetProperty("balance").GetString());
        }

        server.CloseStdin();
        Assert.Equal(0, await server.WaitForExitAsync(ExitLimit));
        Assert.All(daemon.Requests, request => Assert.Equal($"Bearer {token}", request.Header("Authorization")));
        Assert.Single(server.Stderr.Split('\n'), line => line.Contains("FIFO", StringComparison.Ordinal));
        SecretScan.AssertNoToken([token], SecretScan.Bytes("stdout", server.StdoutBytes()), ("stderr", server.Stderr));
    }

    /// <summary>Starts the binary on <paramref name="dataDir"/>, calls get_balance, closes stdin; returns the exited server and the tool text.</summary>
    private static async Task<(ServerProcess Server, string Text)> CallGetBalanceAsync(string dataDir, string daemonUrl)
    {
        var server = ServerProcess.Start(new Dictionary<string, string>
        {
            ["WAIAAS_BASE_URL"] = daemonUrl,
            ["WAIAAS_DATA_DIR"] = dataDir,
            ["WAIAAS_MCP_LOG_LEVEL"] = "trace",
        });
        await server.WriteLinesAsync(
            JsonRpcLines.Initialize,
            JsonRpcLines.Initialized,
            JsonRpcLines.Request(1, "tools/call", """{"name":"get_balance","arguments":{}}"""));
        server.CloseStdin();

        Assert.Equal(0, await server.WaitForExitAsync(ExitLimit));
        var answer = JsonRpcLines.ResponseTo(JsonRpcLines.Parse(server.StdoutBytes()), 1);
        var text = answer.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString()!;
        return (server, text);
    }
}
