using System.Text.Json;
using Waiaas.Mcp.Tests.Support;
using Waiaas.Mcp.Tools;
using Waiaas.Mcp.Tools.Checking;

namespace Waiaas.Mcp.Tests.Tools;

/// <summary>Bad arguments at every depth, and the cross-argument rules: each problem with its path and kind.</summary>
public sealed class ArgumentCheckerTests
{
    [Theory]
    [InlineData("get_policies", """{"limit":0}""", "limit", nameof(ProblemKind.OutOfRange))]
    [InlineData("get_policies", """{"limit":1.5}""", "limit", nameof(ProblemKind.WrongType))]
    [InlineData("get_policies", """{"offset":-1}""", "offset", nameof(ProblemKind.OutOfRange))]
    [InlineData("send_token", """{"to":"0xb","amount":"1","gas_condition":{"max_gas_price":"1","timeout":"soon"}}""", "gas_condition.timeout", nameof(ProblemKind.WrongType))]
    [InlineData("send_token", """{"to":"0xb","amount":"1","gas_condition":{"max_gas_price":"1","timeout":30}}""", "gas_condition.timeout", nameof(ProblemKind.OutOfRange))]
    [InlineData("send_token", """{"to":"0xb","amount":"1","gas_condition":{"timeout":600}}""", "gas_condition", nameof(ProblemKind.NoneOfGiven))]
    [InlineData("send_token", """{"to":"0xb","amount":"1","gas_condition":{"max_gas_price":"1","maxGasPrice":"1"}}""", "gas_condition.maxGasPrice", nameof(ProblemKind.Unknown))]
    [InlineData("send_token", """{"to":"0xb","amount":"1","max_gas_price":"1"}""", "max_gas_price", nameof(ProblemKind.Unknown))]
    [InlineData("send_token", """{"to":"0xb","amount":"1.5"}""", "amount", nameof(ProblemKind.PatternMismatch))]
    [InlineData("send_token", """{"to":"0xb","amount":1}""", "amount", nameof(ProblemKind.WrongType))]
    [InlineData("send_token", """{"to":"0xb","amount":"1","memo":"é"}""", null, null)]
    [InlineData("send_token", """{"to":"0xb","amount":"1","memo":"\ud83d"}""", "memo", nameof(ProblemKind.InvalidText))]
    [InlineData("send_token", """{"to":"0xb","amount":"1","token":{"symbol":"TOOLONGSYMBOL"}}""", "token.symbol", nameof(ProblemKind.TooLong))]
    [InlineData("send_token", """{"to":"0xb","amount":"1","token":{"decimals":19}}""", "token.decimals", nameof(ProblemKind.OutOfRange))]
    [InlineData("send_token", """{"to":"0xb","amount":"1","type":"NFT"}""", "type", nameof(ProblemKind.NotAllowed))]
    [InlineData("transfer_nft", """{"to":"0xb","token_address":"0xn","token_id":"1","standard":"erc721","network":"n"}""", "standard", nameof(ProblemKind.NotAllowed))]
    [InlineData("send_batch", """{"instructions":[{"to":"0xb"}]}""", "instructions", nameof(ProblemKind.WrongItemCount))]
    [InlineData("send_batch", """{"instructions":[{"to":"0xb"},"x"]}""", "instructions[1]", nameof(ProblemKind.WrongType))]
    [InlineData("call_contract", """{"to":"0xc","accounts":[{"pubkey":"k","isSigner":true}]}""", "accounts[0].isWritable", nameof(ProblemKind.Required))]
    [InlineData("call_contract", """{"to":"0xc","accounts":[{"pubkey":"k","isSigner":true,"isWritable":false,"extra":1}]}""", "accounts[0].extra", nameof(ProblemKind.Unknown))]
    [InlineData("sign_message", """{"typed_data":{"domain":{"chainId":true},"types":{},"primaryType":"Mail","message":{}}}""", "typed_data.domain.chainId", nameof(ProblemKind.WrongType))]
    [InlineData("sign_message", """{"typed_data":{"domain":{},"types":{"Mail":[{"name":"to"}]},"primaryType":"Mail","message":{}}}""", "typed_data.types.Mail[0].type", nameof(ProblemKind.Required))]
    [InlineData("x402_fetch", """{"url":"/relative"}""", "url", nameof(ProblemKind.NotAbsoluteUri))]
    [InlineData("x402_fetch", """{"url":"https://api.example/x","headers":{"X-Count":3}}""", "headers.X-Count", nameof(ProblemKind.WrongType))]
    [InlineData("erc8128_sign_request", """{"url":"https://api.example/x","nonce":true}""", "nonce", nameof(ProblemKind.WrongType))]
    [InlineData("erc8128_sign_request", """{"url":"https://api.example/x","nonce":false}""", null, null)]
    [InlineData("erc8128_sign_request", """{"url":"https://api.example/x","ttl_seconds":5}""", "ttl_seconds", nameof(ProblemKind.OutOfRange))]
    [InlineData("evm_read", """{"chain_id":1,"method":"eth_sendTransaction"}""", "method", nameof(ProblemKind.NotAllowed))]
    [InlineData("evm_read", """{"chain_id":5,"method":"eth_call"}""", "chain_id", nameof(ProblemKind.NotAllowed))]
    [InlineData("get_rpc_proxy_url", """{"wallet_id":"w","chain_id":"8453"}""", "chain_id", nameof(ProblemKind.WrongType))]
    [InlineData("build_userop", """{"wallet_id":"w","type":"TOKEN_TRANSFER","network":"base-sepolia","token":{"address":"0xt","symbol":"T"}}""", "token.decimals", nameof(ProblemKind.Required))]
    [InlineData("build_userop", """{"wallet_id":"w","type":"TRANSFER","network":"base"}""", "network", nameof(ProblemKind.NotAllowed))]
    [InlineData("build_userop", """{"wallet_id":"w","type":"TRANSFER","network":"base-sepolia","to":"0xb","calldata":"0x"}""", "calldata", nameof(ProblemKind.RuledOut))]
    [InlineData("simulate_transaction", """{"type":"TRANSFER","to":"0xb","amount":"1","token":{"assetId":"a"}}""", "token", nameof(ProblemKind.RuledOut))]
    [InlineData("simulate_transaction", """{"type":"BATCH","to":"0xb","instructions":[{},{}]}""", "to", nameof(ProblemKind.RuledOut))]
    public void Check_Arguments_FindsExactlyTheExpectedProblem(string tool, string arguments, string? path, string? kind)
    {
        var problems = Check(tool, arguments).Problems.Select(p => (p.Path, p.Kind.ToString()));

        Assert.Equal(path is null ? [] : [(path, kind!)], problems);
    }

