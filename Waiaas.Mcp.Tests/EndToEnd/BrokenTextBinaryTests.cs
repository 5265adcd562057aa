using System.Text;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.EndToEnd;

/// <summary>
/// Strings that are valid JSON but no text (an unpaired surrogate escape) through the published binary over its real
/// stdio: an argument value and an argument name are INVALID_ARGUMENTS results naming them, a tool name is the
/// unknown-tool protocol error; never the SDK's generic error, and nothing reaches the daemon.
/// </summary>
[Collection(PublishedBinaryCollection.Name)]
[Trait("Category", "Binary")]
public sealed class BrokenTextBinaryTests
{
    [Fact]
    public async Task Binary_BrokenTextInAValueANameOrTheToolName_ClearErrorsNothingSent()
    {
        await using var daemon = await FakeDaemon.StartAsync();
        daemon.Preempt = Tools.ToolRequestTests.NoActionProviders;
        var now = DateTimeOffset.UtcNow;
        using var server = ServerProcess.Start(new Dictionary<string, string>
        {
            ["WAIAAS_BASE_URL"] = daemon.BaseUrl.ToString(),
            ["WAIAAS_SESSION_TOKEN"] = TestTokens.Create("s-1", now, now.AddHours(1)),
            ["WAIAAS_WALLET_ID"] = "01a20cca-7af3-7883-800f-3c1b3d8dcc78",
        });
        await server.InitializeAsync();

        var value = ToolReply.From(await server.RequestAsync(1, "tools/call", """{"name":"get_balance","arguments":{"network":"ethereum-sepolia\ud83d"}}""", TimeSpan.FromSeconds(10)));
        var key = ToolReply.From(await server.RequestAsync(2, "tools/call", """{"name":"send_token","arguments":{"to":"0xab","amount":"1","memo\ud83d":"x"}}""", TimeSpan.FromSeconds(10)));
        var name = await server.RequestAsync(3, "tools/call", """{"name":"get_balance\ud83d","arguments":{}}""", TimeSpan.FromSeconds(10));

        Assert.True(value.IsError);
        Assert.Equal("INVALID_ARGUMENTS", value.Json.GetProperty("code").GetString());
        Assert.Contains("'network' holds a broken character", value.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(key.IsError);
        Assert.Equal("INVALID_ARGUMENTS", key.Json.GetProperty("code").GetString());
        Assert.Contains("an argument name holds a broken character", key.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        var error = name.GetProperty("error");
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.StartsWith("Unknown tool: its name holds a broken character", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("An error occurred", Encoding.UTF8.GetString(server.StdoutBytes()), StringComparison.Ordinal);
        Assert.DoesNotContain(daemon.Requests, r => r.PathAndQuery != "/v1/actions/providers");
    }
}
