using static Waiaas.Mcp.Tools.ToolArgument;

namespace Waiaas.Mcp.Tools;

/// <summary>
/// Every tool this server advertises, one entry each, in the order clients list them.
/// Read it like a table: name, group, hints, description, request, arguments.
/// </summary>
internal static class ToolCatalog
{
    private static readonly ToolArgument WalletId =
        String("wallet_id", "Wallet id. Leave out to use the session's default wallet.").InQuery("walletId");

    private static readonly ToolArgument DisplayCurrency =
        String("display_currency", "Fiat currency for converted values, e.g. USD or KRW. Defaults to the daemon's setting.");

    public static IReadOnlyList<ToolDefinition> All { get; } =
    [
        new("connect_info", "core", ToolHints.Read,
            "Describe this session: the wallets it may use, their chains and networks, and the policies and capabilities in force. Call this first to learn wallet ids and networks.",
            HttpMethod.Get, "/v1/connect-info")
        { WalletSpecific = false },

        new("get_balance", "core", ToolHints.Read,
            "Get the native-coin balance of a wallet (e.g. ETH, SOL) in the coin's display units, with a fiat value when available.",
            HttpMethod.Get, "/v1/wallet/balance",
            String("network", "Network to query, e.g. ethereum-sepolia or solana-devnet. Required for EVM wallets that span several networks."),
            DisplayCurrency,
            WalletId),

        new("get_address", "core", ToolHints.Read,
            "Get a wallet's public address and chain, e.g. to receive funds.",
            HttpMethod.Get, "/v1/wallet/address",
            WalletId),

        new("get_transaction", "core", ToolHints.Read,
            "Get one transaction by id: status, amounts, hashes and, for pending ones, why they wait (delay or owner approval).",
            HttpMethod.Get, "/v1/transactions/{transaction_id}",
            String("transaction_id", "Transaction id as returned by send_token or list_transactions.").Required().InPath(),
            DisplayCurrency,
            WalletId),
    ];

    private static readonly Dictionary<string, ToolDefinition> ByName = All.ToDictionary(tool => tool.Name, StringComparer.Ordinal);

    public static ToolDefinition? Find(string name) => ByName.GetValueOrDefault(name);
}
