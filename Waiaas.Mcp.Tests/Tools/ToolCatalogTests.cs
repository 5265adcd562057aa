using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Tests.Support;
using Waiaas.Mcp.Tools;
using Waiaas.Mcp.Tools.Schema;

namespace Waiaas.Mcp.Tests.Tools;

/// <summary>The static tools against tool-catalog.json, catalog-wide invariants, and one approved snapshot per tool.</summary>
public sealed class ToolCatalogTests
{
    /// <summary>Tools about no particular wallet: their descriptions never get the wallet-name prefix.</summary>
    private static readonly HashSet<string> WalletIndependentTools =
    [
        "connect_info", "get_nonce", "get_tokens", "get_token_metadata", "resolve_asset", "encode_calldata",
        "erc8004_get_agent_info", "erc8004_get_reputation", "erc8004_get_validation_status", "erc8128_verify_signature",
        "waiaas_hl_get_markets", "waiaas_hl_get_funding_rates", "waiaas_hl_get_spot_markets",
        "waiaas_pm_get_markets", "waiaas_pm_get_market_detail", "waiaas_pm_get_events",
    ];

    public static TheoryData<string> OfferedToolNames()
    {
        var data = new TheoryData<string>();
        foreach (var tool in CatalogFixture.Tools().Where(t => t["daemonAuth"] is null))
        {
            data.Add(tool["name"]!.GetValue<string>());
        }

        return data;
    }

    /// <summary>Every tool clients list: the catalog's and this server's own.</summary>
    public static TheoryData<string> ListedToolNames() => new(ListedTools.Static.Order(StringComparer.Ordinal));

    [Fact]
    public void Catalog_EveryToolOfTheSpec_IsDeclaredOnceAndMasterPasswordToolsAreNot()
    {
        var declared = ToolCatalog.All.Select(t => t.Name).Where(name => !CatalogFixture.OwnTools.Contains(name)).ToList();
        var offered = CatalogFixture.Tools().Where(t => t["daemonAuth"] is null).Select(t => t["name"]!.GetValue<string>());
        var master = CatalogFixture.Tools().Where(t => t["daemonAuth"] is not null).Select(t => t["name"]!.GetValue<string>());

        Assert.Equal(declared.Count, declared.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(offered.Order(StringComparer.Ordinal), declared.Order(StringComparer.Ordinal));
        Assert.All(master, name => Assert.Null(ToolCatalog.Find(name)));
    }

    [Theory]
    [MemberData(nameof(OfferedToolNames))]
    public void Schema_Tool_IsTheCatalogInputSchemaPlusDescriptions(string name)
    {
        var expected = CatalogFixture.Tool(name)["inputSchema"]!;

        var actual = WithoutDescriptions(JsonNode.Parse(SchemaWriter.Write(ToolCatalog.Find(name)!).GetRawText())!);

        Assert.True(JsonNode.DeepEquals(expected, actual), $"{name}: {actual.ToJsonString()} != {expected.ToJsonString()}");
    }

    [Fact]
    public void Catalog_EveryTool_KeepsTheSchemaAndDescriptionRules()
    {
        Assert.All(ToolCatalog.All, tool =>
        {
            var schema = SchemaWriter.Write(tool);
            Assert.Equal("object", schema.GetProperty("type").GetString());
            foreach (var keyword in new[] { "anyOf", "oneOf", "allOf", "not", "enum" })
            {
                Assert.False(schema.TryGetProperty(keyword, out _), $"{tool.Name}: top-level {keyword}");
            }

            Assert.InRange(tool.Description.Length, 1, 1024);
            Assert.InRange(tool.Title.Length, 1, 64);
            Assert.All(tool.Arguments, a => Assert.InRange(a.Schema.Description?.Length ?? 0, 1, 1024));
            Assert.Equal(tool.Arguments.Select(a => a.Name), schema.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        });
    }

    [Fact]
    public void Catalog_EveryPathPlaceholder_IsFilledByAPathArgumentAndEveryPathArgumentHasOne()
    {
        Assert.All(ToolCatalog.All.Where(t => t.Executor is null), tool =>
        {
            var placeholders = System.Text.RegularExpressions.Regex.Matches(tool.Route.PathTemplate, @"\{([^}]+)\}").Select(m => m.Groups[1].Value);
            var pathArguments = tool.Arguments.Where(a => a.Location == ArgumentLocation.Path).Select(a => a.Name);
            Assert.Equal(placeholders.Order(StringComparer.Ordinal), pathArguments.Order(StringComparer.Ordinal));
        });
    }

    [Fact]
    public void Catalog_Annotations_MatchWhatEachToolDoes()
    {
        string[] movesFunds = ["send_token", "call_contract", "deploy_contract", "approve_token", "send_batch", "transfer_nft", "x402_fetch"];
        string[] signsOnly = ["sign_transaction", "sign_message", "erc8128_sign_request", "sign_userop"];

        Assert.Equal(movesFunds.Order(StringComparer.Ordinal), ToolCatalog.All.Where(t => t.Hints.MovesFunds).Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.All(signsOnly, name => Assert.Same(ToolHints.Sign, ToolCatalog.Find(name)!.Hints));
        Assert.All(ToolCatalog.All, tool =>
        {
            Assert.True(tool.Hints.OpenWorld, tool.Name);
            if (tool.Route.Method == HttpMethod.Get)
            {
                Assert.True(tool.Hints.ReadOnly, $"{tool.Name} only reads but is not marked read-only");
            }
        });
    }

    [Fact]
    public async Task ToolsList_WithWalletName_PrefixesExactlyTheWalletSpecificTools()
    {
        var configuration = ServerConfiguration.FromVariables(variable => variable == EnvironmentVariables.WalletName ? "trading" : null);
        await using var server = await TestServer.StartAsync(configuration);

        var tools = await server.Client.ListToolsAsync(cancellationToken: TestTimeout.Token);

        var unprefixed = tools.Where(t => !t.Description.StartsWith("[trading] ", StringComparison.Ordinal)).Select(t => t.Name);
        Assert.Equal(WalletIndependentTools.Order(StringComparer.Ordinal), unprefixed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Catalog_OwnTools_AreDeclaredAndStillAbsentFromTheSharedCatalog()
    {
        // Once the shared catalog lists one of them, its vectors apply and the exemption must go.
        Assert.All(CatalogFixture.OwnTools, name =>
        {
            Assert.NotNull(ToolCatalog.Find(name));
            Assert.DoesNotContain(name, CatalogFixture.Tools().Select(t => t["name"]!.GetValue<string>()));
        });
    }

    [Theory]
    [MemberData(nameof(ListedToolNames))]
    public async Task ToolsList_Tool_MatchesItsSnapshot(string name)
    {
        await using var server = await TestServer.StartAsync();

        var tools = await server.Client.ListToolsAsync(cancellationToken: TestTimeout.Token);

        var tool = tools.Single(t => t.Name == name).ProtocolTool;
        Snapshot.MatchJson(JsonSerializer.Serialize(tool, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(Tool))), $"tools/{name}");
    }

    /// <summary>Our schema without what the catalog leaves out: descriptions and the closed-object marker.</summary>
    internal static JsonNode WithoutDescriptions(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["additionalProperties"] is JsonValue closed && closed.GetValueKind() == JsonValueKind.False)
                {
                    obj.Remove("additionalProperties");
                }

                obj.Remove("description");
                foreach (var (_, child) in obj.ToList())
                {
                    if (child is not null)
                    {
                        WithoutDescriptions(child);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array.OfType<JsonNode>())
                {
                    WithoutDescriptions(child);
                }

                break;
        }

        return node;
    }
}
