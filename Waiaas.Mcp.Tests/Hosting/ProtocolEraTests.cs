using System.Text.Json;
using System.Text.Json.Nodes;
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

        // Read just before the input ends: its reply is still due then.
        await server.SendAsync(RawServer.StatelessRequest("last", "tools/list"));
        await server.CloseInputAsync();

        var ended = JsonRpcLines.ResponseTo(server.Received, "listen").GetProperty("result");
        Assert.Equal(["_meta"], ended.EnumerateObject().Select(property => property.Name));
        Assert.Equal("waiaas-wallet", ServerInfoOf(ended).GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Array, JsonRpcLines.ResponseTo(server.Received, "last").GetProperty("result").GetProperty("tools").ValueKind);
    }

    [Theory]
    [InlineData("\"toolsListChanged\":true", "toolsListChanged")]
    [InlineData("\"resourcesListChanged\":true", "resourcesListChanged")]
    [InlineData("\"toolsListChanged\":true,\"resourcesListChanged\":true,\"promptsListChanged\":true", "resourcesListChanged,toolsListChanged")]
    public async Task SubscriptionsListen_NotificationsAsked_AcknowledgedWithThoseItCanSend(string asked, string granted)
    {
        await using var server = RawServer.Start();

        await server.SendAsync(RawServer.StatelessRequest("listen", "subscriptions/listen", $"\"notifications\":{{{asked}}}"));
        var acknowledgement = await server.NextAsync(message => IsFor(message, Acknowledged, "listen"));

        // This server has no prompts: only changes it can announce are granted.
        var notifications = acknowledgement.GetProperty("params").GetProperty("notifications").EnumerateObject().ToList();
        Assert.Equal(granted.Split(','), notifications.Select(n => n.Name).Order(StringComparer.Ordinal));
        Assert.All(notifications, n => Assert.Equal(JsonValueKind.True, n.Value.ValueKind));
    }

    [Fact]
    public async Task ServerDiscover_StatelessClient_OffersOnlyTheStatelessVersionAndTheHandshakeCapabilitiesWithoutLogging()
    {
        await using var stateless = RawServer.Start();
        await using var handshake = RawServer.Start();

        await stateless.SendAsync(RawServer.StatelessRequest("discover", "server/discover"));
        var discovered = (await stateless.ResponseAsync("discover")).GetProperty("result");
        await handshake.SendAsync(RawServer.Initialize);
        var initialized = (await handshake.ResponseAsync("init")).GetProperty("result");

        Assert.Equal(["2026-07-28"], discovered.GetProperty("supportedVersions").EnumerateArray().Select(version => version.GetString()));
        var expected = JsonNode.Parse(initialized.GetProperty("capabilities").GetRawText())!.AsObject();
        Assert.True(expected.Remove("logging"), $"the handshake advertises logging (the SDK's own): {expected.ToJsonString()}");
        var actual = JsonNode.Parse(discovered.GetProperty("capabilities").GetRawText());
        Assert.True(JsonNode.DeepEquals(expected, actual), $"discovered {actual!.ToJsonString()}; the handshake's without logging: {expected.ToJsonString()}");
    }

    [Fact]
    public async Task StatelessSession_AnyResult_CarriesServerInfoAndResultTypeAndListsAndReadsArePrivateWithNoTtl()
    {
        await using var server = RawServer.Start();
        string[] listsAndReads = ["server/discover", "tools/list", "resources/list", "resources/templates/list", "resources/read"];

        // Each request's id is its method.
        await server.SendAsync(
            RawServer.StatelessRequest("server/discover", "server/discover"),
            RawServer.StatelessRequest("tools/list", "tools/list"),
            RawServer.StatelessRequest("resources/list", "resources/list"),
            RawServer.StatelessRequest("resources/templates/list", "resources/templates/list"),
            RawServer.StatelessRequest("resources/read", "resources/read", "\"uri\":\"waiaas://system/status\""),
            RawServer.StatelessRequest("tools/call", "tools/call", "\"name\":\"connect_info\",\"arguments\":{}"));

        foreach (var method in listsAndReads.Append("tools/call"))
        {
            var result = (await server.ResponseAsync(method)).GetProperty("result");
            Assert.Equal("waiaas-wallet", ServerInfoOf(result).GetProperty("name").GetString());
            Assert.Equal("complete", result.GetProperty("resultType").GetString());
            if (listsAndReads.Contains(method))
            {
                Assert.Equal(0, result.GetProperty("ttlMs").GetInt32());
                Assert.Equal("private", result.GetProperty("cacheScope").GetString());
            }
        }
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
