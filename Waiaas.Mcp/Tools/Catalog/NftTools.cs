using static Waiaas.Mcp.Tools.Arguments;
using static Waiaas.Mcp.Tools.Catalog.CommonArguments;
using static Waiaas.Mcp.Tools.Catalog.ToolTexts;
using static Waiaas.Mcp.Tools.Schema.Schemas;

namespace Waiaas.Mcp.Tools.Catalog;

/// <summary>NFTs (ERC-721, ERC-1155, Metaplex, XLS-20) held by a wallet.</summary>
internal static class NftTools
{
    public static IReadOnlyList<ToolDefinition> All { get; } =
    [
        new()
        {
            Name = "list_nfts",
            Title = "List NFTs",
            Hints = ToolHints.Read,
            Description =
                "List the NFTs a wallet holds on a network, optionally grouped by collection. The answer's "
                + "pageKey, passed as page_key, fetches the next page. Needs an NFT indexer key on the daemon "
                + "(else INDEXER_NOT_CONFIGURED).",
            Route = DaemonRoute.Get("/v1/wallet/nfts"),
            Arguments =
            [
                Query("network", Text("Network to list, e.g. ethereum-mainnet or solana-mainnet.")).Required(),
                Query("page_key", Text("The pageKey of the previous page's answer."), "pageKey"),
                Query("page_size", Integer("NFTs per page (default 50).", 1, 100), "pageSize"),
                Query("group_by", OneOf("Group the NFTs by collection.", "collection"), "groupBy"),
                WalletArgument.InQuery("walletId"),
            ],
        },

        new()
        {
            Name = "get_nft_metadata",
            Title = "Get NFT metadata",
            Hints = ToolHints.Read,
            Description = "Get one NFT's metadata (name, image, attributes) by its identifier.",
            Route = DaemonRoute.Get("/v1/wallet/nfts/{token_identifier}"),
            Arguments =
            [
                Path("token_identifier", Text(
                    "The NFT: <contract address>:<token id> on EVM, the mint address on Solana.")).Required(),
                Query("network", Text("Network of the NFT, e.g. ethereum-mainnet.")).Required(),
                WalletArgument.InQuery("walletId"),
            ],
        },

        new()
        {
            Name = "transfer_nft",
            Title = "Send an NFT",
            Hints = ToolHints.Spend,
            Description =
                "Send an NFT to an address; for ERC-1155 give amount (copies, default 1). "
                    + "standard is spelled exactly as "
                + "listed (ERC-721, not erc721). " + AcceptedAsPending,
            Route = DaemonRoute.Post("/v1/transactions/send"),
            BodyConstants = [new BodyConstant("type", "\"NFT_TRANSFER\"")],
            Arguments =
            [
                Body("to", Text("Recipient address.")).Required(),
                Body("token_address", Text("NFT contract address (EVM) or mint address (Solana)."), "token.address")
                    .Required(),
                Body("token_id", Text("Token id within the contract."), "token.tokenId").Required(),
                Body("standard", NftStandard, "token.standard").Required(),
                Body("asset_id", Text("CAIP-19 asset id of the NFT; optional."), "token.assetId"),
                Body("network", Text("Network of the NFT, e.g. ethereum-mainnet or solana-mainnet.")).Required(),
                Body("amount", Digits("ERC-1155: number of copies, as a digit string (default 1).")),
                WalletArgument.InBody("walletId"),
                GasCondition,
            ],
        },
    ];
}