    [Theory]
    [InlineData("""{"to":"0xb"}""", "amount", nameof(ProblemKind.ExactlyOneOf))]
    [InlineData("""{"to":"0xb","amount":"1","human_amount":"1"}""", "amount", nameof(ProblemKind.ExactlyOneOf))]
    [InlineData("""{"to":"0xb","amount":"1","type":"TRANSFER","token":{"assetId":"eip155:1/erc20:0x1"}}""", "token", nameof(ProblemKind.RuledOut))]
    [InlineData("""{"to":"0xb","amount":"1","type":"TOKEN_TRANSFER"}""", "token", nameof(ProblemKind.RequiredByValue))]
    public void Check_SendTokenRules_RefuseWhatTheDaemonWouldMisread(string arguments, string path, string kind)
    {
        Assert.Equal([(path, kind)], Check("send_token", arguments).Problems.Select(p => (p.Path, p.Kind.ToString())));
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("%2e")]
    [InlineData("%2E%2e")]
    [InlineData(".%2E")]
    [InlineData("%252e%252e")]
    [InlineData("")]
    [InlineData("a\nb")]
    public void Check_PathValueThatIsNoSegment_IsRefused(string value)
    {
        var arguments = JsonSerializer.Serialize(new Dictionary<string, string> { ["transaction_id"] = value }, TestJson.Default.DictionaryStringString);

        Assert.Equal([("transaction_id", ProblemKind.NotAPathSegment)], Check("get_transaction", arguments).Problems.Select(p => (p.Path, p.Kind)));
    }

