using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Tests.Support;
using Waiaas.Mcp.Tools;

namespace Waiaas.Mcp.Tests.Tools;

/// <summary>
/// With WAIAAS_WALLET_ID set and no wallet_id given, every tool that takes a wallet sends the configured one, wherever
/// its route takes it (path, query or body): the daemon only picks a wallet by itself for single-wallet sessions and
/// answers WALLET_ID_REQUIRED to a multi-wallet token.
/// </summary>
public sealed class ConfiguredWalletTests : IAsyncLifetime
{
    private const string ConfiguredWalletId = "w-config";

    private FakeDaemon _daemon = null!;
    private TestServer _server = null!;

    public static TheoryData<string> ToolsWithAnOptionalWallet()
    {
        var data = new TheoryData<string>();
        foreach (var tool in ToolCatalog.All.Where(t => t.Wallet is { IsRequired: false } && t.Executor is null))
        {
            data.Add(tool.Name);
        }

        return data;
    }

    public async Task InitializeAsync()
    {
        _daemon = await FakeDaemon.StartAsync();
        CatalogVectors.Serve(_daemon);
        var now = DateTimeOffset.UtcNow;
        _server = await TestServer.StartAsync(
            new ServerConfiguration { BaseUrl = _daemon.BaseUrl, SessionToken = TestTokens.Create("s-1", now, now.AddHours(1)), WalletId = ConfiguredWalletId },
            new FakeTimeProvider(now));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _daemon.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(ToolsWithAnOptionalWallet))]
    public async Task CallTool_WalletNotGiven_SendsTheConfiguredWalletWhereTheRouteTakesIt(string name)
    {
        var tool = ToolCatalog.Find(name)!;
        var vector = CatalogVectors.Find(name, "required-only");

        await _server.Client.CallToolAsync(name, CatalogVectors.Arguments(vector), cancellationToken: TestTimeout.Token);

        var request = Assert.Single(_daemon.Requests);
        var wallet = tool.Wallet!;
        switch (wallet.Location)
        {
            case ArgumentLocation.Path:
                Assert.Contains($"/{ConfiguredWalletId}", request.PathAndQuery.Split('?')[0], StringComparison.Ordinal);
                break;
            case ArgumentLocation.Query:
                Assert.Contains($"{wallet.DaemonField}={ConfiguredWalletId}", request.PathAndQuery.Split('?').ElementAtOrDefault(1) ?? string.Empty, StringComparison.Ordinal);
                break;
            default:
                Assert.Equal(ConfiguredWalletId, JsonNode.Parse(request.Body)![wallet.DaemonField]!.GetValue<string>());
                break;
        }
    }

    [Fact]
    public async Task CallTool_WalletGiven_SendsItInsteadOfTheConfiguredOne()
    {
        await _server.Client.CallToolAsync("get_balance", new Dictionary<string, object?> { ["wallet_id"] = "w-given" }, cancellationToken: TestTimeout.Token);

        Assert.Equal("/v1/wallet/balance?walletId=w-given", Assert.Single(_daemon.Requests).PathAndQuery);
    }
}
