using Waiaas.Mcp.Tools.Checking;
using static Waiaas.Mcp.Tools.Arguments;
using static Waiaas.Mcp.Tools.Catalog.CommonArguments;
using static Waiaas.Mcp.Tools.Schema.Schemas;

namespace Waiaas.Mcp.Tools.Catalog;

/// <summary>ERC-4337 smart accounts: provider status and the build-then-sign UserOperation flow.</summary>
internal static class SmartAccountTools
{
    private static readonly string[] EvmNetworks =
    [
        "ethereum-mainnet", "ethereum-sepolia", "polygon-mainnet", "polygon-amoy", "arbitrum-mainnet",
        "arbitrum-sepolia",
        "optimism-mainnet", "optimism-sepolia", "base-mainnet", "base-sepolia", "hyperevm-mainnet", "hyperevm-testnet",
    ];

    /// <summary>
    /// What each type of build_userop reads; the daemon's schema for a type drops the others silently.
    /// </summary>
    private static readonly Dictionary<string, string[]> BuiltFieldsByType = new(StringComparer.Ordinal)
    {
        ["TRANSFER"] = ["wallet_id", "to", "amount", "network"],
        ["TOKEN_TRANSFER"] = ["wallet_id", "to", "amount", "token", "network"],
        ["CONTRACT_CALL"] = ["wallet_id", "to", "calldata", "value", "network"],
        ["APPROVE"] = ["wallet_id", "spender", "token", "amount", "network"],
        ["BATCH"] = ["wallet_id", "instructions", "network"],
    };

    private static ToolArgument UserOperation(string name, string daemonField, string description) =>
        Body(name, Text(description), "userOperation." + daemonField);

    public static IReadOnlyList<ToolDefinition> All { get; } =
    [
        new()
        {
            Name = "get_provider_status",
            Title = "Wallet details and smart-account provider",
            Hints = ToolHints.Read,
            Description = "Get a wallet's details: account type, and for smart accounts the bundler/paymaster "
                + "provider and whether the account is deployed.",
            Route = DaemonRoute.Get("/v1/wallets/{wallet_id}"),
            Arguments = [WalletArgument.RequiredInPath],
        },

        new()
        {
            Name = "build_userop",
            Title = "Build a UserOperation",
            Hints = ToolHints.Write,
            Description =
                "Build an unsigned ERC-4337 UserOperation for a smart-account wallet; fill in gas and paymaster data, "
                + "then sign it with sign_userop. Give amount (not a human amount) and the token's address, decimals "
                + "and symbol; CONTRACT_CALL needs calldata (from encode_calldata). Smart-account wallets only.",
            Route = DaemonRoute.Post("/v1/wallets/{wallet_id}/userop/build"),
            Arguments =
            [
                WalletArgument.RequiredInPath,
                Body(
                    "type",
                    OneOf("Operation type.", "TRANSFER", "TOKEN_TRANSFER", "CONTRACT_CALL", "APPROVE", "BATCH"),
                    "request.type").Required(),
                Body("to", Text("Recipient or contract address."), "request.to"),
                Body("amount", Digits("Amount in the smallest unit (wei, token base units)."), "request.amount"),
                Body("token", Token with
                {
                    Description = "TOKEN_TRANSFER, APPROVE: the token's address, decimals and symbol "
                        + "(assetId is not resolved here).",
                    Properties = [.. Token.Properties!.Select(p => p.Name == "assetId" ? p : p.Required())],
                }, "request.token"),
                Body("calldata", Text("CONTRACT_CALL: hex calldata."), "request.calldata"),
                Body("value", Digits("CONTRACT_CALL: native value in wei."), "request.value"),
                Body("spender", Text("APPROVE: the spender address."), "request.spender"),
                Body("instructions", Instructions("BATCH: the calls, as send bodies."), "request.instructions"),
                Body("network", OneOf("The EVM network of the smart account.", EvmNetworks)).Required(),
            ],
            Rules = [ArgumentRule.OnlyFieldsOf("type", BuiltFieldsByType)],
        },

        new()
        {
            Name = "sign_userop",
            Title = "Sign a UserOperation",
            Hints = ToolHints.Sign,
            Description =
                "Sign a completed UserOperation from build_userop (every gas field filled in, hex strings) after "
                + "the policy checks; returns the signed UserOperation to submit to a bundler.",
            Route = DaemonRoute.Post("/v1/wallets/{wallet_id}/userop/sign"),
            Arguments =
            [
                WalletArgument.RequiredInPath,
                Body("build_id", Text("The buildId build_userop answered."), "buildId").Required(),
                UserOperation("sender", "sender", "Smart-account address (0x...).").Required(),
                UserOperation("nonce", "nonce", "Nonce (hex).").Required(),
                UserOperation("call_data", "callData", "Call data (hex).").Required(),
                UserOperation("call_gas_limit", "callGasLimit", "Call gas limit (hex).").Required(),
                UserOperation("verification_gas_limit", "verificationGasLimit", "Verification gas limit (hex).")
                    .Required(),
                UserOperation("pre_verification_gas", "preVerificationGas", "Pre-verification gas (hex).").Required(),
                UserOperation("max_fee_per_gas", "maxFeePerGas", "Max fee per gas (hex).").Required(),
                UserOperation("max_priority_fee_per_gas", "maxPriorityFeePerGas", "Max priority fee per gas (hex).")
                    .Required(),
                UserOperation("signature", "signature", "Placeholder signature (hex); default 0x.")
                    .DefaultsTo("\"0x\""),
                UserOperation("factory", "factory", "Account factory address, for an account not yet deployed."),
                UserOperation("factory_data", "factoryData", "Factory data (hex)."),
                UserOperation("paymaster", "paymaster", "Paymaster address."),
                UserOperation("paymaster_data", "paymasterData", "Paymaster data (hex)."),
                UserOperation(
                    "paymaster_verification_gas_limit",
                    "paymasterVerificationGasLimit",
                    "Paymaster verification gas limit (hex)."),
                UserOperation(
                    "paymaster_post_op_gas_limit", "paymasterPostOpGasLimit", "Paymaster post-op gas limit (hex)."),
            ],
        },
    ];
}