    [Fact]
    public void Check_ProblemInOneArgument_StillReportsAMissingArgumentWithASimilarName()
    {
        // A message prefix match once let a problem with 'token' hide that 'to' is missing.
        var problems = Check("send_token", """{"amount":"1","token":5}""").Problems.Select(p => (p.Path, p.Kind));

        Assert.Equal([("token", ProblemKind.WrongType), ("to", ProblemKind.Required)], problems);
    }

    [Fact]
    public void Check_ExplicitNull_CountsAsNotGiven()
    {
        var call = Check("get_balance", """{"network":null}""");

        Assert.True(call.IsValid);
        Assert.Empty(call.Arguments);
    }

    [Fact]
    public void Message_SeveralProblems_NamesEveryOneWithWhatItExpects()
    {
        var call = Check("send_token", """{"amount":5,"gas_condition":{"timeout":"x","speed":1},"bogus":true}""");

        var message = ArgumentProblemText.Message("send_token", call.Problems);

        Assert.Equal(
            "Invalid arguments for send_token: 'amount' must be a string of decimal digits (the smallest unit, e.g. wei), got a number; "
            + "'gas_condition.timeout' must be an integer from 60 to 86400, got a string; "
            + "'gas_condition.speed' is not a field here (expected: max_gas_price, max_priority_fee, timeout); "
            + "'gas_condition' needs at least one of 'max_gas_price', 'max_priority_fee'; "
            + "'bogus' is not an argument of this tool (expected: to, amount, human_amount, memo, type, network, token, wallet_id, gas_condition); "
            + "'to' is required (a string).",
            message);
    }

    [Theory]
    [InlineData("send_token", """{"to":"0xb","amount":"1","type":"TRANSFER","token":{"assetId":"a"}}""", "'token' cannot be used with type TRANSFER")]
    [InlineData("send_token", """{"to":"0xb","amount":"1","type":"TOKEN_TRANSFER"}""", "'token' is required when type is TOKEN_TRANSFER")]
    [InlineData("send_token", """{"to":"0xb","amount":"1","human_amount":"1"}""", "give exactly one of 'amount' and 'human_amount', not both")]
    [InlineData("approve_token", """{"spender":"0xs","token":{"assetId":"a"}}""", "give exactly one of 'amount' and 'human_amount', not neither")]
    [InlineData("transfer_nft", """{"to":"0xb","token_address":"0xn","token_id":"1","standard":"erc721","network":"n"}""", "'standard' must be one of \"ERC-721\", \"ERC-1155\", \"METAPLEX\", \"XLS-20\", got \"erc721\"")]
    [InlineData("get_policies", """{"limit":0}""", "'limit' must be an integer from 1 to 200, got 0")]
    [InlineData("send_batch", """{"instructions":[{"to":"0xb"}]}""", "'instructions' must be an array of 2 to 20 items, got 1 item(s)")]
    [InlineData("get_transaction", """{"transaction_id":".."}""", "'transaction_id' names a URL path segment")]
    [InlineData("connect_info", """{"x":1}""", "'x' is not an argument of this tool (it takes none)")]
    public void Message_Problem_SaysWhatToChange(string tool, string arguments, string expected)
    {
        var message = ArgumentProblemText.Message(tool, Check(tool, arguments).Problems);

        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    private static CheckedCall Check(string tool, string arguments) =>
        ArgumentChecker.Check(
            ToolCatalog.Find(tool)!,
            JsonDocument.Parse(arguments).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()));
}
