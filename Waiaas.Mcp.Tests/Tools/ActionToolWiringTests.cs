using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.Tools;

/// <summary>The action tools fetched in the background, listed, called, and announced with list_changed.</summary>
public sealed class ActionToolWiringTests : IAsyncLifetime
{
    private FakeDaemon _daemon = null!;

    public async Task InitializeAsync()
    {
        _daemon = await FakeDaemon.StartAsync();
        _daemon.Fallback = _ => new FakeResponse(200, """{"id":"tx-1","status":"PENDING"}""");
    }

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    [Fact]
    public async Task ToolsList_DaemonServesProviders_ListsStaticAndActionTools()
    {
        _daemon.Preempt = AnswerProviders(Task.CompletedTask);
        await using var server = await StartServerAsync();

        var tools = await server.Client.ListToolsAsync(cancellationToken: TestTimeout.Token);

        ListedTools.AssertAre(ListedTools.StaticAndFixtureActions, tools.Select(t => t.Name));
    }

    [Fact]
    public async Task CallTool_ActionTool_PostsToTheActionWithParams()
    {
        _daemon.Preempt = AnswerProviders(Task.CompletedTask);
        await using var server = await StartServerAsync();

        var result = await server.Client.CallToolAsync(
            "action_jupiter_swap_swap",
            new Dictionary<string, object?> { ["inputMint"] = "So1", ["outputMint"] = "EPj", ["amount"] = "1000", ["network"] = "solana-mainnet" },
            cancellationToken: TestTimeout.Token);

        Assert.NotEqual(true, result.IsError);
        var request = Assert.Single(_daemon.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/actions/jupiter_swap/swap", request.PathAndQuery);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"params":{"inputMint":"So1","outputMint":"EPj","amount":"1000"},"network":"solana-mainnet"}"""),
            JsonNode.Parse(request.Body)));
    }

    [Fact]
    public async Task ToolsList_ProvidersArriveLate_AnnouncesListChangedThenListsThem()
    {
        var gate = new TaskCompletionSource();
        _daemon.Preempt = AnswerProviders(gate.Task);
        await using var server = await StartServerAsync();
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = OnToolListChanged(server, changed);

        gate.SetResult();
        await changed.Task.WaitAsync(TestTimeout.Token);
        var tools = await server.Client.ListToolsAsync(cancellationToken: TestTimeout.Token);

        ListedTools.AssertAre(ListedTools.StaticAndFixtureActions, tools.Select(t => t.Name));
    }

    [Fact]
    public async Task ToolsList_FirstFetchFailed_RetriesAndAnnouncesTheToolsWhenTheDaemonAnswers()
    {
        var daemonReady = false;
        _daemon.Preempt = request => request.PathAndQuery != "/v1/actions/providers"
            ? null
            : Volatile.Read(ref daemonReady)
                ? new FakeResponse(200, FakeDaemon.ReadFixture("GET-v1-actions-providers.200.json"))
                : FakeResponse.Error(500, "INTERNAL_ERROR", "not ready", retryable: true);
        await using var server = await StartServerAsync();
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = OnToolListChanged(server, changed);

        var before = await server.Client.ListToolsAsync(cancellationToken: TestTimeout.Token);
        Volatile.Write(ref daemonReady, true);
        await server.Client.ListToolsAsync(cancellationToken: TestTimeout.Token);
        await changed.Task.WaitAsync(TestTimeout.Token);
        var after = await server.Client.ListToolsAsync(cancellationToken: TestTimeout.Token);

        ListedTools.AssertAre(ListedTools.Static, before.Select(t => t.Name));
        ListedTools.AssertAre(ListedTools.StaticAndFixtureActions, after.Select(t => t.Name));
    }

    [Fact]
    public async Task CallTool_FirstFetchFailedThenDaemonAnswersACall_AnnouncesTheActionTools()
    {
        var daemonReady = false;
        var providerRequests = 0;
        var firstTwoFailed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _daemon.Preempt = request =>
        {
            if (request.PathAndQuery != "/v1/actions/providers")
            {
                return null;
            }

            if (Volatile.Read(ref daemonReady))
            {
                return new FakeResponse(200, FakeDaemon.ReadFixture("GET-v1-actions-providers.200.json"));
            }

            if (Interlocked.Increment(ref providerRequests) == 2)
            {
                firstTwoFailed.TrySetResult();
            }

            return FakeResponse.Error(500, "INTERNAL_ERROR", "not ready", retryable: true);
        };
        await using var server = await StartServerAsync();
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = OnToolListChanged(server, changed);

        // The first fetch fails, and so does the retry this tools/list starts.
        var before = await server.Client.ListToolsAsync(cancellationToken: TestTimeout.Token);
        await firstTwoFailed.Task.WaitAsync(TestTimeout.Token);

        // The client never lists tools again: an ordinary call that the daemon answers is enough.
        Volatile.Write(ref daemonReady, true);
        await server.Client.CallToolAsync("get_address", cancellationToken: TestTimeout.Token);
        await changed.Task.WaitAsync(TestTimeout.Token);
        var after = await server.Client.ListToolsAsync(cancellationToken: TestTimeout.Token);

        ListedTools.AssertAre(ListedTools.Static, before.Select(t => t.Name));
        ListedTools.AssertAre(ListedTools.StaticAndFixtureActions, after.Select(t => t.Name));
    }

    [Fact]
    public async Task ToolsList_NoSessionToken_ListsStaticToolsWithoutWaiting()
    {
        await using var server = await TestServer.StartAsync();

        var tools = await server.Client.ListToolsAsync(cancellationToken: TestTimeout.Token);

        ListedTools.AssertAre(ListedTools.Static, tools.Select(t => t.Name));
        Assert.Empty(_daemon.Requests);
    }

    [Fact]
    public async Task Dispose_ProvidersFetchNeverAnswers_StopsTheFetchAndShutsDown()
    {
        var fetching = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _daemon.Preempt = request =>
        {
            if (request.PathAndQuery != "/v1/actions/providers")
            {
                return null;
            }

            fetching.TrySetResult();
            return new FakeResponse(200, "{}", new TaskCompletionSource().Task);
        };
        var server = await StartServerAsync();
        await fetching.Task.WaitAsync(TestTimeout.Token);

        // Shutdown owns the background fetch: it is cancelled and awaited, not left running.
        await server.DisposeAsync().AsTask().WaitAsync(TestTimeout.Token);
    }

    private static IAsyncDisposable OnToolListChanged(TestServer server, TaskCompletionSource changed) =>
        server.Client.RegisterNotificationHandler(
            NotificationMethods.ToolListChangedNotification,
            (_, _) =>
            {
                changed.TrySetResult();
                return ValueTask.CompletedTask;
            });

    private static Func<RecordedRequest, FakeResponse?> AnswerProviders(Task gate) => request =>
        request.PathAndQuery == "/v1/actions/providers"
            ? new FakeResponse(200, FakeDaemon.ReadFixture("GET-v1-actions-providers.200.json"), gate)
            : null;

    private async Task<TestServer> StartServerAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var configuration = new ServerConfiguration
        {
            BaseUrl = _daemon.BaseUrl,
            SessionToken = TestTokens.Create("s-1", now, now.AddHours(1)),
        };
        // A 2025 session: list_changed is broadcast there (ProtocolEraTests covers the subscriptions of 2026-07-28).
        return await TestServer.StartAsync(configuration, new FakeTimeProvider(now), protocolVersion: "2025-11-25");
    }
}
