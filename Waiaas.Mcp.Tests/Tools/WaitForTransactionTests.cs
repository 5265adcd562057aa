using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Tests.Support;
using Waiaas.Mcp.Tools.Composite;

namespace Waiaas.Mcp.Tests.Tools;

/// <summary>
/// wait_for_transaction through a real MCP client and the production wiring, in both protocol eras, against the fake
/// daemon answering real transaction bodies. Time is a <see cref="FakeTimeProvider"/>: each poll happens because the test
/// advances it, right after the progress report that follows the poll before (the next poll is armed by then).
/// </summary>
public sealed class WaitForTransactionTests : IAsyncLifetime
{
    private const string TransactionId = "01a23064-231f-7c73-a3de-d5a5cd2a6c42";
    private const string TransactionPath = "/v1/transactions/" + TransactionId;
    private const string ProgressToken = "wait-1";

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly RecordingLoggerFactory _logs = new();
    private readonly ConcurrentQueue<string> _statuses = new();
    private readonly Channel<JsonNode> _progress = Channel.CreateUnbounded<JsonNode>();
    private FakeDaemon _daemon = null!;

    public async Task InitializeAsync()
    {
        _daemon = await FakeDaemon.StartAsync();
        _daemon.Preempt = ToolRequestTests.NoActionProviders;
        // The transaction moves through the statuses the test queued; the last one stays.
        _daemon.Fallback = request => request.PathAndQuery == TransactionPath
            ? Transaction(_statuses.Count > 1 && _statuses.TryDequeue(out var next) ? next : _statuses.TryPeek(out var last) ? last : "CONFIRMED")
            : new FakeResponse(200, """{"ok":true}""");
    }

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    public static TheoryData<string> Eras() => ["2025-11-25", "2026-07-28"];

