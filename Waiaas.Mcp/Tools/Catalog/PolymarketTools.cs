using static Waiaas.Mcp.Tools.Catalog.CommonArguments;
using static Waiaas.Mcp.Tools.ToolArgument;

namespace Waiaas.Mcp.Tools.Catalog;

/// <summary>Polymarket prediction markets: queries and one-time setup (trading goes through the action tools).</summary>
internal static class PolymarketTools
{
    public static IReadOnlyList<ToolDefinition> All { get; } =
    [
        new("waiaas_pm_get_positions", "polymarket", ToolHints.Read,
            "List the wallet's Polymarket positions (outcome shares, value, PnL).",
            HttpMethod.Get, "/v1/wallets/{walletId}/polymarket/positions",
            WalletIdForPath),

        new("waiaas_pm_get_orders", "polymarket", ToolHints.Read,
            "List the wallet's Polymarket orders, optionally by status.",
            HttpMethod.Get, "/v1/wallets/{walletId}/polymarket/orders",
            WalletIdForPath,
            String("status", "Order status filter.").OneOf("LIVE", "MATCHED", "CANCELLED")),

        new("waiaas_pm_get_markets", "polymarket", ToolHints.Read,
            "Search Polymarket markets by category, status or keyword.",
            HttpMethod.Get, "/v1/polymarket/markets",
            String("category", "Category filter, e.g. politics or crypto."),
            String("status", "Status filter, e.g. active or closed."),
            String("keyword", "Text to search for in market questions."),
            String("limit", "Maximum number of markets, as a number string, e.g. \"20\"."))
        { WalletSpecific = false },

        new("waiaas_pm_get_market_detail", "polymarket", ToolHints.Read,
            "Get one Polymarket market by condition id: question, outcomes, prices, token ids.",
            HttpMethod.Get, "/v1/polymarket/markets/{condition_id}",
            String("condition_id", "The market's condition id (0x...).").Required().InPath())
        { WalletSpecific = false },

        new("waiaas_pm_get_events", "polymarket", ToolHints.Read,
            "List Polymarket events (groups of related markets), optionally by category.",
            HttpMethod.Get, "/v1/polymarket/events",
            String("category", "Category filter, e.g. politics or crypto."))
        { WalletSpecific = false },

        new("waiaas_pm_get_balance", "polymarket", ToolHints.Read,
            "Get the wallet's Polymarket collateral (USDC) balance and allowances.",
            HttpMethod.Get, "/v1/wallets/{walletId}/polymarket/balance",
            WalletIdForPath),

        new("waiaas_pm_get_pnl", "polymarket", ToolHints.Read,
            "Get the wallet's Polymarket profit and loss.",
            HttpMethod.Get, "/v1/wallets/{walletId}/polymarket/pnl",
            WalletIdForPath),

        new("waiaas_pm_setup", "polymarket", ToolHints.Spend,
            "Set a wallet up for Polymarket trading (API credentials and, with auto_approve, the token approvals the exchange needs). Run once before the first order.",
            HttpMethod.Post, "/v1/wallets/{wallet_id}/polymarket/setup",
            WalletIdInPath,
            Boolean("auto_approve", "Also send the token approval transactions the exchange needs.").InBody("auto_approve")),
    ];
}
