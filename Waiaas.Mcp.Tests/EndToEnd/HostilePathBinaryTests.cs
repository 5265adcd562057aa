using System.Text.Json;
using Waiaas.Mcp.Tests.Support;
using Waiaas.Mcp.Tests.Tools;
using Waiaas.Mcp.Tools;

namespace Waiaas.Mcp.Tests.EndToEnd;

/// <summary>
/// In the AOT binary over stdio, a sample of <see cref="HostilePathArgumentTests"/> (which covers every tool and value in
/// process), to prove the encoding and the refusal of dot segments survive trimming and native compilation.
/// </summary>
[Collection(PublishedBinaryCollection.Name)]
[Trait("Category", "Binary")]
public sealed class HostilePathBinaryTests
{
    private static readonly (string Tool, string Argument, string Value)[] Samples =
    [
        ("get_transaction", "transaction_id", "../../admin/status"),
        ("get_transaction", "transaction_id", "%2e%2e/%2F?x=1#frag"),
        ("get_provider_status", "wallet_id", "\\..\\\uFF0E\uFF0E\uFF0F\u2215"),
        ("waiaas_hl_get_sub_positions", "sub_account", "a b%00%.."),
        ("waiaas_hl_get_sub_positions", "wallet_id", new string('.', 10_000)),
    ];

    [Fact]
    public async Task Binary_HostilePathArguments_ReachOnlyTheToolsOwnPathAndDotSegmentsNothing()
    {
        await using var daemon = await FakeDaemon.StartAsync();
        daemon.Preempt = ToolRequestTests.NoActionProviders;
        daemon.Fallback = _ => new FakeResponse(200, """{"ok":true}""");
        var now = DateTimeOffset.UtcNow;
        var token = TestTokens.Create("s-1", now, now.AddHours(1));
        using var server = ServerProcess.Start(new Dictionary<string, string>
        {
            ["WAIAAS_BASE_URL"] = daemon.BaseUrl.ToString(),
            ["WAIAAS_SESSION_TOKEN"] = token,
            ["WAIAAS_WALLET_ID"] = "w-config",
            ["WAIAAS_MCP_LOG_LEVEL"] = "trace",
        });
        await server.WriteLinesAsync(JsonRpcLines.Initialize, JsonRpcLines.Initialized);

        for (var i = 0; i < Samples.Length; i++)
        {
            var (tool, argument, value) = Samples[i];
            var arguments = HostilePathArgumentTests.ValidArguments(tool);
            arguments[argument] = JsonSerializer.SerializeToElement(value, TestJson.Default.String);
            var json = JsonSerializer.Serialize(arguments.ToDictionary(p => p.Key, p => (JsonElement)p.Value!), TestJson.Default.DictionaryStringJsonElement);
            await server.WriteLinesAsync(JsonRpcLines.Request(i, "tools/call", $$"""{"name":"{{tool}}","arguments":{{json}}}"""));
            var request = await daemon.NextRequestAsync();
            HostilePathArgumentTests.AssertOwnPath(ToolCatalog.Find(tool)!, argument, value, request.PathAndQuery);
        }

        // The daemon builds a WHATWG URL from the raw path: even an encoded %2E%2E collapses and reaches another route.
        string[] dotSegments = ["..", ".", "%2E%2E", "%252e"];
        var before = daemon.Requests.Count;
        for (var i = 0; i < dotSegments.Length; i++)
        {
            var reply = await server.RequestAsync($"dot-{i}", "tools/call", $$$"""{"name":"get_transaction","arguments":{"transaction_id":"{{{dotSegments[i]}}}"}}""", TimeSpan.FromSeconds(10));
            Assert.True(reply.GetProperty("result").GetProperty("isError").GetBoolean());
        }

        Assert.Equal(before, daemon.Requests.Count);
        server.CloseStdin();
        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(3)));
        var messages = JsonRpcLines.Parse(server.StdoutBytes());
        for (var i = 0; i < Samples.Length; i++)
        {
            Assert.True(JsonRpcLines.ResponseTo(messages, i).TryGetProperty("result", out _));
        }

        SecretScan.AssertNoToken([token], SecretScan.Bytes("stdout", server.StdoutBytes()), ("stderr", server.Stderr));
    }
}
