using static Waiaas.Mcp.Tools.Arguments;
using static Waiaas.Mcp.Tools.Schema.Schemas;

namespace Waiaas.Mcp.Tools.Catalog;

/// <summary>What a wallet received, and its DeFi, staking and lending positions.</summary>
internal static class ActivityTools
{
    public static IReadOnlyList<ToolDefinition> All { get; } =
    [
        new()
        {
            Name = "list_incoming_transactions",
            Title = "List incoming transfers",
            Hints = ToolHints.Read,
            Description = "List transfers a wallet received, newest first, with filters. "
                + "Page with the answer's cursor.",
            Route = DaemonRoute.Get("/v1/wallet/incoming"),
            Arguments =
            [
                Query("limit", Integer("Entries per page (default 20).", 1, 100)),
                Query("cursor", Text("The cursor of the previous page's answer.")),
                Query("chain", Text("Chain filter, e.g. ethereum or solana.")),
                Query("network", Text("Network filter, e.g. base-mainnet.")),
                Query("status", Text("Status filter, e.g. CONFIRMED (the default) or DETECTED.")),
                Query("token", Text("Token address filter.")),
                Query("from_address", Text("Sender address filter.")),
                Query("since", Number("Only entries at or after this time (Unix epoch seconds).")),
                Query("until", Number("Only entries at or before this time (Unix epoch seconds).")),
                WalletArgument.InQuery("wallet_id"),
            ],
        },

        new()
        {
            Name = "get_incoming_summary",
            Title = "Summarize incoming transfers",
            Hints = ToolHints.Read,
            Description = "Summarize a wallet's received transfers per day, week or month: counts and totals.",
            Route = DaemonRoute.Get("/v1/wallet/incoming/summary"),
            Arguments =
            [
                Query("period", OneOf("Period of each entry (default daily).", "daily", "weekly", "monthly")),
                Query("chain", Text("Chain filter, e.g. ethereum or solana.")),
                Query("network", Text("Network filter, e.g. base-mainnet.")),
                Query("since", Number("Start time (Unix epoch seconds).")),
                Query("until", Number("End time (Unix epoch seconds).")),
                WalletArgument.InQuery("wallet_id"),
            ],
        },

        new()
        {
            Name = "waiaas_get_defi_positions",
            Title = "List DeFi positions",
            Hints = ToolHints.Read,
            Description = "List a wallet's DeFi positions (lending, staking, liquidity) across "
                + "the protocols the daemon tracks.",
            Route = DaemonRoute.Get("/v1/wallet/positions"),
            Arguments = [WalletArgument.InQuery("wallet_id")],
        },

        new()
        {
            Name = "waiaas_get_health_factor",
            Title = "Get the lending health factor",
            Hints = ToolHints.Read,
            Description = "Get a wallet's lending health factor: below 1.0 the position can be liquidated.",
            Route = DaemonRoute.Get("/v1/wallet/health-factor"),
            Arguments =
            [
                WalletArgument.InQuery("wallet_id"),
                Query("network", Text("Network of the lending positions, e.g. ethereum-mainnet.")),
            ],
        },

        new()
        {
            Name = "waiaas_get_staking_positions",
            Title = "List staking positions",
            Hints = ToolHints.Read,
            Description =
                "List a wallet's liquid-staking positions built from its staking actions: Lido stETH for Ethereum "
                + "wallets, Jito JitoSOL for Solana wallets, each with balance, USD value, APY and pending unstakes.",
            Route = DaemonRoute.Get("/v1/wallet/staking"),
            Arguments = [WalletArgument.InQuery("wallet_id")],
        },
    ];
}
