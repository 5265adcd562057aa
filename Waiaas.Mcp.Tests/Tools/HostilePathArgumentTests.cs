using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Tests.Support;
using Waiaas.Mcp.Tools;
using Waiaas.Mcp.Tools.Checking;
using Waiaas.Mcp.Tools.Schema;

namespace Waiaas.Mcp.Tests.Tools;

/// <summary>
/// Every catalog tool with an argument that lands in a URL path segment, found from the declarations (a
/// <c>{placeholder}</c> in the path template), called with path tricks in that argument. The daemon must see the tool's
/// own path template with the value as exactly one encoded segment: never another path, never an injected query or
/// fragment; values that cannot be one segment (empty, control characters, dot segments) are refused unsent.
/// </summary>
public sealed partial class HostilePathArgumentTests(HostilePathArgumentTests.Host host) : IClassFixture<HostilePathArgumentTests.Host>
{
    /// <summary>Path tricks by name (the name keeps theory rows readable); empty values and control characters are refused, never sent.</summary>
    public static readonly IReadOnlyDictionary<string, string> HostileValues = new Dictionary<string, string>
    {
        ["dot-dot-slash"] = "../",
        ["dot-dot"] = "..",
        ["dot"] = ".",
        ["encoded-dot-dot-slash"] = "%2e%2e/",
        ["encoded-dot-dot"] = "%2e%2E",
        ["double-encoded-dot"] = "%252e",
        ["encoded-slash"] = "%2F",
        ["slash"] = "/",
        ["traversal-to-admin"] = "../../admin/status",
        ["query"] = "?x=1",
        ["query-after-value"] = "id?walletId=other&x=1",
        ["fragment"] = "#frag",
        ["backslashes"] = "\\..\\",
        ["fullwidth-dots-and-slash"] = "\uFF0E\uFF0E\uFF0F",
        ["division-slash"] = "..\u2215..\u2215admin",
        ["nul"] = "a\0b",
        ["crlf"] = "a\r\nHost: evil",
        ["space-and-percent"] = "a b%",
        ["encoded-nul"] = "%00",
        ["very-long"] = string.Concat(Enumerable.Repeat("../", 3_400)),
        ["empty"] = string.Empty,
    };

