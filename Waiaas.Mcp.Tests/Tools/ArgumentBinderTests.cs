using System.Text.Json;
using Waiaas.Mcp.Tools;

namespace Waiaas.Mcp.Tests.Tools;

/// <summary>Bad arguments at every nesting level: one message naming each argument path and what it expects.</summary>
public sealed class ArgumentBinderTests
{
    [Theory]
    [InlineData("get_policies", """{"limit":0}""", "'limit' must be an integer from 1 to 200, got 0")]
    [InlineData("get_policies", """{"limit":201}""", "'limit' must be an integer from 1 to 200, got 201")]
    [InlineData("get_policies", """{"limit":1.5}""", "'limit' must be an integer from 1 to 200, got a number")]
    [InlineData("get_policies", """{"offset":-1}""", "'offset' must be an integer from 0 to 9007199254740991, got -1")]
    [InlineData("send_token", """{"to":"0xb","amount":"1","gas_condition":{"timeout":"soon"}}""", "'gas_condition.timeout' must be a number, got a string")]
    [InlineData("send_token", """{"to":"0xb","amount":"1","gas_condition":{"maxGasPrice":"1"}}""", "'gas_condition.maxGasPrice' is not a field of 'gas_condition' (expected: max_gas_price, max_priority_fee, timeout)")]
    [InlineData("send_token", """{"to":"0xb","amount":"1","max_gas_price":"1"}""", "'max_gas_price' is not an argument of this tool")]
    [InlineData("send_token", """{"to":"0xb","amount":"1","gas_condition":"fast"}""", "'gas_condition' must be an object with fields max_gas_price, max_priority_fee, timeout, got a string")]
    [InlineData("send_token", """{"to":"0xb","amount":1}""", "'amount' must be a string, got a number")]
    [InlineData("send_token", """{"to":"0xb","amount":"1","type":"NFT"}""", "'type' must be one of \"TRANSFER\", \"TOKEN_TRANSFER\"")]
    [InlineData("send_token", """{"to":"0xb"}""", "'amount' is required (a string)")]
    [InlineData("simulate_transaction", """{"to":"0xb","amount":"1","token":{"address":"0xt","symbol":"USDC"}}""", "'token.decimals' is required (a number)")]
    [InlineData("send_batch", """{"instructions":[{"to":"0xb"}]}""", "'instructions' must be an array of 2 to 20 items, got 1 item(s)")]
    [InlineData("send_batch", """{"instructions":[{"to":"0xb"},"x"]}""", "'instructions[1]' must be an object, got a string")]
    [InlineData("call_contract", """{"to":"0xc","accounts":[{"pubkey":"k","isSigner":true}]}""", "'accounts[0].isWritable' is required (a boolean)")]
    [InlineData("call_contract", """{"to":"0xc","accounts":[{"pubkey":"k","isSigner":true,"isWritable":false,"extra":1}]}""", "'accounts[0].extra' is not a field of 'accounts[0]'")]
    [InlineData("sign_message", """{"sign_type":"eth_sign"}""", "'sign_type' must be one of \"personal\", \"typedData\"")]
    [InlineData("sign_message", """{"typed_data":{"domain":{"chainId":true},"types":{},"primaryType":"Mail","message":{}}}""", "'typed_data.domain.chainId' must be a number or a string, got a boolean")]
    [InlineData("sign_message", """{"typed_data":{"domain":{},"types":{"Mail":[{"name":"to"}]},"primaryType":"Mail","message":{}}}""", "'typed_data.types.Mail[0].type' is required (a string)")]
    [InlineData("sign_message", """{"typed_data":{"domain":{},"types":{},"message":{}}}""", "'typed_data.primaryType' is required (a string)")]
    [InlineData("x402_fetch", """{"url":"https://api.example/x","headers":{"X-Count":3}}""", "'headers.X-Count' must be a string, got a number")]
    [InlineData("x402_fetch", """{"url":"/relative"}""", "'url' must be an absolute URI string")]
    [InlineData("transfer_nft", """{"to":"0xb","token_address":"0xn","token_id":"1","standard":"erc20","network":"n"}""", "'standard' must be one of \"erc721\", \"erc1155\", \"metaplex\"")]
    [InlineData("build_userop", """{"wallet_id":"w","type":"BATCH","network":"n","calls":[{"amount":"1"}]}""", "'calls[0].to' is required (a string)")]
    [InlineData("get_rpc_proxy_url", """{"wallet_id":"w","chain_id":"8453"}""", "'chain_id' must be a number, got a string")]
    public void TryBind_BadArgument_NamesItsPathAndWhatIsExpected(string tool, string arguments, string expected)
    {
        var ok = ArgumentBinder.TryBind(ToolCatalog.Find(tool)!, Parse(arguments), out _, out var error);

        Assert.False(ok);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryBind_SeveralBadArguments_NamesEveryOneInOneMessage()
    {
        var ok = ArgumentBinder.TryBind(
            ToolCatalog.Find("send_token")!,
            Parse("""{"amount":5,"gas_condition":{"timeout":"x","speed":1},"bogus":true}"""),
            out _,
            out var error);

        Assert.False(ok);
        Assert.StartsWith("Invalid arguments for send_token: ", error, StringComparison.Ordinal);
        Assert.Contains("'amount' must be a string, got a number", error, StringComparison.Ordinal);
        Assert.Contains("'gas_condition.timeout' must be a number", error, StringComparison.Ordinal);
        Assert.Contains("'gas_condition.speed' is not a field of 'gas_condition'", error, StringComparison.Ordinal);
        Assert.Contains("'bogus' is not an argument of this tool", error, StringComparison.Ordinal);
        Assert.Contains("'to' is required (a string)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryBind_ValidNestedArguments_BindsThem()
    {
        var ok = ArgumentBinder.TryBind(
            ToolCatalog.Find("sign_message")!,
            Parse("""{"sign_type":"typedData","typed_data":{"domain":{"chainId":"0x1"},"types":{"Mail":[{"name":"to","type":"address"}]},"primaryType":"Mail","message":{"to":"0xb","n":[1,{"x":null}]}}}"""),
            out var bound,
            out var error);

        Assert.True(ok, error);
        Assert.Equal(2, bound.Count);
    }

    [Fact]
    public void TryBind_ExplicitNullTopLevel_CountsAsNotGiven()
    {
        var ok = ArgumentBinder.TryBind(ToolCatalog.Find("get_balance")!, Parse("""{"network":null}"""), out var bound, out _);

        Assert.True(ok);
        Assert.Empty(bound);
    }

    private static Dictionary<string, JsonElement> Parse(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
}
