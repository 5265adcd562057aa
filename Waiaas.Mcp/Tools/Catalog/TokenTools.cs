using Waiaas.Mcp.Tools.Composite;
using static Waiaas.Mcp.Tools.Arguments;
using static Waiaas.Mcp.Tools.Schema.Schemas;

namespace Waiaas.Mcp.Tools.Catalog;

/// <summary>Token registries and token metadata, to fill the token argument of the sending tools.</summary>
internal static class TokenTools
{
    public static IReadOnlyList<ToolDefinition> All { get; } =
    [
        new()
        {
            Name = "get_tokens",
            Title = "List known tokens",
            Hints = ToolHints.Read,
            ActsOnWallet = false,
            Description =
                "List the tokens the daemon knows on an EVM or XRPL network (address, symbol, decimals, CAIP-19 "
                + "asset id), e.g. to fill the token argument of send_token. Takes a network name such as "
                + "base-mainnet, not a CAIP-2 id; Solana networks have no registry.",
            Route = DaemonRoute.Get("/v1/tokens"),
            Arguments = [Query("network", Text("EVM or XRPL network name, e.g. ethereum-mainnet.")).Required()],
        },

        new()
        {
            Name = "get_token_metadata",
            Title = "Read token metadata",
            Hints = ToolHints.Read,
            ActsOnWallet = false,
            Description =
                "Read an ERC-20's symbol, name and decimals on-chain through the daemon: {symbol, name, "
                + "decimals, address, network}, to fill token for send_token or approve_token. EVM networks only.",
            Route = DaemonRoute.Get("/v1/tokens/resolve"),
            Arguments =
            [
                Query("network", Text("EVM network name, e.g. base-mainnet.")).Required(),
                Query("address", Text("The token contract address (0x...).")).Required(),
            ],
        },

        ResolveAsset.Tool,
    ];
}
