using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.Tools;

/// <summary>
/// Tool calls beyond one declared request, against the recording fake daemon: wallet resolution for
/// <c>{walletId}</c> paths, the custom executors, and bad arguments that must never reach the daemon.
/// </summary>
public sealed class ToolExecutionTests : IAsyncLifetime
{
    private const string SessionWalletId = "01a20cca-7af3-7883-800f-3c1b3d8dcc78";

    private FakeDaemon _daemon = null!;

    public async Task InitializeAsync()
    {
        _daemon = await FakeDaemon.StartAsync();
        _daemon.Preempt = ToolRequestTests.NoActionProviders;
    }

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    [Fact]
    public async Task CallTool_NestedBadArgument_IsErrorNamingThePathAndSendsNothing()
    {
        await using var server = await StartServerAsync();

        var result = await CallAsync(server, "send_token", """{"to":"0xb","amount":"1","gas_condition":{"max_gas_price":"1","timeout":"soon"}}""");

        Assert.True(result.IsError);
        var body = JsonDocument.Parse(Text(result)).RootElement;
        Assert.Equal("INVALID_ARGUMENTS", body.GetProperty("code").GetString());
        Assert.Contains("'gas_condition.timeout' must be an integer from 60 to 86400, got a string", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(_daemon.Requests);
    }

    [Theory]
    [InlineData("POST-v1-transactions-send.gas-condition-invalid.json", "`gas_condition.timeout`: Number must be greater than or equal to 60. Correct it and call again.")]
    [InlineData("POST-v1-transactions-simulate.without-type.json", "`type`: Invalid discriminator value.")]
    public async Task CallTool_DaemonRejectsAField_HintNamesTheArgumentThatSentIt(string fixture, string named)
    {
        _daemon.Enqueue(FakeResponse.Fixture(400, fixture));
        await using var server = await StartServerAsync();

        var result = await CallAsync(server, "send_token", """{"to":"0xb","amount":"1","gas_condition":{"max_gas_price":"1","timeout":600}}""");

        Assert.True(result.IsError);
        var hint = JsonDocument.Parse(Text(result)).RootElement.GetProperty("hint").GetString();
        Assert.StartsWith("The daemon rejected " + named, hint, StringComparison.Ordinal);
        Assert.DoesNotContain("camelCase", hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallTool_WalletPathWithoutWalletIdInSingleWalletSession_UsesTheSessionWalletAndAsksOnce()
    {
        _daemon.Fallback = CatalogVectors.AnswerByPath;
        await using var server = await StartServerAsync();

        await CallAsync(server, "waiaas_hl_get_positions", "{}");
        await CallAsync(server, "waiaas_pm_get_balance", "{}");

        Assert.Equal(
            ["/v1/connect-info", $"/v1/wallets/{SessionWalletId}/hyperliquid/positions", $"/v1/wallets/{SessionWalletId}/polymarket/balance"],
            _daemon.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task CallTool_WalletPathWithoutWalletIdInMultiWalletSession_IsErrorAskingForWalletIdAndNeverDefault()
    {
        var info = JsonNode.Parse(FakeDaemon.ReadFixture("GET-v1-connect-info.200.json"))!;
        var second = info["wallets"]![0]!.DeepClone();
        second["id"] = "w-second";
        second["name"] = "solana-main";
        info["wallets"]!.AsArray().Add(second);
        _daemon.Enqueue(new FakeResponse(200, info.ToJsonString()));
        await using var server = await StartServerAsync();

        var result = await CallAsync(server, "waiaas_hl_get_account_state", "{}");

        Assert.True(result.IsError);
        var body = JsonDocument.Parse(Text(result)).RootElement;
        Assert.Equal("WALLET_ID_REQUIRED", body.GetProperty("code").GetString());
        Assert.Contains($"{SessionWalletId} (evm-testnet), w-second (solana-main)", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("wallet_id", body.GetProperty("hint").GetString(), StringComparison.Ordinal);
        Assert.Equal(["/v1/connect-info"], _daemon.Requests.Select(r => r.PathAndQuery));
        Assert.DoesNotContain(_daemon.Requests, r => r.PathAndQuery.Contains("default", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CallTool_WalletPathWithWalletIdArgument_UsesItWithoutAskingTheSession()
    {
        _daemon.Fallback = CatalogVectors.AnswerByPath;
        await using var server = await StartServerAsync();

        await CallAsync(server, "waiaas_hl_get_sub_positions", """{"wallet_id":"w/../x","sub_account":"0xsub"}""");

        Assert.Equal(["/v1/wallets/w%2F%2E%2E%2Fx/hyperliquid/sub-accounts/0xsub/positions"], _daemon.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task CallTool_WalletPathWithConfiguredWalletId_UsesItWithoutAskingTheSession()
    {
        _daemon.Fallback = CatalogVectors.AnswerByPath;
        await using var server = await StartServerAsync(walletId: "w-env");

        await CallAsync(server, "list_offchain_actions", """{"venue":"polymarket"}""");

        Assert.Equal(["/v1/wallets/w-env/actions?venue=polymarket"], _daemon.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task CallTool_WalletPathWhileDaemonRefusesConnectInfo_AnswersTheDaemonOutcome()
    {
        _daemon.Enqueue(FakeResponse.Fixture(503, "any-call.kill-switch-active.json"));
        await using var server = await StartServerAsync();

        var result = await CallAsync(server, "waiaas_pm_get_pnl", "{}");

        Assert.NotEqual(true, result.IsError);
        Assert.Equal("kill_switch_active", JsonDocument.Parse(Text(result)).RootElement.GetProperty("status").GetString());
        Assert.Single(_daemon.Requests);
    }

    [Fact]
    public async Task CallTool_GetWalletInfo_CarriesTheNetworkNamesOfAvailableNetworks()
    {
        _daemon.Fallback = CatalogVectors.AnswerByPath;
        await using var server = await StartServerAsync();

        var result = await CallAsync(server, "get_wallet_info", "{}");

        var body = JsonNode.Parse(Text(result))!;
        Assert.Equal("w-1", body["walletId"]!.GetValue<string>());
        Assert.Equal(
            ["ethereum-sepolia", "polygon-amoy", "arbitrum-sepolia", "optimism-sepolia", "base-sepolia", "hyperevm-testnet"],
            body["networks"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("evm-testnet", body["name"]!.GetValue<string>());
        Assert.Equal("eoa", body["accountType"]!.GetValue<string>());
    }

    [Fact]
    public async Task CallTool_GetWalletInfoForWalletOutsideSession_AnswersTheDaemonErrorAndStops()
    {
        _daemon.Enqueue(FakeResponse.Fixture(403, "GET-v1-wallet-address.wallet-not-in-session.json"));
        await using var server = await StartServerAsync();

        var result = await CallAsync(server, "get_wallet_info", """{"wallet_id":"other"}""");

        Assert.True(result.IsError);
        Assert.Equal("WALLET_ACCESS_DENIED", JsonDocument.Parse(Text(result)).RootElement.GetProperty("code").GetString());
        Assert.Single(_daemon.Requests);
    }

    [Fact]
    public async Task CallTool_ResolveAssetNative_AnswersLocallyWithoutRequest()
    {
        await using var server = await StartServerAsync();

        var result = await CallAsync(server, "resolve_asset", """{"asset_id":"eip155:1/slip44:60"}""");

        var body = JsonNode.Parse(Text(result))!;
        Assert.Equal("eip155:1", body["chainId"]!.GetValue<string>());
        Assert.True(body["native"]!.GetValue<bool>());
        Assert.Empty(_daemon.Requests);
    }

    [Fact]
    public async Task CallTool_ResolveAssetToken_LooksItUpInTheRegistryOfTheChainsNetwork()
    {
        _daemon.Enqueue(new FakeResponse(200, """{"network":"base-mainnet","tokens":[{"address":"0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913","symbol":"USDC","name":"USD Coin","decimals":6,"source":"builtin","assetId":null}]}"""));
        await using var server = await StartServerAsync();

        var result = await CallAsync(server, "resolve_asset", """{"asset_id":"eip155:8453/erc20:0x833589fcd6edb6e08f4c7c32d4f71b54bda02913"}""");

        Assert.NotEqual(true, result.IsError);
        var body = JsonNode.Parse(Text(result))!;
        Assert.Equal("base-mainnet", body["network"]!.GetValue<string>());
        Assert.Equal("USDC", body["token"]!["symbol"]!.GetValue<string>());
        Assert.Equal(["/v1/tokens?network=base-mainnet"], _daemon.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task CallTool_ResolveAssetTokenMissingFromTheRegistry_ReadsItOnChain()
    {
        _daemon.Enqueue(new FakeResponse(200, """{"network":"ethereum-mainnet","tokens":[]}"""), FakeResponse.Fixture(200, "GET-v1-tokens-resolve.200.json"));
        await using var server = await StartServerAsync();

        var result = await CallAsync(server, "resolve_asset", """{"asset_id":"eip155:1/erc20:0xdead"}""");

        Assert.NotEqual(true, result.IsError);
        Assert.Equal(
            JsonNode.Parse(FakeDaemon.ReadFixture("GET-v1-tokens-resolve.200.json"))!["symbol"]!.GetValue<string>(),
            JsonNode.Parse(Text(result))!["token"]!["symbol"]!.GetValue<string>());
        Assert.Equal(["/v1/tokens?network=ethereum-mainnet", "/v1/tokens/resolve?network=ethereum-mainnet&address=0xdead"], _daemon.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task CallTool_ResolveAssetXrplTokenMissingFromTheRegistry_IsErrorPointingToGetTokens()
    {
        _daemon.Enqueue(new FakeResponse(200, """{"network":"xrpl-mainnet","tokens":[]}"""));
        await using var server = await StartServerAsync();

        var result = await CallAsync(server, "resolve_asset", """{"asset_id":"xrpl:0/token:USD.rIssuer"}""");

        Assert.True(result.IsError);
        var body = JsonDocument.Parse(Text(result)).RootElement;
        Assert.Equal("ASSET_NOT_FOUND", body.GetProperty("code").GetString());
        Assert.Contains("get_tokens", body.GetProperty("hint").GetString(), StringComparison.Ordinal);
        Assert.Single(_daemon.Requests);
    }

    [Theory]
    [InlineData("solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp/token:EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v", false, "solana-mainnet")]
    [InlineData("eip155:424242/slip44:60", false, null)]
    [InlineData("eip155:424242/erc20:0x1", true, null)]
    public async Task CallTool_ResolveAssetWithoutARegistryToAsk_AnswersLocally(string assetId, bool isError, string? network)
    {
        await using var server = await StartServerAsync();

        var result = await CallAsync(server, "resolve_asset", $$"""{"asset_id":"{{assetId}}"}""");

        Assert.Equal(isError, result.IsError == true);
        if (network is not null)
        {
            Assert.Equal(network, JsonNode.Parse(Text(result))!["network"]!.GetValue<string>());
        }

        Assert.Empty(_daemon.Requests);
    }

    [Fact]
    public async Task CallTool_ResolveAssetNotCaip19_IsErrorNamingAssetIdWithoutRequest()
    {
        await using var server = await StartServerAsync();

        var result = await CallAsync(server, "resolve_asset", """{"asset_id":"USDC"}""");

        Assert.True(result.IsError);
        Assert.Contains("'asset_id' must be a CAIP-19 asset id", Text(result), StringComparison.Ordinal);
        Assert.Empty(_daemon.Requests);
    }

    [Fact]
    public async Task CallTool_GetRpcProxyUrlWhileProxyDisabled_IsErrorSayingSo()
    {
        _daemon.Enqueue(FakeResponse.Fixture(200, "GET-v1-connect-info.200.json"));
        await using var server = await StartServerAsync();

        var result = await CallAsync(server, "get_rpc_proxy_url", """{"wallet_id":"w-1","chain_id":8453}""");

        Assert.True(result.IsError);
        Assert.Equal("RPC_PROXY_DISABLED", JsonDocument.Parse(Text(result)).RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task CallTool_GetRpcProxyUrlWhileProxyEnabled_AnswersWalletAndChainUrl()
    {
        _daemon.Fallback = CatalogVectors.AnswerByPath;
        await using var server = await StartServerAsync();

        var result = await CallAsync(server, "get_rpc_proxy_url", """{"wallet_id":"w-1","chain_id":8453}""");

        Assert.Equal("http://127.0.0.1:3100/v1/rpc-evm/w-1/8453", JsonNode.Parse(Text(result))!["url"]!.GetValue<string>());
    }

    private async Task<TestServer> StartServerAsync(string? walletId = null)
    {
        var now = DateTimeOffset.UtcNow;
        var configuration = new ServerConfiguration
        {
            BaseUrl = _daemon.BaseUrl,
            SessionToken = TestTokens.Create("s-1", now, now.AddHours(1)),
            WalletId = walletId,
        };
        return await TestServer.StartAsync(configuration, new FakeTimeProvider(now));
    }

    private static async Task<CallToolResult> CallAsync(TestServer server, string tool, string argumentsJson)
    {
        var arguments = JsonDocument.Parse(argumentsJson).RootElement.EnumerateObject()
            .ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
        return await server.Client.CallToolAsync(tool, arguments, cancellationToken: TestTimeout.Token);
    }

    private static string Text(CallToolResult result) =>
        Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
}
