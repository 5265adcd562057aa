using static Waiaas.Mcp.Tools.Catalog.CommonArguments;
using static Waiaas.Mcp.Tools.ToolArgument;

namespace Waiaas.Mcp.Tools.Catalog;

/// <summary>Hyperliquid perpetuals and spot: read-only queries (trading goes through the action tools).</summary>
internal static class HyperliquidTools
{
    private static readonly ToolArgument SubAccount = String("sub_account", "Sub-account address; leave out for the main account.").InQuery("subAccount");

    public static IReadOnlyList<ToolDefinition> All { get; } =
    [
        new("waiaas_hl_get_positions", "hyperliquid", ToolHints.Read,
            "List the wallet's open Hyperliquid perpetual positions (size, entry price, PnL, liquidation price).",
            HttpMethod.Get, "/v1/wallets/{walletId}/hyperliquid/positions",
            WalletIdForPath.InQuery("wallet_id"),
            SubAccount),

        new("waiaas_hl_get_open_orders", "hyperliquid", ToolHints.Read,
            "List the wallet's open Hyperliquid orders.",
            HttpMethod.Get, "/v1/wallets/{walletId}/hyperliquid/orders",
            WalletIdForPath,
            SubAccount),

        new("waiaas_hl_get_markets", "hyperliquid", ToolHints.Read,
            "List Hyperliquid perpetual markets with prices, leverage limits and open interest.",
            HttpMethod.Get, "/v1/hyperliquid/markets")
        { WalletSpecific = false },

        new("waiaas_hl_get_funding_rates", "hyperliquid", ToolHints.Read,
            "Get the funding-rate history of a Hyperliquid perpetual market.",
            HttpMethod.Get, "/v1/hyperliquid/funding-rates",
            String("market", "Market symbol, e.g. BTC or ETH.").Required(),
            String("start_time", "Start of the history (epoch milliseconds).").InQuery("startTime"))
        { WalletSpecific = false },

        new("waiaas_hl_get_account_state", "hyperliquid", ToolHints.Read,
            "Get the wallet's Hyperliquid account state: equity, margin used, withdrawable balance.",
            HttpMethod.Get, "/v1/wallets/{walletId}/hyperliquid/account",
            WalletIdForPath),

        new("waiaas_hl_get_trade_history", "hyperliquid", ToolHints.Read,
            "List the wallet's recent Hyperliquid fills (executed trades).",
            HttpMethod.Get, "/v1/wallets/{walletId}/hyperliquid/fills",
            WalletIdForPath,
            String("limit", "Maximum number of fills, as a number string, e.g. \"50\".")),

        new("waiaas_hl_get_spot_balances", "hyperliquid", ToolHints.Read,
            "List the wallet's Hyperliquid spot token balances.",
            HttpMethod.Get, "/v1/wallets/{walletId}/hyperliquid/spot/balances",
            WalletIdForPath),

        new("waiaas_hl_get_spot_markets", "hyperliquid", ToolHints.Read,
            "List Hyperliquid spot markets with prices.",
            HttpMethod.Get, "/v1/hyperliquid/spot/markets")
        { WalletSpecific = false },

        new("waiaas_hl_list_sub_accounts", "hyperliquid", ToolHints.Read,
            "List the wallet's Hyperliquid sub-accounts.",
            HttpMethod.Get, "/v1/wallets/{walletId}/hyperliquid/sub-accounts",
            WalletIdForPath),

        new("waiaas_hl_get_sub_positions", "hyperliquid", ToolHints.Read,
            "List the open positions of one of the wallet's Hyperliquid sub-accounts.",
            HttpMethod.Get, "/v1/wallets/{walletId}/hyperliquid/sub-accounts/{sub_account}/positions",
            WalletIdForPath,
            String("sub_account", "Sub-account address (from waiaas_hl_list_sub_accounts).").Required().InPath()),
    ];
}
