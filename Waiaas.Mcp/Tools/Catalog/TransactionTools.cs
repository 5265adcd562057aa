using Waiaas.Mcp.Tools.Checking;
using Waiaas.Mcp.Tools.Composite;
using static Waiaas.Mcp.Tools.Arguments;
using static Waiaas.Mcp.Tools.Catalog.CommonArguments;
using static Waiaas.Mcp.Tools.Catalog.ToolTexts;
using static Waiaas.Mcp.Tools.Schema.Schemas;

namespace Waiaas.Mcp.Tools.Catalog;

/// <summary>Sending, approving, calling, deploying and following transactions.</summary>
internal static class TransactionTools
{
    /// <summary>
    /// What each type of simulate_transaction reads; the daemon's schema for a type drops the others silently.
    /// </summary>
    private static readonly Dictionary<string, string[]> SimulatedFieldsByType = new(StringComparer.Ordinal)
    {
        ["TRANSFER"] = ["to", "amount", "human_amount", "memo", "network", "wallet_id", "gas_condition"],
        ["TOKEN_TRANSFER"] = ["to", "amount", "human_amount", "memo", "token", "network", "wallet_id", "gas_condition"],
        ["CONTRACT_CALL"] =
        [
            "to", "calldata", "abi", "value", "programId", "instructionData", "accounts", "network", "wallet_id",
            "gas_condition",
        ],
        ["APPROVE"] = ["spender", "token", "amount", "human_amount", "nft", "network", "wallet_id", "gas_condition"],
        ["BATCH"] = ["instructions", "network", "wallet_id", "gas_condition"],
        ["NFT_TRANSFER"] = ["to", "token", "amount", "network", "wallet_id", "gas_condition"],
        ["CONTRACT_DEPLOY"] = ["bytecode", "constructor_args", "value", "network", "wallet_id", "gas_condition"],
    };

