using System.Text.Json;
using System.Text.Json.Nodes;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.EndToEnd;

/// <summary>
/// Action tools are built from whatever the daemon lists. In the AOT binary over stdio: names that would be invalid,
/// ambiguous or too long, descriptions cut inside an emoji, and declarations that cannot be read never remove the
/// other action tools, and every name the client sees is a valid, unique MCP tool name.
/// </summary>
[Collection(PublishedBinaryCollection.Name)]
[Trait("Category", "Binary")]
public sealed class HostileProvidersBinaryTests
{
    /// <summary>Added to the real provider list; each breaks something a naive declaration would trip on.</summary>
    private const string HostileProviders = """
        [
          {"name":"a_b","mcpExpose":true,"actions":[{"name":"c","description":"One of two actions named action_a_b_c."}]},
          {"name":"a","mcpExpose":true,"actions":[{"name":"b_c","description":"The other action named action_a_b_c."}]},
          {"name":"emoji","mcpExpose":true,"actions":[{"name":"cut","description":"Cut inside \ud83d"}]},
          {"name":"long","mcpExpose":true,"actions":[{"name":"an_action_name_far_longer_than_any_client_accepts_as_a_tool_name"}]},
          {"name":"odd name/with.chars","mcpExpose":true,"actions":[{"name":"go"}]},
          {"name":"broken","mcpExpose":true,"actions":[{"name":""},{"name":"..","description":"a dot segment"},{"name":"schema","inputSchema":{"type":"object","properties":{"x":{"type":"string","pattern":"(unclosed"}}}}]},
          {"name":"not-a-list","mcpExpose":true,"actions":{"name":"x"}}
        ]
        """;

    [Fact]
    public async Task Binary_HostileProviderList_EveryNameValidAndUniqueAndTheRealToolsStay()
    {
        var providers = JsonNode.Parse(FakeDaemon.ReadFixture("GET-v1-actions-providers.200.json"))!;
        var realActions = providers["providers"]!.AsArray()
            .SelectMany(p => p!["actions"]!.AsArray().Select(a => $"action_{p["name"]}_{a!["name"]}"))
            .ToList();
        // Appended as text: a lone surrogate escape is valid JSON that JsonNode cannot write back out.
        var served = providers.ToJsonString()[..^2] + "," + HostileProviders.Trim()[1..] + "}";
        await using var daemon = await FakeDaemon.StartAsync();
        daemon.Fallback = request => request.PathAndQuery == "/v1/actions/providers"
            ? new FakeResponse(200, served)
            : new FakeResponse(200, """{"ok":true}""");
        var now = DateTimeOffset.UtcNow;
        using var server = ServerProcess.Start(new Dictionary<string, string>
        {
            ["WAIAAS_BASE_URL"] = daemon.BaseUrl.ToString(),
            ["WAIAAS_SESSION_TOKEN"] = TestTokens.Create("s-1", now, now.AddHours(1)),
        });
        await server.InitializeAsync();

        var list = await ListUntilActionsArriveAsync(server);

        var tools = list.GetProperty("result").GetProperty("tools").EnumerateArray().ToList();
        var names = tools.Select(t => t.GetProperty("name").GetString()!).ToList();
        Assert.All(names, name => Assert.Matches("^[a-zA-Z0-9_-]{1,64}$", name));
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(realActions, name => Assert.Contains(name, names));
        Assert.Equal(2, names.Count(n => n.StartsWith("action_a_b_c_", StringComparison.Ordinal)));
        Assert.Contains(names, n => n.StartsWith("action_long_an_action_name", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("action_odd_name_with_chars_go_", StringComparison.Ordinal));
        Assert.Contains("action_broken_schema", names);
        var cut = tools.Single(t => t.GetProperty("name").GetString() == "action_emoji_cut");
        Assert.StartsWith("Cut inside \uFFFD", cut.GetProperty("description").GetString(), StringComparison.Ordinal);

        server.CloseStdin();
        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(3)));
        JsonRpcLines.Parse(server.StdoutBytes());
    }

    /// <summary>tools/list waits briefly for the first provider fetch; on a loaded machine the tools follow a moment later.</summary>
    private static async Task<JsonElement> ListUntilActionsArriveAsync(ServerProcess server)
    {
        for (var attempt = 1; ; attempt++)
        {
            var list = await server.RequestAsync($"list-{attempt}", "tools/list", "{}", TimeSpan.FromSeconds(10));
            if (list.GetProperty("result").GetProperty("tools").EnumerateArray().Any(t => t.GetProperty("name").GetString()!.StartsWith("action_", StringComparison.Ordinal))
                || attempt == 3)
            {
                return list;
            }

            await server.WaitForOutputAsync("notifications/tools/list_changed", TimeSpan.FromSeconds(10));
        }
    }
}
