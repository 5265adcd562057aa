using System.Globalization;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Json;
using Waiaas.Mcp.Daemon;
using static Waiaas.Mcp.Tools.Arguments;
using static Waiaas.Mcp.Tools.Schema.Schemas;
using Waiaas.Mcp.Results;

namespace Waiaas.Mcp.Tools.Composite;

/// <summary>
/// get_rpc_proxy_url: the proxy's base URL comes from connect-info (<c>rpcProxy</c>, null unless the daemon enables
/// the proxy); the wallet and chain complete it as the daemon's route <c>POST /v1/rpc-evm/{walletId}/{chainId}</c>.
/// </summary>
internal static class GetRpcProxyUrl
{
    public static ToolDefinition Tool { get; } = new()
    {
        Name = "get_rpc_proxy_url",
        Title = "RPC proxy URL",
        Hints = ToolHints.Read,
        Description =
            "Get the daemon's EVM JSON-RPC proxy URL for a wallet and chain, for tools such as Foundry or viem "
            + "that send transactions through the wallet's policies; the URL needs the header Authorization: "
            + "Bearer <session token>. To read chain state from here, use evm_read.",
        Route = DaemonRoute.Get("/v1/connect-info"),
        Arguments =
        [
            Local("wallet_id", Text("Wallet id (UUID from connect_info).")).Required(),
            Local("chain_id", Integer("EVM chain id, e.g. 1 or 8453.")).Required(),
        ],
        Executor = ExecuteAsync,
    };

    private static async Task<CallToolResult> ExecuteAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var result = await call.SendAsync(call.DeclaredRequest(), cancellationToken).ConfigureAwait(false);
        if (result is not DaemonResult.Ok info)
        {
            return ResultMapper.ToToolResult(result);
        }

        using var json = JsonDocument.Parse(info.Json);
        var proxy = json.RootElement.ValueKind == JsonValueKind.Object
            && json.RootElement.TryGetProperty("rpcProxy", out var p) ? p : default;
        var enabled = proxy.ValueKind == JsonValueKind.Object
            && proxy.TryGetProperty("enabled", out var e) && e.ValueKind == JsonValueKind.True;
        if (!enabled || JsonText.StringProperty(proxy, "baseUrl") is not { } baseUrl)
        {
            return ResultMapper.InvalidCall(
                "RPC_PROXY_DISABLED",
                "The daemon's RPC proxy is not enabled.",
                "Ask the operator to turn on the daemon setting rpc_proxy.enabled.");
        }

        var walletId = call.GetString("wallet_id")!;
        var chainId = call.Arguments["chain_id"].GetRawText();
        var url = string.Create(
            CultureInfo.InvariantCulture,
            $"{baseUrl.TrimEnd('/')}/{UrlBuilder.EncodePathSegment(walletId)}/{UrlBuilder.EncodePathSegment(chainId)}");
        return ToolCall.Answer(writer =>
        {
            writer.WriteString("url", url);
            writer.WriteString("walletId", walletId);
            writer.WritePropertyName("chainId");
            call.Arguments["chain_id"].WriteTo(writer);
        });
    }
}
