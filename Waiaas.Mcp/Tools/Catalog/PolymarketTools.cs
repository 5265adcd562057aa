using static Waiaas.Mcp.Tools.Arguments;
using static Waiaas.Mcp.Tools.Schema.Schemas;

namespace Waiaas.Mcp.Tools.Catalog;

/// <summary>
/// Polymarket prediction markets: queries and API credentials (orders and approvals are the action_polymarket_* tools).
/// </summary>
internal static class PolymarketTools
{
    public static IReadOnlyList<ToolDefinition> All { get; } =
    [
        new()
        {
            Name = "waiaas_pm_get_positions",
            Title = "Polymarket positions",
            Hints = ToolHints.Read,
            Description = "List the wallet's Polymarket positions: outcome shares, value, PnL.",
            Route = DaemonRoute.Get("/v1/wallets/{wallet_id}/polymarket/positions"),
            Arguments = [WalletArgument.InPath],
        },

        new()
        {
            Name = "waiaas_pm_get_orders",
            Title = "Polymarket orders",
            Hints = ToolHints.Read,
            Description = "List the wallet's 50 newest Polymarket orders; status filters within those 50.",
            Route = DaemonRoute.Get("/v1/wallets/{wallet_id}/polymarket/orders"),
            Arguments =
            [
                WalletArgument.InPath,
                Query("status", OneOf(
                    "Order status filter.", "PENDING", "LIVE", "MATCHED", "PARTIALLY_FILLED", "CANCELLED", "EXPIRED")),
            ],
        },

        new()
        {
            Name = "waiaas_pm_get_order",
            Title = "Polymarket order",
            Hints = ToolHints.Read,
            Description = "Get one Polymarket order after pm_buy or pm_sell, by the CLOB orderId "
                + "listed by waiaas_pm_get_orders.",
            Route = DaemonRoute.Get("/v1/wallets/{wallet_id}/polymarket/orders/{order_id}"),
            Arguments =
            [
                Path("order_id", Text("The order's CLOB orderId (not the row id).")).Required(),
                WalletArgument.InPath,
            ],
        },

        new()
        {
            Name = "waiaas_pm_get_markets",
            Title = "Polymarket markets",
            Hints = ToolHints.Read,
            ActsOnWallet = false,
            Description =
                "List Polymarket markets by category. The daemon forwards keyword and status but its market "
                + "source ignores them today: only category and limit narrow the list.",
            Route = DaemonRoute.Get("/v1/polymarket/markets"),
            Arguments =
            [
                Query("category", Text("Category filter, e.g. politics or crypto.")),
                Query("status", Text("Status filter, e.g. active or closed (ignored by the daemon today).")),
                Query("keyword", Text("Text to search for in market questions (ignored by the daemon today).")),
                Query("limit", Integer("Maximum number of markets.", 1)),
            ],
        },

        new()
        {
            Name = "waiaas_pm_get_market_detail",
            Title = "Polymarket market",
            Hints = ToolHints.Read,
            ActsOnWallet = false,
            Description = "Get one Polymarket market by condition id: question, outcomes, prices, token ids.",
            Route = DaemonRoute.Get("/v1/polymarket/markets/{condition_id}"),
            Arguments = [Path("condition_id", Text("The market's condition id (0x...).")).Required()],
        },

        new()
        {
            Name = "waiaas_pm_get_events",
            Title = "Polymarket events",
            Hints = ToolHints.Read,
            ActsOnWallet = false,
            Description = "List Polymarket events (groups of related markets). The daemon ignores category today.",
            Route = DaemonRoute.Get("/v1/polymarket/events"),
            Arguments = [Query("category", Text("Category filter (ignored by the daemon today)."))],
        },

        new()
        {
            Name = "waiaas_pm_get_balance",
            Title = "Polymarket holdings",
            Hints = ToolHints.Read,
            Description = "Get the wallet's Polymarket conditional-token holdings {walletId, positions, "
                + "tokenCount}; this is not a USDC balance.",
            Route = DaemonRoute.Get("/v1/wallets/{wallet_id}/polymarket/balance"),
            Arguments = [WalletArgument.InPath],
        },

        new()
        {
            Name = "waiaas_pm_get_pnl",
            Title = "Polymarket profit and loss",
            Hints = ToolHints.Read,
            Description = "Get the wallet's Polymarket profit and loss.",
            Route = DaemonRoute.Get("/v1/wallets/{wallet_id}/polymarket/pnl"),
            Arguments = [WalletArgument.InPath],
        },

        new()
        {
            Name = "waiaas_pm_setup",
            Title = "Set up Polymarket credentials",
            Hints = ToolHints.Write,
            Description =
                "Provision the wallet's Polymarket CLOB API credentials; run once before the first "
                + "order. Token approvals are separate: action_polymarket_ctf_pm_approve_collateral "
                + "and action_polymarket_ctf_pm_approve_ctf.",
            Route = DaemonRoute.Post("/v1/wallets/{wallet_id}/polymarket/setup"),
            Arguments = [WalletArgument.RequiredInPath],
        },
    ];
}
