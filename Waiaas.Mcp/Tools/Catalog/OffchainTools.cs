using Waiaas.Mcp.Tools.Answers;
using Waiaas.Mcp.Tools.Composite;
using static Waiaas.Mcp.Tools.Arguments;
using static Waiaas.Mcp.Tools.Schema.Schemas;

namespace Waiaas.Mcp.Tools.Catalog;

/// <summary>Off-chain signed actions (venue orders) and read-only EVM JSON-RPC through the daemon's proxy.</summary>
internal static class OffchainTools
{
    /// <summary>
    /// The read-only methods of the daemon's RPC proxy passthrough list; its signing methods are never sent.
    /// </summary>
    private static readonly string[] ReadOnlyRpcMethods =
    [
        "eth_call", "eth_getBalance", "eth_blockNumber", "eth_getBlockByNumber", "eth_getBlockByHash",
        "eth_getTransactionByHash", "eth_getTransactionReceipt", "eth_estimateGas", "eth_gasPrice", "eth_feeHistory",
        "eth_maxPriorityFeePerGas", "eth_getCode", "eth_getStorageAt", "eth_getLogs", "eth_getTransactionCount",
        "net_version", "web3_clientVersion", "eth_getBlockTransactionCountByNumber",
        "eth_getBlockTransactionCountByHash",
    ];

    /// <summary>The EVM chain ids the daemon maps to one of its networks.</summary>
    private static readonly long[] EvmChainIds =
        [1, 11155111, 137, 80002, 42161, 421614, 10, 11155420, 8453, 84532, 999, 998];

    public static IReadOnlyList<ToolDefinition> All { get; } =
    [
        new()
        {
            Name = "list_offchain_actions",
            Title = "List off-chain actions",
            Hints = ToolHints.Read,
            Description = "List a wallet's off-chain signed actions (e.g. venue orders) "
                + "with their status, newest first.",
            Route = DaemonRoute.Get("/v1/wallets/{wallet_id}/actions"),
            Arguments =
            [
                Query("venue", Text("Venue filter, e.g. hyperliquid or polymarket.")),
                Query("status", Text("Status filter.")),
                Query("limit", Integer("Entries per page.", 1, 100)),
                Query("offset", Integer("Entries to skip, for paging.", 0)),
                WalletArgument.InPath,
            ],
        },

        new()
        {
            Name = "get_offchain_action",
            Title = "Get an off-chain action",
            Hints = ToolHints.Read,
            Description = "Get one off-chain action listed by list_offchain_actions: kind, venue, operation, "
                + "status, metadata, error and transaction hash.",
            Route = DaemonRoute.Get("/v1/wallets/{wallet_id}/actions/{action_id}"),
            Arguments =
            [
                Path("action_id", Text("The action's id from list_offchain_actions.")).Required(),
                WalletArgument.InPath,
            ],
        },

        GetRpcProxyUrl.Tool,

        new()
        {
            Name = "evm_read",
            Title = "Read EVM chain state",
            Hints = ToolHints.Read,
            Description =
                "Read EVM chain state with a JSON-RPC method (eth_call, eth_getBalance, eth_getLogs...) through the "
                + "daemon's RPC proxy for the wallet; answers the JSON-RPC result. Read-only methods only. Works "
                + "only while the daemon's rpc_proxy.enabled setting is on.",
            Route = DaemonRoute.Post("/v1/rpc-evm/{wallet_id}/{chain_id}"),
            BodyConstants = [new BodyConstant("jsonrpc", "\"2.0\""), new BodyConstant("id", "1")],
            Arguments =
            [
                WalletArgument.InPath,
                Path("chain_id", IntegerOneOf("EVM chain id, e.g. 1 (Ethereum) or 8453 (Base).", EvmChainIds))
                    .Required(),
                Body("method", OneOf("The JSON-RPC method (read-only methods only).", ReadOnlyRpcMethods)).Required(),
                Body("params", List("The method's parameters, as JSON-RPC takes them (default []).", AnyValue)),
            ],
            Answer = ToolAnswer.JsonRpc,
        },
    ];
}
