using System.Text.Json;
using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Tests.Support;
using Waiaas.Mcp.Tools;
using Waiaas.Mcp.Tools.Actions;

namespace Waiaas.Mcp.Tests.Tools;

/// <summary>A field the daemon rejected, named back as the argument of the catalog's tool that sent it.</summary>
public sealed class ArgumentPathsTests
{
    [Theory]
    [InlineData("send_token", "gasCondition.timeout", "gas_condition.timeout")]
    [InlineData("send_token", "gasCondition.maxGasPrice", "gas_condition.max_gas_price")]
    [InlineData("send_token", "humanAmount", "human_amount")]
    [InlineData("send_token", "walletId", "wallet_id")]
    [InlineData("send_token", "token.decimals", "token.decimals")]
    [InlineData("transfer_nft", "token.standard", "standard")]
    [InlineData("transfer_nft", "token.tokenId", "token_id")]
    [InlineData("send_batch", "instructions[1].amount", "instructions[1].amount")]
    [InlineData("send_batch", "instructions[0].token.decimals", "instructions[0].token.decimals")]
    [InlineData("list_transactions", "limit", "limit")]
    [InlineData("list_transactions", "walletId", "wallet_id")]
    public void ArgumentPath_FieldAToolSends_IsItsArgument(string tool, string daemonPath, string argumentPath)
    {
        Assert.Equal(argumentPath, ArgumentPaths.ArgumentPath(ToolCatalog.Find(tool)!, daemonPath));
    }

    [Theory]
    [InlineData("params.asset", "asset")]
    [InlineData("params.humanAmount", "humanAmount")]
    [InlineData("params.network", "network")]
    [InlineData("network", "network")]
    [InlineData("walletId", "wallet_id")]
    public void ArgumentPath_FieldOfAnAction_IsItsArgument(string daemonPath, string argumentPath)
    {
        var providers = JsonDocument.Parse(FakeDaemon.ReadFixture("GET-v1-actions-providers.200.json")).RootElement;
        var tool = ActionToolFactory.FromProviders(providers, new HashSet<string>(StringComparer.Ordinal))
            .Tools.Single(t => t.Name == "action_aave_v3_aave_supply");

        Assert.Equal(argumentPath, ArgumentPaths.ArgumentPath(tool, daemonPath));
    }

    [Theory]
    [InlineData("call_contract", "type")]
    [InlineData("send_token", "(request)")]
    [InlineData("send_token", "toAddress")]
    [InlineData("send_token", "gas")]
    [InlineData("send_token", "")]
    [InlineData("send_token", "gasCondition..timeout")]
    [InlineData("send_batch", "[0]")]
    [InlineData("send_batch", "instructions[0")]
    public void ArgumentPath_FieldNoArgumentSends_IsNull(string tool, string daemonPath)
    {
        // call_contract's type is a constant of its body, not an argument.
        Assert.Null(ArgumentPaths.ArgumentPath(ToolCatalog.Find(tool)!, daemonPath));
    }

    [Fact]
    public void InToolTerms_ValidationError_EachFieldGetsItsArgumentAndKeepsTheDaemonsName()
    {
        var error = new DaemonResult.ApiError(
            "ACTION_VALIDATION_FAILED", "Validation error", false,
            Fields: [new FieldProblem("gasCondition.timeout", "too small"), new FieldProblem("type", "invalid")]);

        var named = Assert.IsType<DaemonResult.ApiError>(ArgumentPaths.InToolTerms(ToolCatalog.Find("call_contract")!, error));

        Assert.Equal(["gas_condition.timeout", null], named.Fields!.Select(f => f.Argument));
        Assert.Equal(["gasCondition.timeout", "type"], named.Fields!.Select(f => f.Field));
    }
}
