using static Waiaas.Mcp.Tools.Arguments;
using static Waiaas.Mcp.Tools.Schema.Schemas;

namespace Waiaas.Mcp.Tools.Catalog;

/// <summary>
/// Hyperliquid perpetuals and spot, read-only (orders and transfers are the action_hyperliquid_* tools).
/// </summary>
internal static class HyperliquidTools
{
    private static readonly ToolArgument SubAccount =
        Query("sub_account", Text("Sub-account address; leave out for the main account."), "subAccount");

    public static IReadOnlyList<ToolDefinition> All { get; } =
    [
        new()
        {
            Name = "waiaas_hl_get_positions",
            Title = "Hyperliquid positions",
            Hints = ToolHints.Read,
            Description = "List the wallet's open Hyperliquid perpetual positions: size, entry "
                + "price, PnL, liquidation price.",
            Route = DaemonRoute.Get("/v1/wallets/{wallet_id}/hyperliquid/positions"),
            Arguments = [WalletArgument.InPath, SubAccount],
        },

        new()
        {
            Name = "waiaas_hl_get_open_orders",
            Title = "Hyperliquid open orders",
            Hints = ToolHints.Read,
            Description = "List the wallet's open Hyperliquid orders.",
            Route = DaemonRoute.Get("/v1/wallets/{wallet_id}/hyperliquid/orders"),
            Arguments = [WalletArgument.InPath, SubAccount],
        },

        new()
        {
            Name = "waiaas_hl_get_markets",
            Title = "Hyperliquid perpetual markets",
            Hints = ToolHints.Read,
            ActsOnWallet = false,
            Description = "List Hyperliquid perpetual markets with prices, leverage limits and open interest.",
            Route = DaemonRoute.Get("/v1/hyperliquid/markets"),
        },

        new()
        {
            Name = "waiaas_hl_get_funding_rates",
            Title = "Hyperliquid funding rates",
            Hints = ToolHints.Read,
            ActsOnWallet = false,
            Description = "Get the funding-rate history of a Hyperliquid perpetual market since start_time.",
            Route = DaemonRoute.Get("/v1/hyperliquid/funding-rates"),
            Arguments =
            [
                Query("market", Text("Market symbol, e.g. BTC or ETH.")).Required(),
                Query(
                    "start_time", Integer("Start of the history, in epoch milliseconds (default 0).", 0), "startTime"),
            ],
        },

        new()
        {
            Name = "waiaas_hl_get_account_state",
            Title = "Hyperliquid account state",
            Hints = ToolHints.Read,
            Description = "Get the wallet's Hyperliquid account state: equity, margin used, withdrawable balance.",
            Route = DaemonRoute.Get("/v1/wallets/{wallet_id}/hyperliquid/account"),
            Arguments = [WalletArgument.InPath],
        },

        new()
        {
            Name = "waiaas_hl_get_trade_history",
            Title = "Hyperliquid trade history",
            Hints = ToolHints.Read,
            Description = "List the wallet's recent Hyperliquid fills (executed trades).",
            Route = DaemonRoute.Get("/v1/wallets/{wallet_id}/hyperliquid/fills"),
            Arguments = [WalletArgument.InPath, Query("limit", Integer("Maximum number of fills.", 1))],
        },

        new()
        {
            Name = "waiaas_hl_get_spot_balances",
            Title = "Hyperliquid spot balances",
            Hints = ToolHints.Read,
            Description = "List the wallet's Hyperliquid spot token balances.",
            Route = DaemonRoute.Get("/v1/wallets/{wallet_id}/hyperliquid/spot/balances"),
            Arguments = [WalletArgument.InPath],
        },

        new()
        {
            Name = "waiaas_hl_get_spot_markets",
            Title = "Hyperliquid spot markets",
            Hints = ToolHints.Read,
            ActsOnWallet = false,
            Description = "List Hyperliquid spot markets with prices.",
            Route = DaemonRoute.Get("/v1/hyperliquid/spot/markets"),
        },

        new()
        {
            Name = "waiaas_hl_list_sub_accounts",
            Title = "Hyperliquid sub-accounts",
            Hints = ToolHints.Read,
            Description = "List the wallet's Hyperliquid sub-accounts.",
            Route = DaemonRoute.Get("/v1/wallets/{wallet_id}/hyperliquid/sub-accounts"),
            Arguments = [WalletArgument.InPath],
        },

        new()
        {
            Name = "waiaas_hl_get_sub_positions",
            Title = "Hyperliquid sub-account positions",
            Hints = ToolHints.Read,
            Description = "List the open positions of one of the wallet's Hyperliquid sub-accounts.",
            Route = DaemonRoute.Get("/v1/wallets/{wallet_id}/hyperliquid/sub-accounts/{sub_account}/positions"),
            Arguments =
            [
                WalletArgument.InPath,
                Path("sub_account", Text("Sub-account address (from waiaas_hl_list_sub_accounts).")).Required(),
            ],
        },
    ];
}
