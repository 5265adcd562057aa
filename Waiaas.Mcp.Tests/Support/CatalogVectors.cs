using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Waiaas.Mcp.Tests.Support;

/// <summary>
/// The vectors of tool-catalog.json (static and action tools), the fake daemon answers they assume, and the check that
/// a call sent exactly a vector's requests. As the vectors assume, WAIAAS_WALLET_ID is unset: a <c>{walletId}</c> path
/// is the session's only wallet, looked up once per token (<see cref="WarmUpAsync"/> does that before the vectors run).
/// </summary>
public static class CatalogVectors
{
    /// <summary>The one wallet of the fake daemon's session (connect-info fixture).</summary>
    public const string SessionWalletId = "01a20cca-7af3-7883-800f-3c1b3d8dcc78";

    /// <summary>The wallet id the catalog's get_wallet_info vector expects the address answer to name.</summary>
    private const string AddressWalletId = "w-1";

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var (tool, vector) in All())
        {
            data.Add(tool, vector["case"]!.GetValue<string>());
        }

        return data;
    }

    /// <summary>Every vector: the static tools' (master-password tools are not offered) and the action tools' (which name their tool).</summary>
    public static IEnumerable<(string Tool, JsonNode Vector)> All()
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

    public static JsonNode Find(string tool, string vectorCase) =>
        All().Single(v => v.Tool == tool && v.Vector["case"]!.GetValue<string>() == vectorCase).Vector;

    public static Dictionary<string, object?> Arguments(JsonNode vector) =>
        vector["args"]!.AsObject().ToDictionary(p => p.Key, p => (object?)JsonSerializer.SerializeToElement(p.Value, TestJson.Default.JsonNode));

    /// <summary>Serves the fake daemon the way the vectors assume; call before the client connects.</summary>
    public static void Serve(FakeDaemon daemon)
    {
        daemon.Fallback = AnswerByPath;
        daemon.Preempt = ServeProvidersWithTestAction;
    }

    /// <summary>Looks the session's wallet up and fetches the action tools, so each vector shows only its own requests.</summary>
    public static async Task WarmUpAsync(McpClient client)
    {
        await client.CallToolAsync("waiaas_pm_get_pnl", cancellationToken: TestTimeout.Token);
        await client.ListToolsAsync(cancellationToken: TestTimeout.Token);
    }

    /// <summary>The call's requests are exactly the vector's; a vector without requests was refused (or answered locally).</summary>
    public static void AssertSent(string tool, JsonNode vector, CallToolResult result, IReadOnlyList<RecordedRequest> actual)
    {
        var expected = vector["requests"]!.AsArray();
        Assert.Equal(expected.Count, actual.Count);
        if (expected.Count == 0 && tool != "resolve_asset")
        {
            // resolve_asset answers native coins, Solana tokens and unknown chains itself, without being an error.
            Assert.True(result.IsError, $"{tool}/{vector["case"]} sent nothing, so it must be refused");
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

    /// <summary>
    /// Real daemon bodies by path: the address answer names wallet w-1 (as the get_wallet_info vector says), connect-info
    /// reports an enabled RPC proxy, base-mainnet's registry holds USDC and ethereum-mainnet's does not hold 0x1111...;
    /// anything else answers a small JSON object.
    /// </summary>
    public static FakeResponse AnswerByPath(RecordedRequest request)
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

    public static string AddressAnswer() =>
        FakeDaemon.ReadFixture("GET-v1-wallet-address.200.json").Replace(SessionWalletId, AddressWalletId, StringComparison.Ordinal);

    public static string ConnectInfoWithRpcProxy()
    {
        var info = JsonNode.Parse(FakeDaemon.ReadFixture("GET-v1-connect-info.200.json"))!;
        info["rpcProxy"] = new JsonObject { ["enabled"] = true, ["baseUrl"] = "http://127.0.0.1:3100/v1/rpc-evm" };
        return info.ToJsonString();
    }

    /// <summary>The real provider list plus the catalog's free-form test action p/a; background fetches stay out of the recordings.</summary>
    public static FakeResponse? ServeProvidersWithTestAction(RecordedRequest request)
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
}
