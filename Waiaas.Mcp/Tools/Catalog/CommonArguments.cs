using Waiaas.Mcp.Tools.Schema;
using static Waiaas.Mcp.Tools.Arguments;
using static Waiaas.Mcp.Tools.Schema.Schemas;

namespace Waiaas.Mcp.Tools.Catalog;

/// <summary>Arguments and schema nodes several tools share, declared once.</summary>
internal static class CommonArguments
{
    public const string NetworkText =
        "Network, e.g. ethereum-sepolia, base-mainnet or solana-devnet. EVM wallets span "
            + "several networks and must name one.";

    public const string SmallestUnitText =
        "Amount in the token's smallest unit (wei, lamports, base units) as a digit "
            + "string, e.g. \"1000000\" for 1 USDC.";

    public const string HumanAmountText =
        "Amount in whole units as a decimal string, e.g. \"1.5\"; the daemon converts it with the token's "
            + "decimals. Give either amount or human_amount.";

    public static ToolArgument NetworkInQuery { get; } = Query("network", Text(NetworkText));

    public static ToolArgument NetworkInBody { get; } = Body("network", Text(NetworkText));

    public static ToolArgument DisplayCurrency { get; } =
        Query("display_currency", Text(
            "Fiat currency for converted values, e.g. USD or KRW. Defaults to the daemon's setting."));

    public static ToolArgument Amount { get; } = Body("amount", Digits(SmallestUnitText));

    public static ToolArgument HumanAmount { get; } = Body("human_amount", Text(HumanAmountText), "humanAmount");

    /// <summary>An ERC-20/SPL token as the transaction routes take it.</summary>
    public static SchemaNode Token { get; } = Object(
        "The token: address, decimals and symbol, or only assetId (a CAIP-19 id the daemon "
            + "looks up in its token registry).",
        Field("address", Text("Token contract (EVM) or mint (Solana) address.")),
        Field("decimals", Integer("Token decimals, e.g. 6 for USDC.", 0, 18)),
        Field("symbol", Text("Token symbol, e.g. USDC.") with { MaxLength = 10 }),
        Field("assetId", Text("CAIP-19 asset id, e.g. eip155:8453/erc20:0x833589fcd6edb6e08f4c7c32d4f71b54bda02913.")));

    /// <summary>The daemon's NFT standards, spelled exactly as its enum spells them.</summary>
    public static readonly string[] NftStandards = ["ERC-721", "ERC-1155", "METAPLEX", "XLS-20"];

    public static SchemaNode NftStandard { get; } = OneOf("NFT standard, spelled exactly so.", NftStandards);

    /// <summary>The NFT of an NFT approval (approve_token, simulate_transaction).</summary>
    public static ToolArgument Nft { get; } = Body("nft", Object(
        "Makes the approval an NFT approval of token.address: amount \"0\" approves this one token id, any "
            + "other amount the whole collection (setApprovalForAll).",
        Field("tokenId", Text("The NFT's token id.")).Required(),
        Field("standard", NftStandard).Required()));

    public static ToolArgument GasCondition { get; } = Body("gas_condition", Object(
            "EVM: wait to submit until gas is at most this price (give max_gas_price, max_priority_fee or both).",
            Field("max_gas_price", Digits("Maximum gas price in wei, as a digit string.")).As("maxGasPrice"),
            Field("max_priority_fee", Digits("Maximum priority fee in wei, as a digit string.")).As("maxPriorityFee"),
            Field("timeout", Integer("Seconds to wait for the gas condition before giving up.", 60, 86400))) with
        {
            AtLeastOneOf = ["max_gas_price", "max_priority_fee"],
        },
        "gasCondition");

    /// <summary>An EVM ABI as a list of fragment objects.</summary>
    public static SchemaNode Abi { get; } = List(
        "ABI fragments (JSON objects) of the contract function.", FreeObject("One ABI fragment."));

    /// <summary>Solana instruction accounts.</summary>
    public static SchemaNode Accounts { get; } = List(
        "Solana: the instruction's accounts.",
        Object("One account of the instruction.",
            Field("pubkey", Text("Account public key.")).Required(),
            Field("isSigner", Flag("Whether the account signs.")).Required(),
            Field("isWritable", Flag("Whether the account is writable.")).Required()));

    /// <summary>
    /// Instructions of a batch: objects shaped like send bodies, with the daemon's camelCase field names.
    /// </summary>
    public static SchemaNode Instructions(string description) =>
        List(
            description,
            FreeObject("One instruction: a transfer, token transfer, contract call or approval body."),
            2,
            20);

    public static SchemaNode Headers { get; } = Map("HTTP headers, name to value.", Text("Header value."));
}
