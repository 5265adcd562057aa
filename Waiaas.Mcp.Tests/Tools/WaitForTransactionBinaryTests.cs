using System.Text.Json;
using System.Text.Json.Nodes;
using Waiaas.Mcp.Tests.EndToEnd;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.Tools;

/// <summary>
/// wait_for_transaction in the published binary over real stdio, read line by line as a client sees it, in both protocol
/// eras: progress notifications carry the caller's token, a cancelled wait sends the daemon nothing more and is never
/// answered, and a signal ends a wait at once.
/// </summary>
[Trait("Category", "Binary")]
[Collection(PublishedBinaryCollection.Name)]
public sealed class WaitForTransactionBinaryTests : IAsyncLifetime
{
    private const string TransactionId = "01a23064-231f-7c73-a3de-d5a5cd2a6c42";
    private const string TransactionPath = "/v1/transactions/" + TransactionId;
    private const string ProgressToken = "wait-7";
    private const string Modern = "2026-07-28";

    private static readonly TimeSpan Answered = TimeSpan.FromSeconds(15);

    private FakeDaemon _daemon = null!;
    private string[] _statuses = [];

    public async Task InitializeAsync()
    {
        _daemon = await FakeDaemon.StartAsync();
        _daemon.Preempt = ToolRequestTests.NoActionProviders;
        // The n-th poll sees the n-th status; the last one stays.
        _daemon.Fallback = request => request.PathAndQuery == TransactionPath
            ? WaitForTransactionTests.Transaction(_statuses[Math.Min(_daemon.Requests.Count, _statuses.Length) - 1])
            : FakeResponse.Error(404, "NOT_FOUND", "Not found");
    }

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    public static TheoryData<string> Eras() => ["2025-06-18", Modern];

    [Theory]
    [MemberData(nameof(Eras))]
    public async Task Binary_PendingSubmittedConfirmed_AnswersConfirmedAfterProgressCarryingTheCallersToken(string era)
    {
        _statuses = ["PENDING", "SUBMITTED", "CONFIRMED"];
        using var server = await StartAsync(era);

        await server.WriteLinesAsync(WaitCall(7, era));
        var reply = await server.WaitForResponseAsync(7, Answered);

        var result = reply.GetProperty("result");
        Assert.False(result.TryGetProperty("isError", out _));
        var transaction = JsonDocument.Parse(result.GetProperty("content")[0].GetProperty("text").GetString()!).RootElement;
        Assert.Equal("CONFIRMED", transaction.GetProperty("status").GetString());
        var messages = JsonRpcLines.Parse(server.StdoutBytes());
        var progress = messages.TakeWhile(m => !JsonRpcLines.IsResponseTo(m, 7))
            .Where(m => m.TryGetProperty("method", out var method) && method.GetString() == "notifications/progress")
            .Select(m => m.GetProperty("params"))
            .ToList();
        Assert.All(progress, p => Assert.Equal(ProgressToken, p.GetProperty("progressToken").GetString()));
        // Each status it waited in; the last one is the answer, never a report just before it.
        Assert.Equal(["PENDING", "SUBMITTED"], progress.Select(p => p.GetProperty("message").GetString()!.Split(' ')[2]));
        Assert.Equal([TransactionPath, TransactionPath, TransactionPath], _daemon.Requests.Select(r => r.PathAndQuery));
    }

    [Theory]
    [MemberData(nameof(Eras))]
    public async Task Binary_WaitCancelled_SendsTheDaemonNothingMoreAndIsNeverAnswered(string era)
    {
        _statuses = ["PENDING"];
        using var server = await StartAsync(era, logLevel: "debug");

        await server.WriteLinesAsync(WaitCall(7, era));
        await server.WaitForOutputAsync("\"notifications/progress\"", Answered);
        await server.WriteLinesAsync("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":7,"reason":"user stopped"}}""");
        await server.WaitForStderrAsync("canceled request '7'", Answered);
        // Absence takes a window to observe: three seconds hold at least two polls at the rate before the cancellation.
        await Task.Delay(TimeSpan.FromSeconds(3));
        await server.WriteLinesAsync(Request(8, "tools/list", [], era));
        await server.WaitForResponseAsync(8, Answered);

        Assert.Equal([TransactionPath], _daemon.Requests.Select(r => r.PathAndQuery));
        Assert.DoesNotContain(JsonRpcLines.Parse(server.StdoutBytes()), m => JsonRpcLines.IsResponseTo(m, 7));
    }

    [Fact]
    public async Task Binary_SigTermDuringAWait_ExitsZeroAtOnce()
    {
        _statuses = ["PENDING"];
        using var server = await StartAsync("2025-06-18");

        await server.WriteLinesAsync(WaitCall(7, "2025-06-18"));
        await server.WaitForOutputAsync("\"notifications/progress\"", Answered);
        server.Signal(15);

        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(3)));
        Assert.DoesNotContain(JsonRpcLines.Parse(server.StdoutBytes()), m => JsonRpcLines.IsResponseTo(m, 7));
    }

    private async Task<ServerProcess> StartAsync(string era, string logLevel = "info")
    {
        var now = DateTimeOffset.UtcNow;
        var server = ServerProcess.Start(new Dictionary<string, string>
        {
            ["WAIAAS_BASE_URL"] = _daemon.BaseUrl.ToString(),
            ["WAIAAS_SESSION_TOKEN"] = TestTokens.Create("s-1", now, now.AddHours(1)),
            ["WAIAAS_MCP_LOG_LEVEL"] = logLevel,
        });
        if (era != Modern)
        {
            // 2026-07-28 has no handshake: each request says its version and capabilities itself (Request).
            await server.InitializeAsync();
        }

        return server;
    }

    private static string WaitCall(int id, string era) => Request(id, "tools/call", new JsonObject
    {
        ["name"] = "wait_for_transaction",
        ["arguments"] = new JsonObject { ["transaction_id"] = TransactionId },
        ["_meta"] = new JsonObject { ["progressToken"] = ProgressToken },
    }, era);

    /// <summary>A request as a client of <paramref name="era"/> writes it: in 2026-07-28 with its version and capabilities in _meta.</summary>
    private static string Request(int id, string method, JsonObject parameters, string era)
    {
        if (era == Modern)
        {
            var meta = parameters["_meta"] as JsonObject ?? [];
            meta["io.modelcontextprotocol/protocolVersion"] = Modern;
            meta["io.modelcontextprotocol/clientCapabilities"] = new JsonObject();
            parameters["_meta"] = meta;
        }

        return JsonRpcLines.Request(id, method, parameters.ToJsonString());
    }
}
