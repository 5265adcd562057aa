using static Waiaas.Mcp.Tools.Catalog.CommonArguments;
using static Waiaas.Mcp.Tools.ToolArgument;

namespace Waiaas.Mcp.Tools.Catalog;

/// <summary>NFTs (ERC-721, ERC-1155, Metaplex) held by a wallet.</summary>
internal static class NftTools
{
    public static IReadOnlyList<ToolDefinition> All { get; } =
    [
        new("list_nfts", "nft", ToolHints.Read,
            "List the NFTs a wallet holds on a network, optionally grouped by collection. Page with cursor.",
            HttpMethod.Get, "/v1/wallet/nfts",
            Network.Required() with { Description = "Network to list, e.g. ethereum-mainnet or solana-mainnet." },
            String("cursor", "Cursor from the previous page's answer."),
            Number("limit", "Maximum number of NFTs per page."),
            String("group_by", "Group the NFTs by collection.").OneOf("collection").InQuery("groupBy"),
            WalletIdQuery),

        new("get_nft_metadata", "nft", ToolHints.Read,
            "Get one NFT's metadata (name, image, attributes) by its identifier.",
            HttpMethod.Get, "/v1/wallet/nfts/{token_identifier}",
            String("token_identifier", "The NFT: <contract address>:<token id> on EVM, the mint address on Solana.").Required().InPath(),
            Network.Required() with { Description = "Network of the NFT, e.g. ethereum-mainnet." },
            WalletIdQuery),

        new("transfer_nft", "nft", ToolHints.Spend,
            "Send an NFT to an address. For ERC-1155 give amount (copies, default 1). Policies may deny it or hold it for approval.",
            HttpMethod.Post, "/v1/transactions/send",
            String("to", "Recipient address.").Required().InBody(),
            String("token_address", "NFT contract address (EVM) or mint address (Solana).").Required().InBody("token.address"),
            String("token_id", "Token id within the contract.").Required().InBody("token.tokenId"),
            String("standard", "Token standard.").OneOf("erc721", "erc1155", "metaplex").Required().InBody("token.standard"),
            (Network with { Description = "Network of the NFT, e.g. ethereum-mainnet or solana-mainnet." }).Required().InBody(),
            String("amount", "ERC-1155: number of copies, as a digit string (default 1).").InBody(),
            WalletIdBody)
        { BodyConstants = [new("type", "NFT_TRANSFER")] },
    ];
}