    [Theory]
    [MemberData(nameof(Eras))]
    public async Task WaitForTransaction_PendingSubmittedConfirmed_AnswersConfirmedAndReportsEachStatusItWaitedInWithTheCallersToken(string era)
    {
        Queue("PENDING", "SUBMITTED", "CONFIRMED");
        await using var server = await StartAsync(era);

        var call = CallAsync(server, $$"""{"transaction_id":"{{TransactionId}}"}""");
        Assert.Contains("PENDING", await NextProgressMessageAsync(), StringComparison.Ordinal);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Contains("SUBMITTED", await NextProgressMessageAsync(), StringComparison.Ordinal);
        _time.Advance(TimeSpan.FromSeconds(1));
        var result = await call;

        Assert.Null(result.IsError);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Transaction("CONFIRMED").Body), JsonNode.Parse(Text(result))));
        // The last state is the answer, never a report just before it.
        Assert.False(_progress.Reader.TryRead(out _));
        Assert.Equal([TransactionPath, TransactionPath, TransactionPath], _daemon.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task WaitForTransaction_Queued_AnswersAtOnceWithAHintThatItDoesNotWaitForTheOwner()
    {
        Queue("QUEUED");
        await using var server = await StartAsync();

        var result = await CallAsync(server, $$"""{"transaction_id":"{{TransactionId}}"}""");

        var answer = JsonNode.Parse(Text(result))!;
        Assert.Null(result.IsError);
        Assert.Equal("QUEUED", answer["status"]!.GetValue<string>());
        Assert.Contains("can take hours", answer["hint"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(_daemon.Requests);
    }

    [Fact]
    public async Task WaitForTransaction_StillPendingAtTheTimeout_AnswersTheLastStateWithAnInFlightHintNotAnError()
    {
        Queue("PENDING");
        await using var server = await StartAsync();

        var call = CallAsync(server, $$"""{"transaction_id":"{{TransactionId}}","timeout_seconds":10}""");
        await NextProgressMessageAsync();
        _time.Advance(TimeSpan.FromSeconds(10));
        var result = await call;

        var answer = JsonNode.Parse(Text(result))!;
        Assert.Null(result.IsError);
        Assert.Equal("PENDING", answer["status"]!.GetValue<string>());
        Assert.StartsWith("Still PENDING after 10 s: the transaction is in flight, not failed.", answer["hint"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, _daemon.Requests.Count);
    }

    [Fact]
    public async Task WaitForTransaction_StatusUnchanged_ReportsAgainAfterFiveSeconds()
    {
        Queue("GAS_WAITING", "GAS_WAITING", "CONFIRMED");
        await using var server = await StartAsync();

        var call = CallAsync(server, $$"""{"transaction_id":"{{TransactionId}}"}""");
        var first = await NextProgressAsync();
        _time.Advance(WaitForTransaction.HeartbeatInterval);
        var heartbeat = await NextProgressAsync();
        _time.Advance(TimeSpan.FromSeconds(1));
        await call;

        Assert.Equal($"Transaction {TransactionId}: GAS_WAITING after 5 s", heartbeat["message"]!.GetValue<string>());
        Assert.Equal(0, first["progress"]!.GetValue<double>());
        Assert.Equal(WaitForTransaction.HeartbeatInterval.TotalSeconds, heartbeat["progress"]!.GetValue<double>());
        Assert.Equal(WaitForTransaction.DefaultTimeoutSeconds, heartbeat["total"]!.GetValue<double>());
    }

    [Theory]
    [MemberData(nameof(Eras))]
    public async Task WaitForTransaction_CallCancelled_StopsAtOnceAndSendsNoFurtherRequest(string era)
    {
        Queue("PENDING");
        await using var server = await StartAsync(era);
        using var cancel = new CancellationTokenSource();

        var call = CallAsync(server, $$"""{"transaction_id":"{{TransactionId}}"}""", cancel.Token);
        await NextProgressMessageAsync();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await call);
        await _logs.WaitForAsync(entry => entry.Message.Contains("canceled request", StringComparison.Ordinal));
        _time.Advance(TimeSpan.FromSeconds(WaitForTransaction.MaxTimeoutSeconds));
        // A request of its own after the advance: a poll still scheduled would have reached the daemon before it.
        await server.Client.CallToolAsync("get_balance", cancellationToken: TestTimeout.Token);

        Assert.Equal([TransactionPath, "/v1/wallet/balance"], _daemon.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task WaitForTransaction_WhileWaiting_PingsAndOtherCallsAreAnswered()
    {
        Queue("PENDING", "CONFIRMED");
        // ping is a 2025 method (2026-07-28 removed it).
        await using var server = await StartAsync("2025-11-25");

        var call = CallAsync(server, $$"""{"transaction_id":"{{TransactionId}}"}""");
        await NextProgressMessageAsync();
        await server.Client.PingAsync(cancellationToken: TestTimeout.Token);
        var other = await server.Client.CallToolAsync("get_balance", cancellationToken: TestTimeout.Token);
        Assert.False(call.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("CONFIRMED", JsonNode.Parse(Text(await call))!["status"]!.GetValue<string>());
        Assert.Equal("""{"ok":true}""", Text(other));
    }

    [Fact]
    public async Task WaitForTransaction_DaemonRefusesTheId_AnswersTheErrorAtOnce()
    {
        _daemon.Enqueue(FakeResponse.Fixture(400, "GET-v1-transactions-id.not-a-uuid.json"));
        await using var server = await StartAsync();

        var result = await CallAsync(server, """{"transaction_id":"not-a-uuid"}""");

        Assert.True(result.IsError);
        Assert.Equal("ACTION_VALIDATION_FAILED", JsonNode.Parse(Text(result))!["code"]!.GetValue<string>());
        Assert.Equal(["/v1/transactions/not-a-uuid"], _daemon.Requests.Select(r => r.PathAndQuery));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(5, 1)]
    [InlineData(10, 2)]
    [InlineData(17.5, 3.5)]
    [InlineData(25, 5)]
    [InlineData(300, 5)]
    public void PollInterval_TimeWaited_IsAFifthOfItFromOneToFiveSeconds(double waitedSeconds, double intervalSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(intervalSeconds), WaitForTransaction.PollInterval(TimeSpan.FromSeconds(waitedSeconds)));
    }

    /// <summary>The real transaction answer with <paramref name="status"/>.</summary>
    internal static FakeResponse Transaction(string status) => new(200,
        FakeDaemon.ReadFixture("GET-v1-transactions-id.transfer.200.json").Replace("\"CONFIRMED\"", $"\"{status}\"", StringComparison.Ordinal));

    private void Queue(params string[] statuses)
    {
        foreach (var status in statuses)
        {
            _statuses.Enqueue(status);
        }
    }

    private async Task<TestServer> StartAsync(string? era = null)
    {
        var now = _time.GetUtcNow();
        var server = await TestServer.StartAsync(
            new ServerConfiguration { BaseUrl = _daemon.BaseUrl, SessionToken = TestTokens.Create("s-1", now, now.AddHours(1)) },
            _time, _logs, era);
        server.Client.RegisterNotificationHandler(NotificationMethods.ProgressNotification, (notification, _) =>
        {
            _progress.Writer.TryWrite(notification.Params!);
            return ValueTask.CompletedTask;
        });
        return server;
    }

    private static Task<CallToolResult> CallAsync(TestServer server, string arguments, CancellationToken cancellationToken = default) =>
        server.Client.CallToolAsync(
            new CallToolRequestParams
            {
                Name = "wait_for_transaction",
                Arguments = JsonSerializer.Deserialize(arguments, TestJson.Default.DictionaryStringJsonElement),
                Meta = new JsonObject { ["progressToken"] = ProgressToken },
            },
            cancellationToken == default ? TestTimeout.Token : cancellationToken).AsTask();

    /// <summary>The next progress notification, checked to carry the caller's token.</summary>
    private async Task<JsonNode> NextProgressAsync()
    {
        var notification = await _progress.Reader.ReadAsync(TestTimeout.Token);
        Assert.Equal(ProgressToken, notification["progressToken"]!.GetValue<string>());
        return notification;
    }

    private async Task<string> NextProgressMessageAsync() => (await NextProgressAsync())["message"]!.GetValue<string>();

    private static string Text(CallToolResult result) => Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
}
