using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.Tools;

/// <summary>
/// Every vector of tool-catalog.json, static and action tools, through a real MCP client and the production wiring
/// against the recording fake daemon: the requests must be exactly the listed ones, and a vector that lists none is
/// refused with nothing sent. As the vectors assume, WAIAAS_WALLET_ID is unset: a <c>{walletId}</c> path is the
/// session's only wallet.
/// </summary>
public sealed class ToolRequestTests : IAsyncLifetime
{
    /// <summary>The one wallet of the fake daemon's session (connect-info fixture).</summary>
    internal const string SessionWalletId = "01a20cca-7af3-7883-800f-3c1b3d8dcc78";

    /// <summary>The wallet id the catalog's get_wallet_info vector expects the address answer to name.</summary>
    private const string AddressWalletId = "w-1";

    private FakeDaemon _daemon = null!;
    private TestServer _server = null!;
    private int _warmUpRequests;

    public static TheoryData<string, string> Vectors()
    {
        var data = new TheoryData<string, string>();
        foreach (var (tool, vector) in AllVectors())
        {
            data.Add(tool, vector["case"]!.GetValue<string>());
        }

        return data;
    }

    public async Task InitializeAsync()
    {
        _daemon = await FakeDaemon.StartAsync();
        _daemon.Fallback = AnswerByPath;
        _daemon.Preempt = ServeProvidersWithTestAction;
        var now = DateTimeOffset.UtcNow;
        var configuration = new ServerConfiguration
        {
            BaseUrl = _daemon.BaseUrl,
            SessionToken = TestTokens.Create("s-1", now, now.AddHours(1)),
        };
        _server = await TestServer.StartAsync(configuration, new FakeTimeProvider(now));

        // The session's wallet is looked up once per token: look it up now, so each vector shows only its own requests.
        await _server.Client.CallToolAsync("waiaas_pm_get_pnl", cancellationToken: TestContext.Timeout);
        await _server.Client.ListToolsAsync(cancellationToken: TestContext.Timeout);
        _warmUpRequests = _daemon.Requests.Count;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _daemon.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public async Task CallTool_CatalogVector_SendsExactlyTheListedRequests(string tool, string vectorCase)
    {
        var vector = AllVectors().Single(v => v.Tool == tool && v.Vector["case"]!.GetValue<string>() == vectorCase).Vector;
        var arguments = vector["args"]!.AsObject().ToDictionary(p => p.Key, p => (object?)JsonSerializer.SerializeToElement(p.Value, TestJson.Default.JsonNode));

        var result = await _server.Client.CallToolAsync(tool, arguments, cancellationToken: TestContext.Timeout);

        var expected = vector["requests"]!.AsArray();
        var actual = _daemon.Requests.Skip(_warmUpRequests).ToList();
        Assert.Equal(expected.Count, actual.Count);
        if (expected.Count == 0 && !IsAnsweredLocally(tool))
        {
            Assert.True(result.IsError, $"{tool}/{vectorCase} sent nothing, so it must be refused");
        }

        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i]!["method"]!.GetValue<string>(), actual[i].Method);
            Assert.Equal(expected[i]!["url"]!.GetValue<string>().Replace("{walletId}", SessionWalletId, StringComparison.Ordinal), actual[i].PathAndQuery);
            if (expected[i]!["body"] is { } body)
            {
                Assert.True(JsonNode.DeepEquals(body, JsonNode.Parse(actual[i].Body)), $"body {actual[i].Body} != {body.ToJsonString()}");
            }
            else
            {
                Assert.Equal(string.Empty, actual[i].Body);
            }
        }
    }

    [Fact]
    public async Task CallTool_DaemonAnswersJson_ResultIsTheCompactDaemonJson()
    {
        var result = await _server.Client.CallToolAsync("get_address", cancellationToken: TestContext.Timeout);

        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(AddressAnswer()), JsonNode.Parse(text)));
        Assert.DoesNotContain('\n', text);
    }

    /// <summary>resolve_asset answers native coins, Solana tokens and unknown chains itself, without being an error.</summary>
    private static bool IsAnsweredLocally(string tool) => tool == "resolve_asset";

    /// <summary>Every vector: the static tools' and the action tools' (which name their tool).</summary>
    private static IEnumerable<(string Tool, JsonNode Vector)> AllVectors()
    {
        foreach (var tool in CatalogFixture.Tools().Where(t => t["daemonAuth"] is null))
        {
            foreach (var vector in tool["vectors"]!.AsArray())
            {
                yield return (tool["name"]!.GetValue<string>(), vector!);
            }
        }

        foreach (var vector in CatalogFixture.Root["actionProviderTools"]!["vectors"]!.AsArray())
        {
            yield return (vector!["tool"]!.GetValue<string>(), vector);
        }
    }

    /// <summary>
    /// Real daemon bodies by path: the address answer names wallet w-1 (as the get_wallet_info vector says), connect-info
    /// reports an enabled RPC proxy, base-mainnet's registry holds USDC and ethereum-mainnet's does not hold 0x1111...;
    /// anything else answers a small JSON object.
    /// </summary>
    internal static FakeResponse AnswerByPath(RecordedRequest request)
    {
        var path = request.PathAndQuery.Split('?')[0];
        return (path, request.PathAndQuery) switch
        {
            ("/v1/wallet/address", _) => new FakeResponse(200, AddressAnswer()),
            ("/v1/wallets/w-1/networks", _) => FakeResponse.Fixture(200, "GET-v1-wallets-id-networks.200.json"),
            ("/v1/wallets/w-1", _) => FakeResponse.Fixture(200, "GET-v1-wallets-id.200.json"),
            ("/v1/connect-info", _) => new FakeResponse(200, ConnectInfoWithRpcProxy()),
            (_, "/v1/tokens?network=base-mainnet") => new FakeResponse(200,
                """{"network":"base-mainnet","tokens":[{"address":"0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913","symbol":"USDC","name":"USD Coin","decimals":6,"assetId":"eip155:8453/erc20:0x833589fcd6edb6e08f4c7c32d4f71b54bda02913"}]}"""),
            ("/v1/tokens", _) => FakeResponse.Fixture(200, "GET-v1-tokens.200.json"),
            ("/v1/tokens/resolve", _) => FakeResponse.Fixture(200, "GET-v1-tokens-resolve.200.json"),
            _ => new FakeResponse(200, """{"ok":true}"""),
        };
    }

    internal static string AddressAnswer() =>
        FakeDaemon.ReadFixture("GET-v1-wallet-address.200.json").Replace("01a20cca-7af3-7883-800f-3c1b3d8dcc78", AddressWalletId, StringComparison.Ordinal);

    internal static string ConnectInfoWithRpcProxy()
    {
        var info = JsonNode.Parse(FakeDaemon.ReadFixture("GET-v1-connect-info.200.json"))!;
        info["rpcProxy"] = new JsonObject { ["enabled"] = true, ["baseUrl"] = "http://127.0.0.1:3100/v1/rpc-evm" };
        return info.ToJsonString();
    }

    /// <summary>The real provider list plus the catalog's free-form test action p/a; background fetches stay out of the recordings.</summary>
    internal static FakeResponse? ServeProvidersWithTestAction(RecordedRequest request)
    {
        if (request.PathAndQuery != "/v1/actions/providers")
        {
            return null;
        }

        var providers = JsonNode.Parse(FakeDaemon.ReadFixture("GET-v1-actions-providers.200.json"))!;
        providers["providers"]!.AsArray().Add(JsonNode.Parse(
            """{"name":"p","mcpExpose":true,"requiresApiKey":false,"hasApiKey":false,"isEnabled":true,"actions":[{"name":"a","description":"A test action without an input schema.","chain":"ethereum","riskLevel":"low","defaultTier":"INSTANT"}]}"""));
        return new FakeResponse(200, providers.ToJsonString());
    }

    /// <summary>The background action-tools fetch gets an empty provider list and stays out of the recordings.</summary>
    internal static FakeResponse? NoActionProviders(RecordedRequest request) =>
        request.PathAndQuery == "/v1/actions/providers" ? new FakeResponse(200, """{"providers":[]}""") : null;
}
