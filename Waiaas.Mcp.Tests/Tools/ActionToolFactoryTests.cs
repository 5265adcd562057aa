using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Waiaas.Mcp.Tests.Support;
using Waiaas.Mcp.Tools;
using Waiaas.Mcp.Tools.Actions;
using Waiaas.Mcp.Tools.Checking;
using Waiaas.Mcp.Tools.Schema;

namespace Waiaas.Mcp.Tests.Tools;

/// <summary>The action_* tools declared from the daemon's real provider list, and from hostile ones.</summary>
public sealed class ActionToolFactoryTests
{
    private static readonly HashSet<string> StaticNames = ToolCatalog.All.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void FromProviders_RealProviderList_DeclaresOneValidToolPerExposedAction()
    {
        var declared = Declare(Providers());

        var expected = Providers().GetProperty("providers").EnumerateArray()
            .SelectMany(p => p.GetProperty("actions").EnumerateArray().Select(a => $"action_{p.GetProperty("name").GetString()}_{a.GetProperty("name").GetString()}"));
        Assert.Equal(expected, declared.Tools.Select(t => t.Name));
        Assert.Empty(declared.Skipped);
        Assert.All(declared.Tools, t =>
        {
            Assert.Matches("^[a-zA-Z0-9_-]{1,64}$", t.Name);
            Assert.InRange(t.Description.Length, 1, 1024);
            Assert.Same(ToolHints.Spend, t.Hints);
        });
    }

