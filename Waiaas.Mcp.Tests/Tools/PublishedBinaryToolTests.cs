using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.Tools;

/// <summary>The Native AOT binary builds nested, merged and defaulted request bodies like the JIT build (no reflection).</summary>
[Trait("Category", "Binary")]
public sealed class PublishedBinaryToolTests
{
    [Fact]
    public async Task Binary_ReshapedBodies_ReachTheDaemonAsTheCatalogSays()
    {
        await using var daemon = await FakeDaemon.StartAsync();
        daemon.Fallback = ToolRequestTests.AnswerByPath;
        daemon.Preempt = ToolRequestTests.NoActionProviders;
        var now = DateTimeOffset.UtcNow;
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = PublishedBinary.FilePath,
            Name = "waiaas-mcp",
            EnvironmentVariables = new Dictionary<string, string?>
            {
                ["WAIAAS_BASE_URL"] = daemon.BaseUrl.ToString(),
                ["WAIAAS_SESSION_TOKEN"] = TestTokens.Create("s-1", now, now.AddHours(1)),
            },
        });
        await using var client = await McpClient.CreateAsync(transport, cancellationToken: TestContext.Timeout);

        await client.CallToolAsync("send_token", Arguments("""{"to":"0xb","amount":"1","gas_condition":{"max_gas_price":"9","timeout":60}}"""), cancellationToken: TestContext.Timeout);
        await client.CallToolAsync("erc8128_verify_signature", Arguments("""{"method":"GET","url":"https://a.example/x","headers":{"host":"a.example"},"signature_input":"si","signature":"sig"}"""), cancellationToken: TestContext.Timeout);
        await client.CallToolAsync("sign_userop", Arguments("""{"wallet_id":"w","build_id":"b","sender":"0x1","nonce":"0x0","call_data":"0x","call_gas_limit":"0x1","verification_gas_limit":"0x1","pre_verification_gas":"0x1","max_fee_per_gas":"0x1","max_priority_fee_per_gas":"0x1"}"""), cancellationToken: TestContext.Timeout);
        var info = await client.CallToolAsync("get_wallet_info", cancellationToken: TestContext.Timeout);

        var bodies = daemon.Requests.Where(r => r.Method == "POST").Select(r => JsonNode.Parse(r.Body)).ToList();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"to":"0xb","amount":"1","gasCondition":{"maxGasPrice":"9","timeout":60}}"""), bodies[0]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"method":"GET","url":"https://a.example/x","headers":{"host":"a.example","signature-input":"si","signature":"sig"}}"""), bodies[1]));
        Assert.Equal("0x", bodies[2]!["userOperation"]!["signature"]!.GetValue<string>());
        var text = Assert.IsType<ModelContextProtocol.Protocol.TextContentBlock>(Assert.Single(info.Content)).Text;
        Assert.Equal(6, JsonDocument.Parse(text).RootElement.GetProperty("networks").GetArrayLength());
    }

    private static Dictionary<string, object?> Arguments(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
}
