using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Tests.Support;
using Waiaas.Mcp.Tools;
using Waiaas.Mcp.Tools.Confirmation;

namespace Waiaas.Mcp.Tests.Tools;

/// <summary>
/// WAIAAS_MCP_CONFIRM=spend through a real MCP client (which answers the elicitation, or declares no capability) and
/// the production wiring, in both protocol eras: what is not approved never reaches the daemon, what is approved is
/// exactly the catalog's request, and only the tools that move funds or grant rights ask.
/// </summary>
public sealed class SpendConfirmationTests : IAsyncLifetime
{
    private static readonly ServerConfiguration Spend = ServerConfiguration.FromVariables(
        name => name == EnvironmentVariables.Confirm ? "spend" : null);

    private readonly ConcurrentQueue<ElicitRequestParams> _asked = new();
    private FakeDaemon _daemon = null!;

    public async Task InitializeAsync()
    {
        _daemon = await FakeDaemon.StartAsync();
        CatalogVectors.Serve(_daemon);
    }

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    public static TheoryData<string> Eras() => ["2025-11-25", "2026-07-28"];

    public static TheoryData<string, string> ErasAndRefusals() => new()
    {
        { "2025-11-25", "decline" },
        { "2025-11-25", "cancel" },
        { "2026-07-28", "decline" },
        { "2026-07-28", "cancel" },
    };

    [Theory]
    [MemberData(nameof(ErasAndRefusals))]
    public async Task Confirm_HumanDeclinesOrDismisses_NothingReachesTheDaemonAndTheModelIsToldNotToRetry(string era, string action)
    {
        await using var server = await StartAsync(era, Answer(action));

        var result = await CallVectorAsync(server, "send_token", "all-args");

        var guidance = JsonNode.Parse(Text(result))!;
        Assert.Null(result.IsError);
        Assert.Equal("declined_by_user", guidance["status"]!.GetValue<string>());
        Assert.False(guidance["retryable"]!.GetValue<bool>());
        var question = Assert.Single(_asked);
        // Nothing to fill in: accept or decline is the whole answer.
        Assert.Equal("form", question.Mode);
        Assert.Empty(question.RequestedSchema!.Properties);
        Assert.Contains("(send_token)", question.Message, StringComparison.Ordinal);
        Assert.Empty(_daemon.Requests);
    }

