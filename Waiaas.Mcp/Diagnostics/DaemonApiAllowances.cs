namespace Waiaas.Mcp.Diagnostics;

/// <summary>
/// What the WAIaaS daemon's handlers read without declaring it in the daemon's OpenAPI document, checked against the
/// 2.15.0 source. Each entry names one route and one field, never a whole route.
/// </summary>
internal static class DaemonApiAllowances
{
    /// <summary>The daemon release the tool catalog and these allowances were checked against.</summary>
    public const string DaemonVersion = "2.15.0";

    /// <summary>A walletId in a body, as the handlers pass it to resolveWalletId.</summary>
    private const string WalletId = """{"type":"string"}""";

    /// <summary>The core zod NftTransferRequestSchema (core schemas/transaction.schema.ts:236-241, 282-289).</summary>
    private const string NftTransfer = """
        {"type":"object","required":["type","to","token"],"properties":{
          "type":{"type":"string","enum":["NFT_TRANSFER"]},
          "to":{"type":"string","minLength":1},
          "token":{"type":"object","required":["address","tokenId","standard"],"properties":{
            "address":{"type":"string","minLength":1},
            "tokenId":{"type":"string","minLength":1},
            "standard":{"type":"string","enum":["ERC-721","ERC-1155","METAPLEX","XLS-20"]},
            "assetId":{"type":"string"}}},
          "amount":{"type":"string","pattern":"^\\d+$"},
          "network":{"type":"string"},
          "gasCondition":{"$ref":"#/components/schemas/TransferRequest/properties/gasCondition"}}}
        """;

    /// <summary>The core zod ContractDeployRequestSchema (core schemas/transaction.schema.ts:293-300).</summary>
    private const string ContractDeploy = """
        {"type":"object","required":["type","bytecode"],"properties":{
          "type":{"type":"string","enum":["CONTRACT_DEPLOY"]},
          "bytecode":{"type":"string","minLength":1},
          "constructorArgs":{"type":"string"},
          "value":{"type":"string","pattern":"^\\d+$"},
          "network":{"type":"string"},
          "gasCondition":{"$ref":"#/components/schemas/TransferRequest/properties/gasCondition"}}}
        """;

    private const string Send = "/v1/transactions/send";
    private const string Simulate = "/v1/transactions/simulate";

    /// <summary>
    /// resolveWalletId reads c.req.query('walletId') when no body walletId is given (helpers/resolve-wallet-id.ts:42).
    /// </summary>
    private const string QueryWalletId = "resolveWalletId reads the walletId query "
        + "parameter (helpers/resolve-wallet-id.ts:42)";

    public static IReadOnlyList<DaemonApiAllowance> All { get; } =
    [
        DaemonApiAllowance.Query("GET", "/v1/wallet/address", "walletId", QueryWalletId + "; routes/wallet.ts:211"),
        DaemonApiAllowance.Query("GET", "/v1/wallet/balance", "walletId", QueryWalletId + "; routes/wallet.ts:227"),
        DaemonApiAllowance.Query("GET", "/v1/wallet/assets", "walletId", QueryWalletId + "; routes/wallet.ts:353"),
        DaemonApiAllowance.Query("GET", "/v1/transactions", "walletId", QueryWalletId + "; routes/transactions.ts:904"),
        DaemonApiAllowance.Query(
            "GET", "/v1/transactions/pending", "walletId", QueryWalletId + "; routes/transactions.ts:967"),
        DaemonApiAllowance.Query("POST", "/v1/wallet/wc/pair", "walletId", QueryWalletId + "; routes/wc.ts:341, 357"),
        DaemonApiAllowance.Query("GET", "/v1/wallet/wc/session", "walletId", QueryWalletId + "; routes/wc.ts:341, 387"),
        DaemonApiAllowance.Query(
            "DELETE", "/v1/wallet/wc/session", "walletId", QueryWalletId + "; routes/wc.ts:341, 407"),
        DaemonApiAllowance.Query(
            "GET", "/v1/wallet/wc/pair/status", "walletId", QueryWalletId + "; routes/wc.ts:341, 426"),

        // send and simulate read the raw JSON body (no route schema strips it) and pass body.walletId on.
        DaemonApiAllowance.BodyField("POST", Send, "walletId", WalletId, "routes/transactions.ts:465-468"),
        DaemonApiAllowance.BodyField("POST", Simulate, "walletId", WalletId, "routes/transactions.ts:682-685"),

        // The document's send/simulate oneOf lists five types; the pipeline parses seven (TransactionRequestSchema).
        DaemonApiAllowance.BodyVariant("POST", Send, "", "NFT_TRANSFER", NftTransfer, "pipeline/stage1-validate.ts:26"),
        DaemonApiAllowance.BodyVariant(
            "POST", Send, "", "CONTRACT_DEPLOY", ContractDeploy, "pipeline/stage1-validate.ts:26"),
        DaemonApiAllowance.BodyVariant("POST", Simulate, "", "NFT_TRANSFER", NftTransfer, "pipeline/dry-run.ts:129"),
        DaemonApiAllowance.BodyVariant(
            "POST", Simulate, "", "CONTRACT_DEPLOY", ContractDeploy, "pipeline/dry-run.ts:129"),
    ];
}
