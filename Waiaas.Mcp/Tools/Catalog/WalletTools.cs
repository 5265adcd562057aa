using Waiaas.Mcp.Tools.Composite;
using static Waiaas.Mcp.Tools.Arguments;
using static Waiaas.Mcp.Tools.Catalog.CommonArguments;
using static Waiaas.Mcp.Tools.Schema.Schemas;

namespace Waiaas.Mcp.Tools.Catalog;

/// <summary>The session, its wallets, their balances, assets and policies.</summary>
internal static class WalletTools
{
    public static IReadOnlyList<ToolDefinition> All { get; } =
    [
        new()
        {
            Name = "connect_info",
            Title = "Session and wallets",
            Hints = ToolHints.Read,
            ActsOnWallet = false,
            Description =
                "Describe this session: the wallets it may use (ids, chains, networks), their policies and "
                + "the daemon's capabilities. Call it first to learn wallet ids and networks.",
            Route = DaemonRoute.Get("/v1/connect-info"),
        },

        new()
        {
            Name = "get_policies",
            Title = "List policies",
            Hints = ToolHints.Read,
            Description =
                "List the policies (spending limits, allowed tokens, contracts and spenders, delays, owner approval) "
                + "that apply to a wallet, to learn why a transaction may be denied, delayed or wait for the owner.",
            Route = DaemonRoute.Get("/v1/policies"),
            Arguments =
            [
                WalletArgument.InQuery("walletId"),
                Query("limit", Integer("Policies per page (default 50).", 1, 200)),
                Query("offset", Integer("Policies to skip, for paging.", 0, MaxSafeInteger)),
            ],
        },

        new()
        {
            Name = "get_balance",
            Title = "Get the balance",
            Hints = ToolHints.Read,
            Description =
                "Get a wallet's native-coin balance (ETH, SOL...) with its fiat value. EVM wallets "
                + "must name a network; network \"all\" answers every network of the wallet's "
                + "environment. For tokens use get_assets.",
            Route = DaemonRoute.Get("/v1/wallet/balance"),
            Arguments =
            [
                Query("network", Text("Network to read, e.g. ethereum-sepolia or solana-devnet, or \"all\".")),
                DisplayCurrency,
                WalletArgument.InQuery("walletId"),
            ],
        },

        new()
        {
            Name = "get_address",
            Title = "Get the address",
            Hints = ToolHints.Read,
            Description = "Get a wallet's public address and chain, e.g. to receive funds. For EVM wallets network "
                + "is the chain name (\"ethereum\").",
            Route = DaemonRoute.Get("/v1/wallet/address"),
            Arguments = [WalletArgument.InQuery("walletId")],
        },

        new()
        {
            Name = "get_assets",
            Title = "List assets",
            Hints = ToolHints.Read,
            Description =
                "List every asset a wallet holds on a network (native coin and tokens) with balances and fiat "
                + "values; network \"all\" answers per network {network, assets} or {network, error}.",
            Route = DaemonRoute.Get("/v1/wallet/assets"),
            Arguments =
            [
                Query("network", Text("Network to read, e.g. ethereum-sepolia, or \"all\".")),
                DisplayCurrency,
                WalletArgument.InQuery("walletId"),
            ],
        },

        GetWalletInfo.Tool,

        new()
        {
            Name = "get_nonce",
            Title = "Get an owner-auth nonce",
            Hints = ToolHints.Read,
            ActsOnWallet = false,
            Description =
                "Get a fresh nonce (32 random bytes, hex, valid 5 minutes) for the wallet owner's signed requests "
                + "to the daemon. It is not a SIWE nonce for third-party sign-in.",
            Route = DaemonRoute.Get("/v1/nonce"),
        },
    ];
}