    public static IReadOnlyList<ToolDefinition> All { get; } =
    [
        new()
        {
            Name = "send_token",
            Title = "Send coins or tokens",
            Hints = ToolHints.Spend,
            Description =
                "Send the native coin (ETH, SOL...) or, with token, an ERC-20/SPL token to an address. "
                + "Give exactly one of amount (smallest unit) and human_amount (whole units). type follows "
                + "from token and is checked against "
                + "it. " + AcceptedAsPending,
            Route = DaemonRoute.Post("/v1/transactions/send"),
            Arguments =
            [
                Body("to", Text("Recipient address.")).Required(),
                Amount,
                HumanAmount,
                Body("memo", Text("Optional memo.") with { MaxLength = 256 }),
                Body("type", OneOf(
                    "TRANSFER for the native coin, TOKEN_TRANSFER for token; follows from token when left out.",
                    "TRANSFER",
                    "TOKEN_TRANSFER")) with
                {
                    Default = new DefaultValue("\"TRANSFER\"") { WhenGiven = ("token", "\"TOKEN_TRANSFER\"") },
                },
                NetworkInBody,
                Body("token", Token),
                WalletArgument.InBody("walletId"),
                GasCondition,
            ],
            Rules =
            [
                ArgumentRule.ExactlyOne("amount", "human_amount"),
                // The daemon drops token from a TRANSFER and sends the native coin for amount: never send that.
                ArgumentRule.RulesOut("type", "TRANSFER", "token"),
                ArgumentRule.Needs("type", "TOKEN_TRANSFER", "token"),
            ],
        },

        new()
        {
            Name = "list_transactions",
            Title = "List transactions",
            Hints = ToolHints.Read,
            Description =
                "List a wallet's outgoing transactions, newest first, with status, amounts and hashes. The "
                + "answer's hasMore says whether there is a next page: pass its cursor to get it.",
            Route = DaemonRoute.Get("/v1/transactions"),
            Arguments =
            [
                Query("limit", Integer("Transactions per page (default 20).", 1, 100)),
                Query("cursor", Text("The cursor of the previous page's answer.")),
                DisplayCurrency,
                WalletArgument.InQuery("walletId"),
            ],
        },

        new()
        {
            Name = "get_transaction",
            Title = "Get a transaction",
            Hints = ToolHints.Read,
            Description =
                "Get one transaction by id: status, amounts, hashes, and error when it failed or a policy "
                + "cancelled it. Right after a send it is PENDING; to wait until it is CONFIRMED, FAILED, "
                + "CANCELLED or QUEUED (a delay or the owner's approval is pending), call wait_for_transaction "
                + "instead of asking again and again.",
            Route = DaemonRoute.Get("/v1/transactions/{transaction_id}"),
            Arguments =
            [
                Path("transaction_id", Text("Transaction id (a UUID) from a send or list_transactions.")).Required(),
                DisplayCurrency,
            ],
        },

        WaitForTransaction.Tool,

        new()
        {
            Name = "cancel_transaction",
            Title = "Cancel a queued transaction",
            Hints = ToolHints.End,
            Description =
                "Take back a transaction of the session's wallets while it is QUEUED (waiting out a delay or "
                + "for the owner's approval); answers {id, status: \"CANCELLED\"}. Any other status is "
                + "refused (TX_ALREADY_PROCESSED).",
            Route = DaemonRoute.Post("/v1/transactions/{transaction_id}/cancel"),
            Arguments =
            [
                Path("transaction_id", Text("Transaction id (a UUID) of the QUEUED transaction.")).Required(),
            ],
        },

        new()
        {
            Name = "list_pending_transactions",
            Title = "List pending transactions",
            Hints = ToolHints.Read,
            Description =
                "List a wallet's transactions that are not settled yet: PENDING (policies and signing still running) "
                + "and QUEUED (waiting out a delay or for the owner's approval), newest first, in one answer {items}.",
            Route = DaemonRoute.Get("/v1/transactions/pending"),
            Arguments = [WalletArgument.InQuery("walletId")],
        },

        new()
        {
            Name = "call_contract",
            Title = "Call a contract",
            Hints = ToolHints.Spend,
            Description =
                "Call a smart contract. EVM: to, calldata (from encode_calldata) or abi, and value in wei. "
                + "Solana: to, programId, instructionData (base64) and accounts. Needs a "
                + "CONTRACT_WHITELIST policy for the contract. "
                + AcceptedAsPending,
            Route = DaemonRoute.Post("/v1/transactions/send"),
            BodyConstants = [new BodyConstant("type", "\"CONTRACT_CALL\"")],
            Arguments =
            [
                Body("to", Text("Contract address (EVM) or program address (Solana).")).Required(),
                Body("calldata", Text("EVM: hex calldata (0x...), e.g. from encode_calldata.")),
                Body("abi", Abi),
                Body("value", Digits("EVM: native value to send with the call, in wei.")),
                Body("programId", Text("Solana: program id.")),
                Body("instructionData", Text("Solana: instruction data (base64).")),
                Body("accounts", Accounts),
                NetworkInBody,
                WalletArgument.InBody("walletId"),
                GasCondition,
            ],
        },

        new()
        {
            Name = "deploy_contract",
            Title = "Deploy a contract",
            Hints = ToolHints.Spend,
            Description =
                "Deploy an EVM contract from its creation bytecode (0x...), with ABI-encoded constructor "
                + "arguments appended and value in wei for a payable constructor. The answer carries no contract "
                + "address: read it from the mined "
                + "transaction. " + AcceptedAsPending,
            Route = DaemonRoute.Post("/v1/transactions/send"),
            BodyConstants = [new BodyConstant("type", "\"CONTRACT_DEPLOY\"")],
            Arguments =
            [
                Body("bytecode", Text("Creation bytecode, 0x-prefixed hex.")).Required(),
                Body(
                    "constructor_args",
                    Text("ABI-encoded constructor arguments (hex), appended to the bytecode."),
                    "constructorArgs"),
                Body("value", Digits("Wei sent to a payable constructor.")),
                Body("network", Text("EVM network to deploy on, e.g. base-sepolia.")).Required(),
                WalletArgument.InBody("walletId"),
                GasCondition,
            ],
        },

        new()
        {
            Name = "approve_token",
            Title = "Approve a spender",
            Hints = ToolHints.Spend,
            Description =
                "Allow a spender (e.g. a DEX router) to move up to an amount of a token from the wallet; "
                + "with nft, approve one NFT (amount \"0\") or the whole collection. Give exactly one of "
                + "amount and human_amount. Needs an "
                + "APPROVED_SPENDERS policy. " + AcceptedAsPending,
            Route = DaemonRoute.Post("/v1/transactions/send"),
            BodyConstants = [new BodyConstant("type", "\"APPROVE\"")],
            Arguments =
            [
                Body("spender", Text("Address allowed to spend.")).Required(),
                Body("token", Token).Required(),
                Body("amount", Digits("Allowance in the token's smallest unit, as a digit string.")),
                HumanAmount,
                Nft,
                NetworkInBody,
                WalletArgument.InBody("walletId"),
                GasCondition,
            ],
            Rules = [ArgumentRule.ExactlyOne("amount", "human_amount")],
        },

        new()
        {
            Name = "send_batch",
            Title = "Send a batch",
            Hints = ToolHints.Spend,
            Description =
                "Send 2 to 20 instructions as one atomic transaction (Solana, or EVM smart accounts; plain EVM "
                + "wallets answer BATCH_NOT_SUPPORTED). Each instruction is a send body with camelCase fields; its "
                + "kind follows from its fields (spender: approval, token: token transfer, calldata or programId: "
                + "contract call, else a transfer), "
                + "and humanAmount is not converted inside a batch. " + AcceptedAsPending,
            Route = DaemonRoute.Post("/v1/transactions/send"),
            BodyConstants = [new BodyConstant("type", "\"BATCH\"")],
            Arguments =
            [
                Body("instructions", Instructions("The instructions, in order.")).Required(),
                NetworkInBody,
                WalletArgument.InBody("walletId"),
                GasCondition,
            ],
        },

        new()
        {
            Name = "simulate_transaction",
            Title = "Simulate a transaction",
            Hints = ToolHints.Read,
            Description =
                "Dry-run a transaction of any type without storing or signing it: the policy verdict and tier, "
                + "the fee, balance changes and warnings. Fields per type: TRANSFER to + amount or "
                + "human_amount; TOKEN_TRANSFER also token; CONTRACT_CALL to + calldata/abi/value or "
                + "programId/instructionData/accounts; APPROVE spender + token + amount (+ nft); BATCH "
                + "instructions; NFT_TRANSFER to + token {address, tokenId, standard}; CONTRACT_DEPLOY "
                + "bytecode (+ constructor_args, value).",
            Route = DaemonRoute.Post("/v1/transactions/simulate"),
            Arguments =
            [
                Body("type", OneOf("The transaction type.",
                    "TRANSFER", "TOKEN_TRANSFER", "CONTRACT_CALL", "APPROVE", "BATCH", "NFT_TRANSFER",
                    "CONTRACT_DEPLOY")).Required(),
                Body("to", Text("Recipient or contract address.")),
                Body("amount", Text("Amount in the smallest unit, as a digit string.")),
                HumanAmount,
                Body("memo", Text("Optional memo.") with { MaxLength = 256 }),
                Body("token", Token with
                {
                    Description = "TOKEN_TRANSFER, APPROVE: the token; NFT_TRANSFER: the "
                        + "NFT (address, tokenId, standard).",
                    Properties =
                    [
                        .. Token.Properties!,
                        Field("tokenId", Text("NFT_TRANSFER: the NFT's token id.")),
                        Field("standard", NftStandard),
                    ],
                }),
                Body("calldata", Text("CONTRACT_CALL on EVM: hex calldata.")),
                Body("abi", Abi),
                Body("value", Text("CONTRACT_CALL, CONTRACT_DEPLOY: native value in wei, as a digit string.")),
                Body("programId", Text("CONTRACT_CALL on Solana: program id.")),
                Body("instructionData", Text("CONTRACT_CALL on Solana: instruction data (base64).")),
                Body("accounts", Accounts),
                Body("spender", Text("APPROVE: the spender address.")),
                Nft,
                Body("instructions", Instructions("BATCH: the instructions.")),
                Body("bytecode", Text("CONTRACT_DEPLOY: creation bytecode (0x...).")),
                Body(
                    "constructor_args",
                    Text("CONTRACT_DEPLOY: ABI-encoded constructor arguments (hex)."),
                    "constructorArgs"),
                NetworkInBody,
                WalletArgument.InBody("walletId"),
                GasCondition,
            ],
            Rules = [ArgumentRule.OnlyFieldsOf("type", SimulatedFieldsByType)],
        },

        new()
        {
            Name = "encode_calldata",
            Title = "Encode calldata",
            Hints = ToolHints.Read,
            ActsOnWallet = false,
            Description = "Encode an EVM function call (ABI, function name, arguments) into hex calldata "
                + "for call_contract or build_userop. Sends nothing.",
            Route = DaemonRoute.Post("/v1/utils/encode-calldata"),
            Arguments =
            [
                Body("abi", Abi).Required(),
                Body("functionName", Text("Name of the function to call, e.g. transfer.")).Required(),
                Body("args", List("Function arguments in order; big numbers as strings.", AnyValue)).DefaultsTo("[]"),
            ],
        },
    ];
}