    [Fact]
    public void FromProviders_RealProviderList_EachToolTitledWithItsProviderAndAction()
    {
        var tools = Declare(Providers()).Tools;

        Assert.Equal("aave v3: aave supply", tools.Single(t => t.Name == "action_aave_v3_aave_supply").Title);
        Assert.All(tools, t => Assert.InRange(t.Title.Length, 1, 64));
        Assert.Equal(tools.Count, tools.Select(t => t.Title).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Schema_AaveSupply_IsTheCatalogExample()
    {
        var example = CatalogFixture.Root["actionProviderTools"]!["example"]!;
        var tool = Declare(Providers()).Tools.Single(t => t.Name == example["name"]!.GetValue<string>());

        var schema = ToolCatalogTests.WithoutDescriptions(JsonNode.Parse(SchemaWriter.Write(tool).GetRawText())!);

        Assert.True(JsonNode.DeepEquals(example["inputSchema"], schema), schema.ToJsonString());
    }

    [Fact]
    public void Description_ProviderWithoutItsApiKey_SaysTheToolCannotWorkYet()
    {
        var declared = Declare(Providers());

        Assert.Contains("API_KEY_REQUIRED", declared.Tools.Single(t => t.Name == "action_jupiter_swap_swap").Description, StringComparison.Ordinal);
        Assert.DoesNotContain("API_KEY_REQUIRED", declared.Tools.Single(t => t.Name == "action_lido_staking_stake").Description, StringComparison.Ordinal);
    }

    [Fact]
    public void FromProviders_ProviderNotExposed_IsLeftOut()
    {
        var answer = JsonNode.Parse(FakeDaemon.ReadFixture("GET-v1-actions-providers.200.json"))!;
        foreach (var provider in answer["providers"]!.AsArray())
        {
            provider!["mcpExpose"] = provider["name"]!.GetValue<string>() == "jupiter_swap";
        }

        Assert.Equal(["action_jupiter_swap_swap"], Declare(answer).Tools.Select(t => t.Name));
    }

    [Fact]
    public void Schema_ParameterBounds_KeepsEnumRangeLengthPatternAndStrictMinimum()
    {
        var tools = Declare(Providers()).Tools;

        var open = Properties(tools, "action_drift_perp_drift_open_position");
        Assert.Equal("""["LONG","SHORT"]""", open.GetProperty("direction").GetProperty("enum").GetRawText());
        Assert.Equal(100, open.GetProperty("leverage").GetProperty("maximum").GetInt32());
        Assert.Equal(1, open.GetProperty("market").GetProperty("minLength").GetInt32());
        Assert.Equal("^0x[a-fA-F0-9]{40}$", Properties(tools, "action_erc8004_agent_request_validation").GetProperty("validatorAddress").GetProperty("pattern").GetString());
        var cancel = Properties(tools, "action_xrpl_dex_cancel_order").GetProperty("offerSequence");
        Assert.Equal(0, cancel.GetProperty("exclusiveMinimum").GetInt32());
        Assert.False(cancel.TryGetProperty("minimum", out _));
        Assert.Equal("string", Properties(tools, "action_aave_v3_aave_repay").GetProperty("amount").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("action_drift_perp_drift_open_position", """{"market":"SOL","direction":"UP","size":"1","orderType":"MARKET"}""", "direction", nameof(ProblemKind.NotAllowed))]
    [InlineData("action_erc8004_agent_request_validation", """{"agentId":"1","validatorAddress":"0x12","requestDescription":"d"}""", "validatorAddress", nameof(ProblemKind.PatternMismatch))]
    [InlineData("action_xrpl_dex_cancel_order", """{"offerSequence":0}""", "offerSequence", nameof(ProblemKind.OutOfRange))]
    [InlineData("action_lido_staking_stake", """{"dry_run":"yes"}""", "dry_run", nameof(ProblemKind.WrongType))]
    public void Check_ActionArguments_KeepTheActionsOwnConstraints(string tool, string arguments, string path, string kind)
    {
        var call = ArgumentChecker.Check(Declare(Providers()).Tools.Single(t => t.Name == tool), Parse(arguments));

        Assert.Equal([(path, kind)], call.Problems.Select(p => (p.Path, p.Kind.ToString())));
    }

    [Fact]
    public void Build_AaveSupply_SendsNetworkInParamsAndInTheBody()
    {
        var tool = Declare(Providers()).Tools.Single(t => t.Name == "action_aave_v3_aave_supply");

        var request = RequestBuilder.Build(tool, Parse("""{"asset":"0xa","network":"base-mainnet","dry_run":true}"""));

        Assert.Equal("/v1/actions/aave_v3/aave_supply?dryRun=true", request.PathAndQuery);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"params":{"asset":"0xa","network":"base-mainnet"},"network":"base-mainnet"}"""), Body(request)));
        Assert.False(request.SafeToRepeat);
    }

    [Fact]
    public void Build_DryRunFalse_LeavesTheQueryOut()
    {
        var tool = Declare(Providers()).Tools.Single(t => t.Name == "action_lido_staking_stake");

        Assert.Equal("/v1/actions/lido_staking/stake", RequestBuilder.Build(tool, Parse("""{"dry_run":false}""")).PathAndQuery);
    }

    [Theory]
    [InlineData("action_hyperliquid_perp_hl_open_position")]
    [InlineData("action_hyperliquid_spot_hl_spot_buy")]
    [InlineData("action_hyperliquid_sub_hl_sub_transfer")]
    [InlineData("action_polymarket_order_pm_buy")]
    public void Check_DryRunOfAnOffchainAction_RefusedBecauseTheDaemonWouldExecuteIt(string name)
    {
        var tool = Declare(Providers()).Tools.Single(t => t.Name == name);

        var call = ArgumentChecker.Check(tool, Parse("""{"dry_run":true}"""));

        Assert.Contains(call.Problems, p => p.Path == "dry_run" && p.Kind == ProblemKind.NotAllowed);
        Assert.Contains("cannot be simulated", tool.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("wait_for_transaction, which", tool.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void FromProviders_BadActionsAmongGoodOnes_LeaveOutOnlyTheBadOnes()
    {
        var declared = Declare(JsonDocument.Parse("""
            {"providers":[
              {"name":"good","mcpExpose":true,"actions":[
                {"name":"one","description":"Cut emoji \ud83d here"},
                {"name":"two","inputSchema":{"type":"object","properties":{"bad name!":{"type":"string"}}}},
                {"name":"three","inputSchema":{"type":"object","properties":{"wallet_id":{"type":"string"}}}},
                {"name":"","description":"no name"},
                {"name":"..","description":"a dot segment"},
                {"name":"four","inputSchema":{"type":"object","properties":{"x":{"type":"string","enum":[1,"a"]},"y":{"type":["string","null"]}}}}
              ]},
              {"name":"nameless-actions","mcpExpose":true,"actions":"not a list"},
              {"name":"ok","mcpExpose":true,"actions":[{"name":"fine"}]}
            ]}
            """).RootElement);

        Assert.Equal(["action_good_one", "action_good_two", "action_good_three", "action_good_four", "action_ok_fine"], declared.Tools.Select(t => t.Name));
        Assert.Contains("Cut emoji \uFFFD here", declared.Tools[0].Description, StringComparison.Ordinal);
        Assert.Equal("params", declared.Tools[1].Arguments[0].Name);
        Assert.Equal("params", declared.Tools[2].Arguments[0].Name);
        Assert.Equal([SchemaType.String, SchemaType.Any], declared.Tools[3].Arguments.Take(2).Select(a => a.Schema.Type));
        Assert.Equal(2, declared.Skipped.Count);
    }

    [Fact]
    public void Names_AmbiguousLongAndInvalid_AreValidUniqueAndStable()
    {
        var names = ActionToolNames.Assign(
            [("a_b", "c"), ("a", "b_c"), ("p", new string('x', 80)), ("p", "x y"), ("p", "ok"), ("", "empty")],
            new HashSet<string>(StringComparer.Ordinal));
        var again = ActionToolNames.Assign([("a", "b_c")], new HashSet<string>(StringComparer.Ordinal) { "action_a_b_c" });

        Assert.All(names.Take(5), n => Assert.Matches("^[a-zA-Z0-9_-]{1,64}$", n));
        Assert.Equal(5, names.Take(5).Distinct().Count());
        Assert.StartsWith("action_a_b_c_", names[0], StringComparison.Ordinal);
        Assert.StartsWith("action_p_xxx", names[2], StringComparison.Ordinal);
        Assert.StartsWith("action_p_x_y_", names[3], StringComparison.Ordinal);
        Assert.Equal("action_p_ok", names[4]);
        Assert.Null(names[5]);
        Assert.Equal(names[1], again[0]);
    }

    [Fact]
    public void Names_ActionNamedLikeAStaticTool_GetsItsOwnName()
    {
        var names = ActionToolNames.Assign([("x", "y")], new HashSet<string>(StringComparer.Ordinal) { "action_x_y" });

        Assert.NotEqual("action_x_y", names[0]);
        Assert.Matches("^action_x_y_[0-9a-f]{8}$", names[0]);
    }

    private static ActionToolList Declare(JsonElement answer) => ActionToolFactory.FromProviders(answer, StaticNames);

    private static ActionToolList Declare(JsonNode answer) => Declare(JsonDocument.Parse(answer.ToJsonString()).RootElement);

    private static JsonElement Properties(IReadOnlyList<ToolDefinition> tools, string name) =>
        SchemaWriter.Write(tools.Single(t => t.Name == name)).GetProperty("properties");

    private static JsonNode Body(Waiaas.Mcp.Daemon.DaemonRequest request) => JsonNode.Parse(Encoding.UTF8.GetString(request.Body!.Value.Span))!;

    private static JsonElement Providers() =>
        JsonDocument.Parse(FakeDaemon.ReadFixture("GET-v1-actions-providers.200.json")).RootElement;

    private static Dictionary<string, JsonElement> Parse(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
}
