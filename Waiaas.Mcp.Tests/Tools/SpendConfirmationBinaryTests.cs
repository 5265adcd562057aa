using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Tests.EndToEnd;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.Tools;

/// <summary>
/// WAIAAS_MCP_CONFIRM=spend in the published binary, driven by the SDK's own client over real stdio in both protocol
/// eras (elicitation/create in 2025, the tools/call's input-required round trip in 2026-07-28): a declined question, a
/// dismissed one, an answer that is not exactly "accept" and a client without the elicitation capability reach the
/// daemon with nothing; an accepted one sends
/// exactly the catalog vector's request.
/// </summary>
[Trait("Category", "Binary")]
[Collection(PublishedBinaryCollection.Name)]
public sealed class SpendConfirmationBinaryTests : IAsyncLifetime
{
    private static readonly TimeSpan Answered = TimeSpan.FromSeconds(15);

    private FakeDaemon _daemon = null!;

    public async Task InitializeAsync()
    {
        _daemon = await FakeDaemon.StartAsync();
        CatalogVectors.Serve(_daemon);
    }

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    public static TheoryData<string, string?> Refusals()
    {
        var data = new TheoryData<string, string?>();
        foreach (var era in new[] { "2025-11-25", "2026-07-28" })
        {
            // null: the client declares no elicitation capability at all. "ACCEPT" is no action MCP defines: not approval.
            foreach (var answer in new[] { "decline", "cancel", "ACCEPT", null })
            {
                data.Add(era, answer);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Binary_NotApproved_ReachesTheDaemonWithNothing(string era, string? answer)
    {
        await using var client = await ConnectAsync(era, answer);

        var result = await CallVectorAsync(client, "send_token", "all-args");

        var guidance = JsonNode.Parse(Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text)!;
        Assert.Null(result.IsError);
        Assert.Equal(answer is "decline" or "cancel" ? "declined_by_user" : "confirmation_unavailable", guidance["status"]!.GetValue<string>());
        Assert.False(guidance["retryable"]!.GetValue<bool>());
        Assert.Empty(_daemon.Requests);
    }

    [Theory]
    [InlineData("2025-11-25")]
    [InlineData("2026-07-28")]
    public async Task Binary_Approved_SendsExactlyTheCatalogVectorsRequest(string era)
    {
        await using var client = await ConnectAsync(era, "accept");
        // The action tools arrive in the background; listing waits for them.
        await client.ListToolsAsync(cancellationToken: TestTimeout.Token);

        foreach (var (tool, vectorCase) in new[] { ("send_token", "all-args"), ("action_aave_v3_aave_supply", "aave-network-both-places") })
        {
            var before = _daemon.Requests.Count;
            var result = await CallVectorAsync(client, tool, vectorCase);

            CatalogVectors.AssertSent(tool, CatalogVectors.Find(tool, vectorCase), result, [.. _daemon.Requests.Skip(before)]);
        }
    }

    [Fact]
    public async Task Binary_ClassicEra_AsksWithAnElicitationRequestAndSendsNothingOnDecline()
    {
        using var server = StartRaw();
        await server.WriteLinesAsync(
            """{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{"elicitation":{}},"clientInfo":{"name":"raw","version":"1"}}}""",
            JsonRpcLines.Initialized);
        await server.WaitForResponseAsync("init", Answered);

        // Not a number: the server numbers its own requests from 1, and a reply is matched here by id alone.
        await server.WriteLinesAsync(JsonRpcLines.Request("call", "tools/call", SendTokenCall.ToJsonString()));
        await server.WaitForOutputAsync("\"elicitation/create\"", Answered);
        var question = JsonRpcLines.Parse(server.StdoutBytes()).Single(m => m.TryGetProperty("method", out var method) && method.GetString() == "elicitation/create");
        await server.WriteLinesAsync($$$"""{"jsonrpc":"2.0","id":{{{question.GetProperty("id").GetRawText()}}},"result":{"action":"decline"}}""");
        var reply = await server.WaitForResponseAsync("call", Answered);

        AssertAsksToAcceptOrDecline(question.GetProperty("params"));
        Assert.Contains("declined_by_user", reply.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Empty(_daemon.Requests);
    }

    [Fact]
    public async Task Binary_ModernEra_AsksInTheCallsInputRequiredResultAndTheRetryCarriesTheAnswer()
    {
        using var server = StartRaw();

        var (inputRequired, reply) = await CallAndAnswerInModernEraAsync(server, new JsonObject { ["action"] = "decline" }, changeOnRetry: null);

        Assert.Equal("input_required", inputRequired.GetProperty("resultType").GetString());
        Assert.Equal(JsonValueKind.String, inputRequired.GetProperty("requestState").ValueKind);
        var question = Assert.Single(inputRequired.GetProperty("inputRequests").EnumerateObject());
        Assert.Equal("input_1", question.Name);
        Assert.Equal("elicitation/create", question.Value.GetProperty("method").GetString());
        AssertAsksToAcceptOrDecline(question.Value.GetProperty("params"));
        Assert.Contains("declined_by_user", reply.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        // Never the classic request: in this era the question travels only inside the call's result.
        Assert.DoesNotContain(JsonRpcLines.Parse(server.StdoutBytes()), m => m.TryGetProperty("method", out var method) && method.GetString() == "elicitation/create");
        Assert.Empty(_daemon.Requests);
    }

    [Fact]
    public async Task Binary_ModernEra_RetryCarryingOtherArguments_SendsWhatTheUserApproved()
    {
        using var server = StartRaw();

        await CallAndAnswerInModernEraAsync(
            server, new JsonObject { ["action"] = "accept", ["content"] = new JsonObject() }, changeOnRetry: call => call["arguments"]!["to"] = "0xSomeoneElse");

        // The answer resumes the call the user saw; the retry's own arguments are not read.
        CatalogVectors.AssertSent("send_token", CatalogVectors.Find("send_token", "required-only"), new CallToolResult(), _daemon.Requests);
    }

    /// <summary>A form question about send_token with nothing to fill in: accept or decline is the whole answer.</summary>
    private static void AssertAsksToAcceptOrDecline(JsonElement question)
    {
        Assert.Equal("form", question.GetProperty("mode").GetString());
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse("""{"type":"object","properties":{}}"""), JsonNode.Parse(question.GetProperty("requestedSchema").GetRawText())),
            question.GetProperty("requestedSchema").GetRawText());
        Assert.Contains("(send_token)", question.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// A 2026-07-28 client's round trip: the send_token call, its input-required result, then the same call again with
    /// the request state and <paramref name="answer"/> (changed by <paramref name="changeOnRetry"/>). Answers the first
    /// call's input-required result and the retry's reply.
    /// </summary>
    private static async Task<(JsonElement InputRequired, JsonElement Reply)> CallAndAnswerInModernEraAsync(
        ServerProcess server, JsonObject answer, Action<JsonObject>? changeOnRetry)
    {
        var call = SendTokenCall;
        call["_meta"] = new JsonObject
        {
            ["io.modelcontextprotocol/protocolVersion"] = "2026-07-28",
            ["io.modelcontextprotocol/clientCapabilities"] = new JsonObject { ["elicitation"] = new JsonObject() },
        };

        await server.WriteLinesAsync(JsonRpcLines.Request(1, "tools/call", call.ToJsonString()));
        var inputRequired = (await server.WaitForResponseAsync(1, Answered)).GetProperty("result");
        var (key, _) = Assert.Single(inputRequired.GetProperty("inputRequests").EnumerateObject().Select(p => (p.Name, p.Value)));
        call["requestState"] = inputRequired.GetProperty("requestState").GetString();
        call["inputResponses"] = new JsonObject { [key] = answer };
        changeOnRetry?.Invoke(call);
        await server.WriteLinesAsync(JsonRpcLines.Request(2, "tools/call", call.ToJsonString()));
        return (inputRequired, await server.WaitForResponseAsync(2, Answered));
    }

    private static JsonObject SendTokenCall => new()
    {
        ["name"] = "send_token",
        ["arguments"] = JsonNode.Parse(CatalogVectors.Find("send_token", "required-only")["args"]!.ToJsonString()),
    };

    private ServerProcess StartRaw()
    {
        var now = DateTimeOffset.UtcNow;
        return ServerProcess.Start(new Dictionary<string, string>
        {
            ["WAIAAS_BASE_URL"] = _daemon.BaseUrl.ToString(),
            ["WAIAAS_SESSION_TOKEN"] = TestTokens.Create("s-1", now, now.AddHours(1)),
            ["WAIAAS_MCP_CONFIRM"] = "spend",
        });
    }

    private async Task<McpClient> ConnectAsync(string era, string? answer)
    {
        var now = DateTimeOffset.UtcNow;
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = PublishedBinary.FilePath,
            Name = "waiaas-mcp",
            EnvironmentVariables = new Dictionary<string, string?>
            {
                ["WAIAAS_BASE_URL"] = _daemon.BaseUrl.ToString(),
                ["WAIAAS_SESSION_TOKEN"] = TestTokens.Create("s-1", now, now.AddHours(1)),
                ["WAIAAS_MCP_CONFIRM"] = "spend",
            },
        });
        var options = new McpClientOptions { ProtocolVersion = era };
        if (answer is not null)
        {
            options.Handlers.ElicitationHandler = (_, _) => ValueTask.FromResult(new ElicitResult { Action = answer });
        }

        return await McpClient.CreateAsync(transport, options, cancellationToken: TestTimeout.Token);
    }

    private static async Task<CallToolResult> CallVectorAsync(McpClient client, string tool, string vectorCase) =>
        await client.CallToolAsync(tool, CatalogVectors.Arguments(CatalogVectors.Find(tool, vectorCase)), cancellationToken: TestTimeout.Token);
}