    public static TheoryData<string, string> ErasAndAnswersNotUnderstood()
    {
        var data = new TheoryData<string, string>();
        foreach (var era in new[] { "2025-11-25", "2026-07-28" })
        {
            // Not MCP's action values: only "accept", exactly, approves.
            foreach (var action in new[] { "ACCEPT", "Accept", "accept ", "accepted", "yes", "" })
            {
                data.Add(era, action);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ErasAndAnswersNotUnderstood))]
    public async Task Confirm_AnswerNotExactlyAccept_NothingReachesTheDaemonAndTheModelIsToldTheAnswerWasNotUnderstood(
        string era, string action)
    {
        await using var server = await StartAsync(era, Answer(action));

        var result = await CallVectorAsync(server, "send_token", "all-args");

        var guidance = JsonNode.Parse(Text(result))!;
        Assert.Equal("confirmation_unavailable", guidance["status"]!.GetValue<string>());
        Assert.Contains("was not understood", guidance["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(guidance["retryable"]!.GetValue<bool>());
        Assert.Single(_asked);
        Assert.Empty(_daemon.Requests);
    }

    [Theory]
    [MemberData(nameof(Eras))]
    public async Task Confirm_AnswerWithoutAnAction_TakenAsDismissedAndNothingSent(string era)
    {
        // A null action is left out of the JSON: the answer arrives without one.
        await using var server = await StartAsync(era, Answer(null!));

        var result = await CallVectorAsync(server, "send_token", "all-args");

        Assert.Equal("declined_by_user", JsonNode.Parse(Text(result))!["status"]!.GetValue<string>());
        Assert.Empty(_daemon.Requests);
    }

    [Theory]
    [MemberData(nameof(Eras))]
    public async Task Confirm_QuestionNotAnsweredInTime_WithdrawnAndNothingSentEvenIfTheUserAcceptsLater(string era)
    {
        var asked = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lateAnswer = new TaskCompletionSource<ElicitResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handlers = new McpClientHandlers
        {
            ElicitationHandler = async (_, questionCancelled) =>
            {
                asked.TrySetResult(questionCancelled);
                return await lateAnswer.Task;
            },
        };
        var now = DateTimeOffset.UtcNow;
        var time = new FakeTimeProvider(now);
        await using var server = await TestServer.StartAsync(
            Spend with { BaseUrl = _daemon.BaseUrl, SessionToken = TestTokens.Create("s-1", now, now.AddDays(1)) },
            time, protocolVersion: era, clientHandlers: handlers);

        var call = server.Client.CallToolAsync(
            "send_token", CatalogVectors.Arguments(CatalogVectors.Find("send_token", "required-only")), cancellationToken: TestTimeout.Token);
        var questionCancelled = await asked.Task.WaitAsync(TestTimeout.Token);
        time.Advance(SpendConfirmation.AnswerTimeout);
        if (era == "2025-11-25")
        {
            // The withdrawn elicitation/create is cancelled at the client too: nothing is left waiting on either side.
            var withdrawn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = questionCancelled.Register(withdrawn.SetResult);
            await withdrawn.Task.WaitAsync(TestTimeout.Token);
        }

        // 2026-07-28: the client calls again only once it has an answer; the call the answer resumes has already ended.
        lateAnswer.SetResult(new ElicitResult { Action = "accept" });
        var result = await call;

        var guidance = JsonNode.Parse(Text(result))!;
        Assert.Equal("declined_by_user", guidance["status"]!.GetValue<string>());
        Assert.Contains("did not answer the question confirming this call in time", guidance["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(guidance["retryable"]!.GetValue<bool>());
        Assert.Empty(_daemon.Requests);
    }

    [Theory]
    [MemberData(nameof(Eras))]
    public async Task Confirm_ClientWithoutElicitation_NothingReachesTheDaemonAndTheModelIsToldItCannotAsk(string era)
    {
        await using var server = await StartAsync(era, handlers: null);

        var result = await CallVectorAsync(server, "action_aave_v3_aave_supply", "aave-network-both-places");

        var guidance = JsonNode.Parse(Text(result))!;
        Assert.Null(result.IsError);
        Assert.Equal("confirmation_unavailable", guidance["status"]!.GetValue<string>());
        Assert.Contains("does not support elicitation", guidance["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(guidance["retryable"]!.GetValue<bool>());
        Assert.Empty(_daemon.Requests);
    }

    [Theory]
    [MemberData(nameof(Eras))]
    public async Task Confirm_HumanAccepts_SendsExactlyTheCatalogVectorsRequest(string era)
    {
        await using var server = await StartAsync(era, Answer("accept"));

        foreach (var (tool, vectorCase) in new[] { ("send_token", "all-args"), ("action_lido_staking_stake", "network-not-declared") })
        {
            var before = _daemon.Requests.Count;
            var result = await CallVectorAsync(server, tool, vectorCase);

            CatalogVectors.AssertSent(tool, CatalogVectors.Find(tool, vectorCase), result, [.. _daemon.Requests.Skip(before)]);
        }

        Assert.Equal(2, _asked.Count);
    }

    [Fact]
    public async Task Confirm_ClientAnswersTheQuestionWithAnError_NothingReachesTheDaemon()
    {
        var handlers = new McpClientHandlers { ElicitationHandler = (_, _) => throw new InvalidOperationException("no screen") };
        await using var server = await StartAsync("2025-11-25", handlers);

        var result = await CallVectorAsync(server, "transfer_nft", "required-only");

        var guidance = JsonNode.Parse(Text(result))!;
        Assert.Equal("confirmation_unavailable", guidance["status"]!.GetValue<string>());
        // The SDK's client answers a handler's exception with the error "An error occurred.": the model is told that.
        Assert.Contains(
            "(the client could not show the question: Request failed (remote): An error occurred.)",
            guidance["message"]!.GetValue<string>(),
            StringComparison.Ordinal);
        Assert.Empty(_daemon.Requests);
    }

    [Fact]
    public async Task Confirm_StatelessClientNeverCallsAgainAfterTheInputRequiredResult_NothingSentAndTheSessionEndsNormally()
    {
        var now = DateTimeOffset.UtcNow;
        await using var server = RawServer.Start(
            Spend with { BaseUrl = _daemon.BaseUrl, SessionToken = TestTokens.Create("s-1", now, now.AddHours(1)) });
        const string meta = """
            "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{"elicitation":{}}}
            """;
        var arguments = CatalogVectors.Find("send_token", "required-only")["args"]!.ToJsonString();

        var asked = (await server.RequestAsync("send", "tools/call", $$"""{"name":"send_token","arguments":{{arguments}},{{meta}}}""")).GetProperty("result");
        // The client goes on without answering: another call is served, then the session ends (the input closes).
        var other = await server.RequestAsync("balance", "tools/call", $$"""{"name":"get_balance","arguments":{},{{meta}}}""");
        await server.CloseInputAsync();

        Assert.Equal("input_required", asked.GetProperty("resultType").GetString());
        Assert.Equal("elicitation/create", asked.GetProperty("inputRequests").GetProperty("input_1").GetProperty("method").GetString());
        Assert.Equal(JsonValueKind.Object, other.GetProperty("result").ValueKind);
        Assert.Equal(["/v1/wallet/balance"], _daemon.Requests.Select(r => r.PathAndQuery));
        Assert.DoesNotContain(server.Received, message => message.TryGetProperty("method", out var method) && method.GetString() == "elicitation/create");
        Assert.DoesNotContain(server.Received, message => JsonRpcLines.IsResponseTo(message, "send") && message.GetProperty("result").GetProperty("resultType").GetString() != "input_required");
    }

    [Fact]
    public async Task Confirm_CallCancelledWhileAsking_NothingSentEvenIfTheUserAcceptsLater()
    {
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = new TaskCompletionSource<ElicitResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handlers = new McpClientHandlers
        {
            ElicitationHandler = async (_, _) =>
            {
                asked.TrySetResult();
                return await answer.Task;
            },
        };
        var logs = new RecordingLoggerFactory();
        var now = DateTimeOffset.UtcNow;
        await using var server = await TestServer.StartAsync(
            Spend with { BaseUrl = _daemon.BaseUrl, SessionToken = TestTokens.Create("s-1", now, now.AddHours(1)) },
            new FakeTimeProvider(now), logs, "2025-11-25", handlers);
        using var cancel = new CancellationTokenSource();

        var call = server.Client.CallToolAsync("send_token", CatalogVectors.Arguments(CatalogVectors.Find("send_token", "required-only")), cancellationToken: cancel.Token);
        await asked.Task.WaitAsync(TestTimeout.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await call);
        await logs.WaitForAsync(entry => entry.Message.Contains("canceled request", StringComparison.Ordinal));
        answer.SetResult(new ElicitResult { Action = "accept" });
        // A call of its own after the late answer: anything the answer set off would have reached the daemon first.
        await server.Client.CallToolAsync("get_balance", cancellationToken: TestTimeout.Token);

        Assert.Equal(["/v1/wallet/balance"], _daemon.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task Confirm_Unset_SpendingToolsSendWithoutAsking()
    {
        var now = DateTimeOffset.UtcNow;
        await using var server = await TestServer.StartAsync(
            new ServerConfiguration { BaseUrl = _daemon.BaseUrl, SessionToken = TestTokens.Create("s-1", now, now.AddHours(1)) },
            new FakeTimeProvider(now), clientHandlers: Answer("decline"));

        var result = await CallVectorAsync(server, "send_token", "required-only");

        CatalogVectors.AssertSent("send_token", CatalogVectors.Find("send_token", "required-only"), result, _daemon.Requests);
        Assert.Empty(_asked);
    }

    [Fact]
    public void Covers_WithSpend_ExactlyTheToolsThatMoveFundsOrGrantRights()
    {
        var confirmation = new SpendConfirmation(Spend, TimeProvider.System);

        var covered = ToolCatalog.All.Where(confirmation.Covers).Select(t => t.Name);

        // The README lists these; sign-only tools (sign_transaction, sign_message, ...) and reads are not among them.
        Assert.Equal(
            ["approve_token", "call_contract", "deploy_contract", "send_batch", "send_token", "transfer_nft", "x402_fetch"],
            covered.Order(StringComparer.Ordinal));
    }

    /// <summary>The vectors whose question is snapshot-tested (one per kind of spending call).</summary>
    public static TheoryData<string, string> MessageSnapshots => new()
    {
        { "send_token", "all-args" },
        { "approve_token", "all-args" },
        { "x402_fetch", "all-args" },
        { "send_batch", "all-args" },
        { "call_contract", "all-args" },
        { "action_aave_v3_aave_supply", "dry-run" },
    };

    [Theory]
    [MemberData(nameof(MessageSnapshots))]
    public async Task Message_CatalogVector_MatchesItsSnapshot(string tool, string vectorCase)
    {
        await using var server = await StartAsync("2025-11-25", Answer("decline"));

        await CallVectorAsync(server, tool, vectorCase);

        Snapshot.Match(Assert.Single(_asked).Message, $"confirmation/{tool}.{vectorCase}.txt");
    }

    [Fact]
    public void Message_ValuesWithLineBreaksAndDirectionMarks_CannotDrawALineOfTheirOwn()
    {
        var arguments = JsonSerializer.Deserialize(
            """{"to":"0xAttacker\nTo: 0xFriend\u2028Network: ethereum-sepolia","amount":"1\r\n","memo":"\u202Edniwer"}""",
            TestJson.Default.DictionaryStringJsonElement)!;

        var message = ConfirmationMessage.For(ToolCatalog.Find("send_token")!, arguments, walletId: null, walletName: null);

        var lines = message.Split('\n');
        Assert.Single(lines, line => line.StartsWith("To:", StringComparison.Ordinal));
        Assert.Single(lines, line => line.StartsWith("Network:", StringComparison.Ordinal));
        Assert.Contains("To: 0xAttacker To: 0xFriend Network: ethereum-sepolia", lines);
        Assert.DoesNotContain('\u202E', message);
        Assert.DoesNotContain('\r', message);
    }

    [Fact]
    public void Message_TokenAmountWithDecimals_ShowsWholeUnitsSymbolFirstAndTheDecimalsUncut()
    {
        // The audit's call: a real Sepolia USDC with its address and CAIP-19 id.
        var message = Message("send_token", """
            {"to":"0x8ba1f109551bD432803012645Ac136ddd64DBA72","amount":"1500000","network":"ethereum-sepolia",
             "token":{"address":"0x1c7D4B196Cb0C7B01d743Fbc6116a902379C7238","decimals":6,"symbol":"USDC",
                      "assetId":"eip155:11155111/erc20:0x1c7d4b196cb0c7b01d743fbc6116a902379c7238"}}
            """);

        var lines = message.Split('\n');
        Assert.Contains("Amount: 1.5 USDC (1500000 in the smallest unit)", lines);
        Assert.Contains("Token: USDC, 6 decimals", lines);
        Assert.DoesNotContain('…', message);
    }

    [Theory]
    [InlineData("""{"to":"0xB","amount":"1500000","token":{"assetId":"eip155:1/erc20:0xA"}}""", "Amount: 1500000 in the token's smallest unit (its decimals are unknown here)")]
    [InlineData("""{"to":"0xB","amount":"1500000"}""", "Amount: 1500000 in the native coin's smallest unit (wei, lamports; its decimals are unknown here)")]
    [InlineData("""{"to":"0xB","human_amount":"1.5","token":{"address":"0xA","decimals":6,"symbol":"USDC"}}""", "Amount: 1.5 USDC (in whole units; the daemon converts them)")]
    public void Message_AmountWhoseDecimalsAreNotGiven_KeepsTheUnitItWasGivenIn(string arguments, string expectedLine) =>
        Assert.Contains(expectedLine, Message("send_token", arguments).Split('\n'));

    [Fact]
    public void Message_AmountLongerThanAnyOtherValue_IsNeverCut()
    {
        var digits = string.Concat(Enumerable.Repeat("1234567890", 20));

        var message = Message("send_token", $$$"""{"to":"0xB","amount":"{{{digits}}}","token":{"address":"0xA","decimals":18,"symbol":"DAI"}}""");

        Assert.Contains($"Amount: {digits[..^18]}.{digits[^18..].TrimEnd('0')} DAI ({digits} in the smallest unit)", message.Split('\n'));
    }

    [Fact]
    public void Message_ContractCallValue_InTheNativeCoinBesideTheWei() =>
        Assert.Contains(
            "Value: 0.25 of the native coin, e.g. ETH (250000000000000000 wei)",
            Message("call_contract", """{"to":"0xC","calldata":"0x","value":"250000000000000000"}""").Split('\n'));

    [Theory]
    [InlineData("0", "Amount: 0, with nft: approves only the NFT with token id 7")]
    [InlineData("1", "Amount: 1, with nft: approves EVERY NFT of this collection (setApprovalForAll), not one token id")]
    public void Message_NftApproval_SaysWhetherItApprovesOneNftOrTheWholeCollection(string amount, string expectedLine) =>
        Assert.Contains(expectedLine, Message("approve_token", $$$"""
            {"spender":"0xS","amount":"{{{amount}}}","token":{"address":"0xA"},"nft":{"tokenId":"7","standard":"ERC-721"}}
            """).Split('\n'));

    [Fact]
    public void Message_BatchInstructionWithLongAddresses_ShowsItsAmountFirstAndUncut()
    {
        var message = Message("send_batch", """
            {"instructions":[
              {"to":"0x8ba1f109551bD432803012645Ac136ddd64DBA72","amount":"2500000",
               "token":{"address":"0x1c7D4B196Cb0C7B01d743Fbc6116a902379C7238","decimals":6,"symbol":"USDC",
                        "assetId":"eip155:11155111/erc20:0x1c7d4b196cb0c7b01d743fbc6116a902379c7238"}},
              {"to":"0x8ba1f109551bD432803012645Ac136ddd64DBA72","value":"1000000000000000000","calldata":"0x"}]}
            """);

        var lines = message.Split('\n');
        Assert.Single(lines, line => line.StartsWith("  1. amount 2.5 USDC (2500000 in the smallest unit); ", StringComparison.Ordinal));
        Assert.Single(lines, line => line.StartsWith("  2. value 1 of the native coin, e.g. ETH (1000000000000000000 wei); ", StringComparison.Ordinal));
    }

    private static string Message(string tool, string arguments) => ConfirmationMessage.For(
        ToolCatalog.Find(tool)!,
        JsonSerializer.Deserialize(arguments, TestJson.Default.DictionaryStringJsonElement)!,
        walletId: null,
        walletName: null);

    private async Task<TestServer> StartAsync(string era, McpClientHandlers? handlers)
    {
        var now = DateTimeOffset.UtcNow;
        var server = await TestServer.StartAsync(
            Spend with { BaseUrl = _daemon.BaseUrl, SessionToken = TestTokens.Create("s-1", now, now.AddHours(1)) },
            new FakeTimeProvider(now), protocolVersion: era, clientHandlers: handlers);
        // The action tools are fetched in the background; listing waits for them (the fetch is not recorded).
        await server.Client.ListToolsAsync(cancellationToken: TestTimeout.Token);
        return server;
    }

    private McpClientHandlers Answer(string action) => new()
    {
        ElicitationHandler = (question, _) =>
        {
            _asked.Enqueue(question!);
            return ValueTask.FromResult(new ElicitResult { Action = action });
        },
    };

    private static async Task<CallToolResult> CallVectorAsync(TestServer server, string tool, string vectorCase) =>
        await server.Client.CallToolAsync(tool, CatalogVectors.Arguments(CatalogVectors.Find(tool, vectorCase)), cancellationToken: TestTimeout.Token);

    private static string Text(CallToolResult result) => Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
}
