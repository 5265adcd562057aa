using static Waiaas.Mcp.Tools.ToolArgument;

namespace Waiaas.Mcp.Tools.Catalog;

/// <summary>Arguments several tools share, declared once. The daemon's field name differs per endpoint.</summary>
internal static class CommonArguments
{
    private const string WalletIdText = "Wallet id (UUID from connect_info). Leave out to use the session's default wallet.";

    /// <summary><c>wallet_id</c> sent as the <c>walletId</c> query parameter.</summary>
    public static ToolArgument WalletIdQuery { get; } = String("wallet_id", WalletIdText).InQuery("walletId");

    /// <summary><c>wallet_id</c> sent as the <c>wallet_id</c> query parameter (incoming and DeFi endpoints).</summary>
    public static ToolArgument WalletIdSnakeQuery { get; } = String("wallet_id", WalletIdText).InQuery("wallet_id");

    /// <summary><c>wallet_id</c> sent as the <c>walletId</c> body field.</summary>
    public static ToolArgument WalletIdBody { get; } = String("wallet_id", WalletIdText).InBody("walletId");

    /// <summary><c>wallet_id</c> that only chooses the <c>{walletId}</c> path segment.</summary>
    public static ToolArgument WalletIdForPath { get; } = String(
        "wallet_id", "Wallet id (UUID from connect_info). Leave out when WAIAAS_WALLET_ID is set or the session has one wallet.").Local();

    /// <summary>A required <c>wallet_id</c> path segment.</summary>
    public static ToolArgument WalletIdInPath { get; } = String("wallet_id", "Wallet id (UUID from connect_info).").Required().InPath();

    public static ToolArgument DisplayCurrency { get; } =
        String("display_currency", "Fiat currency for converted values, e.g. USD or KRW. Defaults to the daemon's setting.");

    public static ToolArgument Network { get; } =
        String("network", "Network, e.g. ethereum-sepolia, base-mainnet or solana-devnet. Required for EVM wallets that span several networks.");

    /// <summary>An ERC-20/SPL token as the transaction endpoints take it.</summary>
    public static ToolArgument Token { get; } = Object(
        "token", "The token: contract or mint address, decimals and symbol (assetId, a CAIP-19 id, is optional).",
        String("address", "Token contract (EVM) or mint (Solana) address."),
        Number("decimals", "Token decimals, e.g. 6 for USDC."),
        String("symbol", "Token symbol, e.g. USDC."),
        String("assetId", "CAIP-19 asset id, e.g. eip155:1/erc20:0xa0b8...; optional."));

    public static ToolArgument GasCondition { get; } = Object(
        "gas_condition", "Wait to submit until gas is at most this price (EVM).",
        String("max_gas_price", "Maximum gas price in wei, as a digit string.").As("maxGasPrice"),
        String("max_priority_fee", "Maximum priority fee in wei, as a digit string.").As("maxPriorityFee"),
        Number("timeout", "Seconds to wait for the gas condition (the daemon accepts 60 to 86400).")).InBody("gasCondition");

    /// <summary>An EVM ABI as a list of fragment objects.</summary>
    public static ToolArgument Abi { get; } = Array("abi", "ABI fragments (JSON objects) of the contract function.", FreeObject(string.Empty, string.Empty));

    /// <summary>Solana instruction accounts.</summary>
    public static ToolArgument Accounts { get; } = Array(
        "accounts", "Solana: the instruction's accounts.",
        Object(string.Empty, string.Empty,
            String("pubkey", "Account public key.").Required(),
            Boolean("isSigner", "Whether the account signs.").Required(),
            Boolean("isWritable", "Whether the account is writable.").Required()));

    public static ToolArgument HttpMethodArgument { get; } = String("method", "HTTP method.").OneOf("GET", "POST", "PUT", "DELETE", "PATCH");

    public static ToolArgument Url { get; } = String("url", "Absolute URL of the request.").WithFormat("uri");

    public static ToolArgument Headers { get; } = Map("headers", "HTTP headers as name to value.", String(string.Empty, string.Empty));
}