    private const string ConfiguredWalletId = "w-config";

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var tool in ToolCatalog.All)
        {
            foreach (var argument in PathArguments(tool))
            {
                foreach (var valueName in HostileValues.Keys)
                {
                    data.Add(tool.Name, argument, valueName);
                }
            }
        }

        return data;
    }

    [Fact]
    public void Cases_CoverEveryToolWithAPathArgument()
    {
        var tools = Cases().Select(row => (string)row[0]).Distinct().ToList();

        // The tools the catalog declares with a path segment from an argument, today; a new one joins by itself.
        Assert.Contains("get_transaction", tools);
        Assert.Contains("get_provider_status", tools);
        Assert.Contains("waiaas_hl_get_sub_positions", tools);
        Assert.Contains("list_offchain_actions", tools);
        Assert.True(tools.Count >= 15, $"only {tools.Count} tools: {string.Join(", ", tools)}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task CallTool_HostileValueInPathArgument_ReachesOnlyTheToolsOwnPath(string toolName, string argument, string valueName)
    {
        var tool = ToolCatalog.Find(toolName)!;
        var value = HostileValues[valueName];
        var arguments = ValidArguments(toolName);
        arguments[argument] = JsonSerializer.SerializeToElement(value, TestJson.Default.String);
        var before = host.Daemon.Requests.Count;

        var result = await host.Server.Client.CallToolAsync(toolName, arguments, cancellationToken: TestTimeout.Token);

        var sent = host.Daemon.Requests.Skip(before).ToList();
        if (!PathSegments.IsSafe(value))
        {
            // Empty (/v1/transactions/{id} would become /v1/transactions/), NUL/CR/LF, or a dot segment the daemon's
            // URL parser would collapse even when encoded: refused, never sent.
            Assert.Empty(sent);
            Assert.True(result.IsError);
            Assert.Equal(ToolHandlers.InvalidArgumentsCode, ResultCode(result));
            return;
        }

        var request = Assert.Single(sent);
        Assert.Equal(tool.Route.Method.Method, request.Method);
        AssertOwnPath(tool, argument, value, request.PathAndQuery);
    }

    /// <summary>Segment by segment: literals equal, the attacked placeholder one encoded segment holding the value.</summary>
    internal static void AssertOwnPath(ToolDefinition tool, string argument, string value, string target)
    {
        Assert.DoesNotContain('#', target);
        var queryStart = target.IndexOf('?', StringComparison.Ordinal);
        var path = queryStart < 0 ? target : target[..queryStart];
        var expected = tool.Route.PathTemplate.Split('/');
        var actual = path.Split('/');
        Assert.True(expected.Length == actual.Length, $"{target} does not follow {tool.Route.PathTemplate}");
        for (var i = 0; i < expected.Length; i++)
        {
            if (Placeholder().Match(expected[i]) is not { Success: true } placeholder)
            {
                Assert.Equal(expected[i], actual[i]);
            }
            else if (placeholder.Groups[1].Value == argument)
            {
                Assert.Matches("^(?:[A-Za-z0-9_~-]|%[0-9A-F]{2})+$", actual[i]);
                Assert.Equal(value, Uri.UnescapeDataString(actual[i]));
            }
        }

        // Whatever follows is only the tool's own query parameters.
        var declared = tool.Arguments.Where(a => a.Location == ArgumentLocation.Query).Select(a => a.DaemonField).ToHashSet(StringComparer.Ordinal);
        var query = queryStart < 0 ? [] : target[(queryStart + 1)..].Split('&');
        Assert.All(query, pair => Assert.Contains(Uri.UnescapeDataString(pair.Split('=')[0]), declared));
    }

    /// <summary>String arguments named by the path template's placeholders.</summary>
    private static IEnumerable<string> PathArguments(ToolDefinition tool) =>
        tool.Route.PathTemplate.Split('/').Select(segment => Placeholder().Match(segment)).Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .Where(name => tool.Arguments.Any(a => a.Name == name && a.Schema.Type == SchemaType.String));

    /// <summary>The first catalog vector's arguments: every other required argument valid.</summary>
    internal static Dictionary<string, object?> ValidArguments(string toolName)
    {
        if (CatalogFixture.OwnTools.Contains(toolName))
        {
            // No vectors; each of them takes no required argument but its path one.
            return [];
        }

        var vector = CatalogFixture.Tool(toolName)["vectors"]![0]!;
        return vector["args"]!.AsObject().ToDictionary(p => p.Key, p => (object?)JsonSerializer.SerializeToElement(p.Value, TestJson.Default.JsonNode));
    }

    private static string? ResultCode(CallToolResult result) =>
        JsonDocument.Parse(Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text).RootElement
            .TryGetProperty("code", out var code) ? code.GetString() : null;

    [GeneratedRegex("^\\{([A-Za-z_]+)\\}$")]
    private static partial Regex Placeholder();

    /// <summary>One fake daemon and one in-memory server for every case (hundreds of calls, milliseconds each).</summary>
    public sealed class Host : IAsyncLifetime
    {
        public FakeDaemon Daemon { get; private set; } = null!;

        public TestServer Server { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Daemon = await FakeDaemon.StartAsync();
            Daemon.Fallback = _ => new FakeResponse(200, """{"ok":true}""");
            Daemon.Preempt = ToolRequestTests.NoActionProviders;
            var now = DateTimeOffset.UtcNow;
            Server = await TestServer.StartAsync(
                new ServerConfiguration { BaseUrl = Daemon.BaseUrl, SessionToken = TestTokens.Create("s-1", now, now.AddHours(1)), WalletId = ConfiguredWalletId },
                new FakeTimeProvider(now));
        }

        public async Task DisposeAsync()
        {
            await Server.DisposeAsync();
            await Daemon.DisposeAsync();
        }
    }
}
