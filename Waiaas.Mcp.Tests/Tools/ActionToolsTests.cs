using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Waiaas.Mcp.Tests.Support;
using Waiaas.Mcp.Tools;
using Waiaas.Mcp.Tools.Catalog;

namespace Waiaas.Mcp.Tests.Tools;

/// <summary>The action_* tools declared from the daemon's real provider list.</summary>
public sealed class ActionToolsTests
{
    [Fact]
    public void FromProviders_RealProviderList_DeclaresOneToolPerExposedAction()
    {
        var tools = ActionTools.FromProviders(Providers());

        Assert.Equal(68, tools.Count);
        Assert.Equal(tools.Count, tools.Select(t => t.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.All(tools, t =>
        {
            Assert.StartsWith("action_", t.Name, StringComparison.Ordinal);
            Assert.InRange(t.Name.Length, 1, 64);
            Assert.InRange(t.Description.Length, 1, 1024);
            Assert.Equal(ToolHints.Spend, t.Hints);
            Assert.Null(ToolCatalog.Find(t.Name));
        });
    }

    [Fact]
    public void FromProviders_ProviderNotExposed_IsLeftOut()
    {
        var answer = JsonNode.Parse(FakeDaemon.ReadFixture("GET-v1-actions-providers.200.json"))!;
        foreach (var provider in answer["providers"]!.AsArray())
        {
            provider!["mcpExpose"] = provider["name"]!.GetValue<string>() == "jupiter_swap";
        }

        var tools = ActionTools.FromProviders(JsonDocument.Parse(answer.ToJsonString()).RootElement);

        Assert.Equal(["action_jupiter_swap_swap"], tools.Select(t => t.Name));
    }

    [Fact]
    public void Schema_JupiterSwap_KeepsParameterTypesAndAddsNetworkWalletAndGas()
    {
        var tool = ActionTools.FromProviders(Providers()).Single(t => t.Name == "action_jupiter_swap_swap");

        var schema = ToolSchema.Build(tool);

        var properties = schema.GetProperty("properties");
        Assert.Equal(
            ["inputMint", "outputMint", "amount", "humanAmount", "decimals", "slippageBps", "network", "wallet_id", "gas_condition"],
            properties.EnumerateObject().Select(p => p.Name));
        Assert.Equal("integer", properties.GetProperty("decimals").GetProperty("type").GetString());
        Assert.Equal(["inputMint", "outputMint"], schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.False(schema.TryGetProperty("anyOf", out _));
    }

    [Fact]
    public void Build_ActionCall_PutsParametersUnderParamsBesideNetworkWalletAndGas()
    {
        var tool = ActionTools.FromProviders(Providers()).Single(t => t.Name == "action_jupiter_swap_swap");
        Assert.True(ArgumentBinder.TryBind(
            tool,
            Parse("""{"inputMint":"So1","outputMint":"EPj","amount":"1000","network":"solana-mainnet","wallet_id":"w","gas_condition":{"timeout":60}}"""),
            out var arguments,
            out var error), error);

        var request = RequestBuilder.Build(tool, arguments);

        Assert.Equal("/v1/actions/jupiter_swap/swap", request.PathAndQuery);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"params":{"inputMint":"So1","outputMint":"EPj","amount":"1000"},"network":"solana-mainnet","walletId":"w","gasCondition":{"timeout":60}}"""),
            JsonNode.Parse(Encoding.UTF8.GetString(request.Body!.Value.Span))));
    }

    [Fact]
    public void Build_ActionWithParameterNamedNetwork_SendsNetworkOnceBesideParams()
    {
        var tool = ActionTools.FromProviders(Providers()).Single(t => t.Name == "action_aave_v3_aave_supply");
        Assert.Single(tool.Arguments, a => a.Name == "network");
        Assert.True(ArgumentBinder.TryBind(tool, Parse("""{"asset":"0xa","network":"base-mainnet"}"""), out var arguments, out var error), error);

        var body = JsonNode.Parse(Encoding.UTF8.GetString(RequestBuilder.Build(tool, arguments).Body!.Value.Span))!;

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"params":{"asset":"0xa"},"network":"base-mainnet"}"""), body));
    }

    [Fact]
    public void Build_ActionCallWithoutParameters_LeavesParamsOut()
    {
        var tool = ActionTools.FromProviders(Providers()).Single(t => t.Name == "action_jupiter_swap_swap");

        var request = RequestBuilder.Build(tool, new Dictionary<string, JsonElement>());

        Assert.Equal("{}", Encoding.UTF8.GetString(request.Body!.Value.Span));
    }

    [Fact]
    public void FromProviders_ActionWithoutInputSchema_TakesFreeFormParams()
    {
        var answer = JsonDocument.Parse("""{"providers":[{"name":"p","mcpExpose":true,"actions":[{"name":"a","description":"Do it","chain":"ethereum","riskLevel":"low"}]}]}""");

        var tool = Assert.Single(ActionTools.FromProviders(answer.RootElement));

        Assert.Equal(["params", "network", "wallet_id", "gas_condition"], tool.Arguments.Select(a => a.Name));
        Assert.Equal("Do it. (provider p, chain: ethereum, risk: low; policies apply and it may wait for owner approval)", tool.Description);
    }

    private static JsonElement Providers() =>
        JsonDocument.Parse(FakeDaemon.ReadFixture("GET-v1-actions-providers.200.json")).RootElement;

    private static Dictionary<string, JsonElement> Parse(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
}
