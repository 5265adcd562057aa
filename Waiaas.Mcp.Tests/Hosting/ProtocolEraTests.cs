using System.Text.Json;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.Hosting;

/// <summary>
/// What a session does in each era of MCP, seen as raw JSON-RPC: the 2025 handshake sessions and the stateless
/// 2026-07-28 ones (per-request <c>_meta</c>, <c>server/discover</c>, change notifications only on
/// <c>subscriptions/listen</c> streams). docs/protocol.md lists each row these prove.
/// </summary>
public sealed class ProtocolEraTests : IAsyncLifetime
{
    private const string ToolListChanged = "notifications/tools/list_changed";
    private const string Acknowledged = "notifications/subscriptions/acknowledged";
    private const string SubscriptionIdKey = "io.modelcontextprotocol/subscriptionId";

    private readonly TaskCompletionSource _providersReleased = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private FakeDaemon _daemon = null!;

    public async Task InitializeAsync()
    {
        _daemon = await FakeDaemon.StartAsync();
        // The action tools arrive when the test releases them: that is the change to announce.
        _daemon.Preempt = request => request.PathAndQuery == "/v1/actions/providers"
            ? new FakeResponse(200, FakeDaemon.ReadFixture("GET-v1-actions-providers.200.json"), _providersReleased.Task)
            : null;
    }

    public async Task DisposeAsync()
    {
        _providersReleased.TrySetResult();
        await _daemon.DisposeAsync();
    }

    [Fact]
    public async Task SubscriptionsListen_InputEndsWhileItIsOpen_EndedWithItsResultAndTheServerStops()
    {
        // The drain at end of input never times out on the fake clock: a subscription left open would hang here.
        await using var server = RawServer.Start();
        await server.SendAsync(
            RawServer.StatelessRequest("discover", "server/discover"),
            RawServer.StatelessRequest("listen", "subscriptions/listen", ListenFor("toolsListChanged")));
        await server.NextAsync(message => RawServer.IsNotification(message, Acknowledged));

        await server.CloseInputAsync();

        var ended = JsonRpcLines.ResponseTo(server.Received, "listen");
        Assert.Equal(JsonValueKind.Object, ended.GetProperty("result").ValueKind);
        Assert.Equal("waiaas-wallet", ServerInfoOf(ended.GetProperty("result")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task ToolListChanged_HandshakeSessionBeforeInitialized_HeldUntilTheClientHasInitialized()
    {
        await using var server = StartWithDaemon();
        await server.SendAsync(RawServer.Initialize);
        await server.ResponseAsync("init");

        // tools/list waits for the providers, so the list has changed by the time it answers; the ping answer after it
        // would trail any notification sent meanwhile.
        _providersReleased.SetResult();
        await server.RequestAsync(1, "tools/list");
        await server.RequestAsync(2, "ping");
        Assert.DoesNotContain(server.Received, message => RawServer.IsNotification(message, ToolListChanged));

        await server.SendAsync(JsonRpcLines.Initialized);
        var changed = await server.NextAsync(message => RawServer.IsNotification(message, ToolListChanged));

        Assert.False(changed.TryGetProperty("params", out var parameters) && parameters.TryGetProperty("_meta", out _));
    }

    [Fact]
    public async Task ToolListChanged_StatelessSessionWithoutSubscription_NothingSent()
    {
        await using var server = StartWithDaemon();
        await server.SendAsync(RawServer.StatelessRequest("discover", "server/discover"));
        await server.ResponseAsync("discover");

        _providersReleased.SetResult();
        await server.SendAsync(RawServer.StatelessRequest(1, "tools/list"));
        await server.ResponseAsync(1);
        await server.SendAsync(RawServer.StatelessRequest(2, "resources/list"));
        await server.ResponseAsync(2);

        Assert.DoesNotContain(server.Received, message => RawServer.IsNotification(message, ToolListChanged));
    }

    [Fact]
    public async Task ToolListChanged_StatelessSessionWithSubscriptions_SentOnlyOnTheOneAskingForToolsTaggedWithItsId()
    {
        await using var server = StartWithDaemon();
        await server.SendAsync(
            RawServer.StatelessRequest("discover", "server/discover"),
            RawServer.StatelessRequest("listen-tools", "subscriptions/listen", ListenFor("toolsListChanged")),
            RawServer.StatelessRequest("listen-resources", "subscriptions/listen", ListenFor("resourcesListChanged")));
        await server.NextAsync(message => IsFor(message, Acknowledged, "listen-tools"));
        await server.NextAsync(message => IsFor(message, Acknowledged, "listen-resources"));

        _providersReleased.SetResult();
        var changed = await server.NextAsync(message => RawServer.IsNotification(message, ToolListChanged));
        await server.SendAsync(RawServer.StatelessRequest(1, "tools/list"));
        await server.ResponseAsync(1);

        Assert.Equal("listen-tools", SubscriptionId(changed));
        Assert.Single(server.Received, message => RawServer.IsNotification(message, ToolListChanged));
    }

    [Theory]
    [InlineData("2026-07-28")]
    [InlineData("2099-01-01")]
    [InlineData("draft")]
    public async Task Initialize_VersionTheHandshakeDoesNotHave_AnsweredWithTheNewestHandshakeVersion(string requested)
    {
        await using var server = RawServer.Start();

        var answer = await server.RequestAsync(
            "init", "initialize", $$$"""{"protocolVersion":"{{{requested}}}","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}""");

        Assert.Equal("2025-11-25", answer.GetProperty("result").GetProperty("protocolVersion").GetString());
    }

    private RawServer StartWithDaemon()
    {
        var now = DateTimeOffset.UtcNow;
        return RawServer.Start(new ServerConfiguration
        {
            BaseUrl = _daemon.BaseUrl,
            SessionToken = TestTokens.Create("s-1", now, now.AddHours(1)),
        });
    }

    /// <summary>The params of a subscriptions/listen asking for one kind of change notification.</summary>
    private static string ListenFor(string notification) => $"\"notifications\":{{\"{notification}\":true}}";

    private static bool IsFor(JsonElement message, string method, string subscriptionId) =>
        RawServer.IsNotification(message, method) && SubscriptionId(message) == subscriptionId;

    private static string? SubscriptionId(JsonElement notification) =>
        notification.TryGetProperty("params", out var parameters)
        && parameters.TryGetProperty("_meta", out var meta)
        && meta.TryGetProperty(SubscriptionIdKey, out var id)
            ? id.GetString()
            : null;

    private static JsonElement ServerInfoOf(JsonElement result) =>
        result.GetProperty("_meta").GetProperty("io.modelcontextprotocol/serverInfo");
}
