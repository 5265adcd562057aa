using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Tests.Support;
using Waiaas.Mcp.Tools;

namespace Waiaas.Mcp.Tests.Tools;

/// <summary>Invariants over the whole catalog, the schemas against tool-catalog.json, and one approved snapshot per tool.</summary>
public sealed class ToolCatalogTests
{
    /// <summary>Tools that act on no particular wallet: their descriptions never get the wallet-name prefix.</summary>
    private static readonly HashSet<string> GlobalTools =
    [
        "connect_info", "get_tokens", "encode_calldata", "resolve_asset",
        "erc8004_get_agent_info", "erc8004_get_reputation", "erc8004_get_validation_status", "erc8128_verify_signature",
        "waiaas_hl_get_markets", "waiaas_hl_get_funding_rates", "waiaas_hl_get_spot_markets",
        "waiaas_pm_get_markets", "waiaas_pm_get_market_detail", "waiaas_pm_get_events",
    ];

    public static TheoryData<string> CatalogToolNames()
    {
        var data = new TheoryData<string>();
        foreach (var tool in CatalogTools().Where(t => t["daemonAuth"] is null))
        {
            data.Add(tool["name"]!.GetValue<string>());
        }

        return data;
    }

    [Fact]
    public void Catalog_EveryToolOfTheSpec_IsDeclaredOnceExceptMasterPasswordTools()
    {
        var declared = ToolCatalog.All.Select(t => t.Name).ToList();
        var expected = CatalogTools().Where(t => t["daemonAuth"] is null).Select(t => t["name"]!.GetValue<string>()).ToList();
        var master = CatalogTools().Where(t => t["daemonAuth"] is not null).Select(t => t["name"]!.GetValue<string>()).ToList();

        Assert.Equal(declared.Count, declared.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(expected.Order(StringComparer.Ordinal), declared.Order(StringComparer.Ordinal));
        Assert.Equal(["list_credentials", "list_sessions"], master.Order(StringComparer.Ordinal));
        Assert.All(master, name => Assert.Null(ToolCatalog.Find(name)));
    }

    [Theory]
    [MemberData(nameof(CatalogToolNames))]
    public void Schema_CatalogTool_MatchesCatalogInputSchemaApartFromDescriptions(string name)
    {
        var expected = CatalogTools().Single(t => t["name"]!.GetValue<string>() == name)["inputSchema"]!;

        var actual = Strip(JsonNode.Parse(ToolSchema.Build(ToolCatalog.Find(name)!).GetRawText())!);

        Assert.True(JsonNode.DeepEquals(expected, actual), $"{name}: {actual.ToJsonString()} != {expected.ToJsonString()}");
    }

    [Fact]
    public void Catalog_EveryTool_KeepsTheSchemaAndDescriptionRules()
    {
        foreach (var tool in ToolCatalog.All)
        {
            var schema = ToolSchema.Build(tool);
            Assert.Equal("object", schema.GetProperty("type").GetString());
            foreach (var keyword in new[] { "anyOf", "oneOf", "allOf", "not", "enum" })
            {
                Assert.False(schema.TryGetProperty(keyword, out _), $"{tool.Name}: top-level {keyword}");
            }

            var properties = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            if (schema.TryGetProperty("required", out var required))
            {
                Assert.All(required.EnumerateArray(), r => Assert.Contains(r.GetString()!, properties));
            }

            Assert.InRange(tool.Description.Length, 1, 1024);
            Assert.All(tool.Arguments, a => Assert.InRange(a.Description.Length, 1, 1024));
            Assert.Equal(tool.Arguments.Count, properties.Count);
        }
    }

    [Fact]
    public void Catalog_Annotations_MatchWhatEachToolDoes()
    {
        foreach (var tool in ToolCatalog.All)
        {
            Assert.True(tool.Hints.OpenWorld, tool.Name);
            if (tool.Hints.ReadOnly)
            {
                Assert.True(tool.Hints.Idempotent, tool.Name);
                Assert.False(tool.Hints.Destructive, tool.Name);
            }

            if (tool.Method == HttpMethod.Get && tool.Executor is null)
            {
                Assert.True(tool.Hints.ReadOnly, $"{tool.Name} only reads but is not marked read-only");
            }
        }

        string[] spending = ["send_token", "call_contract", "approve_token", "send_batch", "sign_transaction", "sign_message", "x402_fetch", "transfer_nft", "sign_userop", "erc8128_sign_request", "waiaas_pm_setup"];
        Assert.All(spending, name =>
        {
            var hints = ToolCatalog.Find(name)!.Hints;
            Assert.True(hints.Destructive && !hints.Idempotent && !hints.ReadOnly, name);
        });
    }

    [Fact]
    public async Task ToolsList_EveryTool_HasAllFourAnnotationsSet()
    {
        await using var server = await TestServer.StartAsync();

        var tools = await server.Client.ListToolsAsync(cancellationToken: TestContext.Timeout);

        Assert.Equal(ToolCatalog.All.Count, tools.Count);
        Assert.All(tools, tool =>
        {
            var annotations = tool.ProtocolTool.Annotations;
            Assert.NotNull(annotations);
            Assert.NotNull(annotations.ReadOnlyHint);
            Assert.NotNull(annotations.DestructiveHint);
            Assert.NotNull(annotations.IdempotentHint);
            Assert.NotNull(annotations.OpenWorldHint);
        });
    }

    [Fact]
    public async Task ToolsList_WithWalletName_PrefixesExactlyTheWalletSpecificTools()
    {
        var configuration = ServerConfiguration.FromVariables(variable => variable == EnvironmentVariables.WalletName ? "trading" : null);
        await using var server = await TestServer.StartAsync(configuration);

        var tools = await server.Client.ListToolsAsync(cancellationToken: TestContext.Timeout);

        var unprefixed = tools.Where(t => !t.Description.StartsWith("[trading] ", StringComparison.Ordinal)).Select(t => t.Name);
        Assert.Equal(GlobalTools.Order(StringComparer.Ordinal), unprefixed.Order(StringComparer.Ordinal));
        Assert.All(tools, t => Assert.Equal(ToolCatalog.Find(t.Name)!.Description, t.Description.Replace("[trading] ", string.Empty, StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(CatalogToolNames))]
    public async Task ToolsList_CatalogTool_MatchesItsSnapshot(string name)
    {
        await using var server = await TestServer.StartAsync();

        var tools = await server.Client.ListToolsAsync(cancellationToken: TestContext.Timeout);

        var tool = tools.Single(t => t.Name == name).ProtocolTool;
        Snapshot.MatchJson(JsonSerializer.Serialize(tool, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(Tool))), $"tools/{name}");
    }

    /// <summary>Our schema without what the catalog leaves out: descriptions and the closed-object marker.</summary>
    private static JsonNode Strip(JsonNode node)
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
                        Strip(child);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (child is not null)
                    {
                        Strip(child);
                    }
                }

                break;
        }

        return node;
    }

    private static IEnumerable<JsonNode> CatalogTools() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "Waiaas.Mcp.Tests", "Fixtures", "tool-catalog.json")))!["tools"]!
            .AsArray().Select(t => t!);
}
