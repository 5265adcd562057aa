using static Waiaas.Mcp.Tools.Catalog.CommonArguments;
using static Waiaas.Mcp.Tools.ToolArgument;

namespace Waiaas.Mcp.Tools.Catalog;

/// <summary>ERC-4337 smart accounts: provider status and the build/sign UserOperation flow.</summary>
internal static class SmartAccountTools
{
    private static ToolArgument Hex(string name, string daemonField, string description) =>
        String(name, description).InBody("userOperation." + daemonField);

    public static IReadOnlyList<ToolDefinition> All { get; } =
    [
        new("get_provider_status", "smart-account", ToolHints.Read,
            "Get a wallet's details, including its account type and smart-account provider (bundler/paymaster) and deployment status.",
            HttpMethod.Get, "/v1/wallets/{wallet_id}",
            WalletIdInPath),

        new("build_userop", "smart-account", ToolHints.Write,
            "Build an unsigned ERC-4337 UserOperation for a smart-account wallet without a provider; fill in gas and paymaster data, then sign it with sign_userop.",
            HttpMethod.Post, "/v1/wallets/{wallet_id}/userop/build",
            WalletIdInPath,
            String("type", "Operation type.").OneOf("TRANSFER", "TOKEN_TRANSFER", "CONTRACT_CALL", "APPROVE", "BATCH").Required().InBody("request.type"),
            String("to", "Recipient or contract address.").InBody("request.to"),
            String("amount", "Amount in the smallest unit (wei, token base units), as a digit string.").InBody("request.amount"),
            String("token", "TOKEN_TRANSFER/APPROVE: token contract address.").InBody("request.token"),
            String("contract", "CONTRACT_CALL: contract address.").InBody("request.contract"),
            String("method", "CONTRACT_CALL: function name.").InBody("request.method"),
            Array("abi", "CONTRACT_CALL: ABI fragments.").InBody("request.abi"),
            Array("args", "CONTRACT_CALL: function arguments in order.").InBody("request.args"),
            Array("calls", "BATCH: the calls.",
                Object(string.Empty, string.Empty,
                    String("to", "Target address.").Required(),
                    String("amount", "Value in wei, as a digit string."),
                    String("data", "Hex calldata."))).InBody("request.calls"),
            String("network", "EVM network, e.g. base-sepolia.").Required().InBody()),

        new("sign_userop", "smart-account", ToolHints.Spend,
            "Sign a completed UserOperation from build_userop (all gas fields filled in, hex strings) after policy checks; returns the signed UserOperation to submit to a bundler.",
            HttpMethod.Post, "/v1/wallets/{wallet_id}/userop/sign",
            WalletIdInPath,
            String("build_id", "The buildId build_userop answered.").Required().InBody("buildId"),
            Hex("sender", "sender", "Smart-account address (0x...).").Required(),
            Hex("nonce", "nonce", "Nonce (hex).").Required(),
            Hex("call_data", "callData", "Call data (hex).").Required(),
            Hex("call_gas_limit", "callGasLimit", "Call gas limit (hex).").Required(),
            Hex("verification_gas_limit", "verificationGasLimit", "Verification gas limit (hex).").Required(),
            Hex("pre_verification_gas", "preVerificationGas", "Pre-verification gas (hex).").Required(),
            Hex("max_fee_per_gas", "maxFeePerGas", "Max fee per gas (hex).").Required(),
            Hex("max_priority_fee_per_gas", "maxPriorityFeePerGas", "Max priority fee per gas (hex).").Required(),
            Hex("signature", "signature", "Placeholder signature (hex); default 0x.").DefaultsTo("\"0x\""),
            Hex("factory", "factory", "Account factory address, for an undeployed account."),
            Hex("factory_data", "factoryData", "Factory data (hex)."),
            Hex("paymaster", "paymaster", "Paymaster address."),
            Hex("paymaster_data", "paymasterData", "Paymaster data (hex)."),
            Hex("paymaster_verification_gas_limit", "paymasterVerificationGasLimit", "Paymaster verification gas limit (hex)."),
            Hex("paymaster_post_op_gas_limit", "paymasterPostOpGasLimit", "Paymaster post-op gas limit (hex).")),
    ];
}
