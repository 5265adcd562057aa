using System.Text.Json;
using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Daemon;
using static Waiaas.Mcp.Tools.Catalog.CommonArguments;
using static Waiaas.Mcp.Tools.ToolArgument;

namespace Waiaas.Mcp.Tools.Catalog;

/// <summary>Session, balances, transactions and signing: the tools every wallet has.</summary>
internal static class CoreTools
{
    private const string SmallestUnitAmount =
        "Amount in the smallest unit (wei, lamports, token base units) as a digit string, e.g. \"1000000\" for 1 USDC.";

    public static IReadOnlyList<ToolDefinition> All { get; } =
    [
        new("connect_info", "core", ToolHints.Read,
            "Describe this session: the wallets it may use (ids, chains, networks), their policies and the daemon's capabilities. Call this first to learn wallet ids and networks.",
            HttpMethod.Get, "/v1/connect-info")
        { WalletSpecific = false },

        new("get_policies", "core", ToolHints.Read,
            "List the policies (spending limits, allowed tokens, contracts, spenders) that apply to the session's wallets, to learn why a transaction may be denied or delayed.",
            HttpMethod.Get, "/v1/policies",
            WalletIdQuery,
            Integer("limit", "Maximum number of policies to return (1-200, default 50).").Between(1, 200),
            Integer("offset", "Number of policies to skip, for paging.").Between(0, 9007199254740991)),

        new("get_tokens", "core", ToolHints.Read,
            "List the tokens the daemon knows on a network (address, symbol, decimals, CAIP-19 asset id), e.g. to fill the token argument of send_token.",
            HttpMethod.Get, "/v1/tokens",
            Network.Required() with { Description = "Network whose token registry to list, e.g. ethereum-mainnet." })
        { WalletSpecific = false },

        new("send_token", "core", ToolHints.Spend,
            "Send native coin (type TRANSFER, the default) or a token (type TOKEN_TRANSFER with token) to an address. Policies may deny it or hold it for a delay or owner approval; check with get_transaction.",
            HttpMethod.Post, "/v1/transactions/send",
            String("to", "Recipient address.").Required().InBody(),
            String("amount", SmallestUnitAmount).Required().InBody(),
            String("memo", "Optional memo (at most 256 characters).").InBody(),
            String("type", "TRANSFER for the native coin, TOKEN_TRANSFER for a token (then token is required).").OneOf("TRANSFER", "TOKEN_TRANSFER").InBody(),
            Network.InBody(),
            Token.InBody(),
            WalletIdBody,
            GasCondition),

        new("get_balance", "core", ToolHints.Read,
            "Get the native-coin balance of a wallet (e.g. ETH, SOL), with a fiat value when available. For tokens use get_assets.",
            HttpMethod.Get, "/v1/wallet/balance",
            Network with { Description = "Network to query, e.g. ethereum-sepolia or solana-devnet. Required for EVM wallets that span several networks." },
            DisplayCurrency,
            WalletIdQuery),

        new("get_address", "core", ToolHints.Read,
            "Get a wallet's public address and chain, e.g. to receive funds.",
            HttpMethod.Get, "/v1/wallet/address",
            WalletIdQuery),

        new("get_assets", "core", ToolHints.Read,
            "List every asset a wallet holds on a network (native coin and tokens) with balances and fiat values.",
            HttpMethod.Get, "/v1/wallet/assets",
            Network,
            DisplayCurrency,
            WalletIdQuery),

        new("list_transactions", "core", ToolHints.Read,
            "List a wallet's outgoing transactions, newest first, with status and amounts. Page with cursor.",
            HttpMethod.Get, "/v1/transactions",
            Number("limit", "Maximum number of transactions (the daemon accepts 1-100, default 20)."),
            String("cursor", "Cursor from the previous page's answer."),
            DisplayCurrency,
            WalletIdQuery),

        new("get_transaction", "core", ToolHints.Read,
            "Get one transaction by id: status, amounts, hashes and, for pending ones, why they wait (delay or owner approval).",
            HttpMethod.Get, "/v1/transactions/{transaction_id}",
            String("transaction_id", "Transaction id as returned by send_token or list_transactions.").Required().InPath(),
            DisplayCurrency,
            WalletIdQuery),

        new("get_nonce", "core", ToolHints.Read,
            "Get a one-time nonce from the daemon, e.g. for a sign-in message (SIWE) to sign with sign_message.",
            HttpMethod.Get, "/v1/nonce",
            WalletIdQuery),

        new("call_contract", "core", ToolHints.Spend,
            "Call a smart contract: EVM with calldata (or abi), value in wei; Solana with programId, instructionData and accounts. Needs a CONTRACT_WHITELIST policy; may be held for approval.",
            HttpMethod.Post, "/v1/transactions/send",
            String("to", "Contract address (EVM) or program address (Solana).").Required().InBody(),
            String("calldata", "EVM: hex calldata (0x...), e.g. from encode_calldata.").InBody(),
            Abi.InBody(),
            String("value", "EVM: native value to send, in wei, as a digit string.").InBody(),
            String("programId", "Solana: program id.").InBody(),
            String("instructionData", "Solana: instruction data (base64).").InBody(),
            Accounts.InBody(),
            Network.InBody(),
            WalletIdBody,
            GasCondition)
        { BodyConstants = [new("type", "CONTRACT_CALL")] },

        new("approve_token", "core", ToolHints.Spend,
            "Approve a spender (e.g. a DEX router) to move up to amount of a token from the wallet. Needs an APPROVED_SPENDERS policy.",
            HttpMethod.Post, "/v1/transactions/send",
            String("spender", "Address allowed to spend the token.").Required().InBody(),
            Token.Required().InBody(),
            String("amount", "Allowance in the token's smallest unit, as a digit string.").Required().InBody(),
            Network.InBody(),
            WalletIdBody,
            GasCondition)
        { BodyConstants = [new("type", "APPROVE")] },

        new("send_batch", "core", ToolHints.Spend,
            "Send 2 to 20 instructions (transfers, token transfers, contract calls, approvals) as one atomic transaction. Each instruction is an object shaped like a send_token/call_contract/approve_token body with camelCase fields.",
            HttpMethod.Post, "/v1/transactions/send",
            Array("instructions", "The instructions, in order (2-20).", FreeObject(string.Empty, string.Empty)).ItemCount(2, 20).Required().InBody(),
            Network.InBody(),
            WalletIdBody,
            GasCondition)
        { BodyConstants = [new("type", "BATCH")] },

        new("get_wallet_info", "core", ToolHints.Read,
            "Get a wallet's overview in one call: address, chain, environment, the networks it can use, account type and status.",
            HttpMethod.Get, "/v1/wallet/address",
            WalletIdQuery)
        { Executor = GetWalletInfoAsync },

        new("encode_calldata", "core", ToolHints.Read,
            "Encode an EVM function call (ABI, function name, arguments) into hex calldata for call_contract. Sends nothing.",
            HttpMethod.Post, "/v1/utils/encode-calldata",
            Abi.Required().InBody(),
            String("functionName", "Name of the function to call, e.g. transfer.").Required().InBody(),
            Array("args", "Function arguments in order; big numbers as strings.").InBody().DefaultsTo("[]"),
            WalletIdBody)
        { WalletSpecific = false },

        new("sign_transaction", "core", ToolHints.Spend,
            "Sign an unsigned transaction built elsewhere (EVM hex or Solana base64) after policy checks; returns the signed transaction without broadcasting it.",
            HttpMethod.Post, "/v1/transactions/sign",
            String("transaction", "The unsigned transaction (EVM: hex, Solana: base64).").Required().InBody(),
            Network.InBody(),
            WalletIdBody),

        new("simulate_transaction", "core", ToolHints.Read,
            "Dry-run a transaction (any type send_token, call_contract, approve_token or send_batch takes) and report policy verdict, fees and balance changes without sending it.",
            HttpMethod.Post, "/v1/transactions/simulate",
            String("to", "Recipient, contract or spender target address.").Required().InBody(),
            String("amount", SmallestUnitAmount).Required().InBody(),
            String("type", "Transaction type (default TRANSFER).").OneOf("TRANSFER", "TOKEN_TRANSFER", "CONTRACT_CALL", "APPROVE", "BATCH").InBody(),
            Token with
            {
                Location = ArgumentLocation.Body,
                Properties = [.. Token.Properties!.Select(p => p.Name == "assetId" ? p : p.Required())],
            },
            String("calldata", "CONTRACT_CALL on EVM: hex calldata.").InBody(),
            Abi.InBody(),
            String("value", "CONTRACT_CALL on EVM: native value in wei, as a digit string.").InBody(),
            String("programId", "CONTRACT_CALL on Solana: program id.").InBody(),
            String("instructionData", "CONTRACT_CALL on Solana: instruction data (base64).").InBody(),
            Accounts.InBody(),
            String("spender", "APPROVE: the spender address.").InBody(),
            Array("instructions", "BATCH: the instructions.", FreeObject(string.Empty, string.Empty)).InBody(),
            Network.InBody(),
            WalletIdBody,
            GasCondition),

        new("sign_message", "core", ToolHints.Spend,
            "Sign a message with the wallet key: personal_sign of a text or hex message (sign_type personal, the default) or EIP-712 typed data (sign_type typedData with typed_data).",
            HttpMethod.Post, "/v1/transactions/sign-message",
            String("message", "The message (UTF-8 text or 0x hex); for sign_type personal.").InBody(),
            String("sign_type", "personal (default) or typedData.").OneOf("personal", "typedData").InBody("signType"),
            Object("typed_data", "EIP-712 typed data; for sign_type typedData.",
                Object("domain", "EIP-712 domain.",
                    String("name", "Domain name."),
                    String("version", "Domain version."),
                    NumberOrString("chainId", "Chain id."),
                    String("verifyingContract", "Verifying contract address."),
                    String("salt", "Domain salt.")).Required(),
                Map("types", "Type definitions: type name to its fields.",
                    Array(string.Empty, string.Empty,
                        Object(string.Empty, string.Empty,
                            String("name", "Field name.").Required(),
                            String("type", "Field type, e.g. address or uint256.").Required()))).Required(),
                String("primaryType", "Name of the primary type.").Required(),
                FreeObject("message", "The values to sign.").Required()).InBody("typedData"),
            Network.InBody(),
            WalletIdBody),

        new("resolve_asset", "core", ToolHints.Read,
            "Resolve a CAIP-19 asset id (e.g. eip155:1/slip44:60 or eip155:8453/erc20:0x833...) to its token details (address, symbol, decimals) for send_token.",
            HttpMethod.Get, "/v1/tokens",
            String("asset_id", "CAIP-19 asset id: <chain namespace>:<reference>/<asset namespace>:<reference>.").Required().Local())
        { WalletSpecific = false, Executor = ResolveAssetAsync },
    ];

    /// <summary>Address first (it names the wallet), then its networks and details, merged into one answer.</summary>
    private static async Task<CallToolResult> GetWalletInfoAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var addressResult = await call.SendAsync(call.DeclaredRequest(), cancellationToken).ConfigureAwait(false);
        if (addressResult is not DaemonResult.Ok address)
        {
            return ResultMapper.ToToolResult(addressResult);
        }

        using var addressJson = JsonDocument.Parse(address.Json);
        if (ToolCall.StringProperty(addressJson.RootElement, "walletId") is not { } walletId)
        {
            return ResultMapper.InvalidCall("UNEXPECTED_RESPONSE", "The daemon's address answer names no walletId.");
        }

        var walletPath = "/v1/wallets/" + UrlBuilder.EncodePathSegment(walletId);
        var networksResult = await call.SendAsync(DaemonRequest.Get(walletPath + "/networks"), cancellationToken).ConfigureAwait(false);
        if (networksResult is not DaemonResult.Ok networks)
        {
            return ResultMapper.ToToolResult(networksResult);
        }

        var detailsResult = await call.SendAsync(DaemonRequest.Get(walletPath), cancellationToken).ConfigureAwait(false);
        if (detailsResult is not DaemonResult.Ok details)
        {
            return ResultMapper.ToToolResult(detailsResult);
        }

        using var networksJson = JsonDocument.Parse(networks.Json);
        using var detailsJson = JsonDocument.Parse(details.Json);
        return ToolCall.Answer(writer =>
        {
            var written = new HashSet<string>(StringComparer.Ordinal) { "networks", "id", "publicKey" };
            CopyProperties(writer, addressJson.RootElement, written);

            // The daemon answers availableNetworks: [{ network }]; the original read a 'networks' key and lost them.
            writer.WriteStartArray("networks");
            if (networksJson.RootElement.ValueKind == JsonValueKind.Object
                && networksJson.RootElement.TryGetProperty("availableNetworks", out var available) && available.ValueKind == JsonValueKind.Array)
            {
                foreach (var entry in available.EnumerateArray())
                {
                    if ((entry.ValueKind == JsonValueKind.String ? entry.GetString() : ToolCall.StringProperty(entry, "network")) is { } name)
                    {
                        writer.WriteStringValue(name);
                    }
                }
            }

            writer.WriteEndArray();
            CopyProperties(writer, detailsJson.RootElement, written);
        });
    }

    /// <summary>Native coins (slip44) are answered here; tokens are looked up in the chain's token registry.</summary>
    private static async Task<CallToolResult> ResolveAssetAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var assetId = call.GetString("asset_id")!;
        if (!TryParseCaip19(assetId, out var chainId, out var assetNamespace, out var assetReference))
        {
            return ResultMapper.InvalidCall(
                ToolHandlers.InvalidArgumentsCode,
                $"Invalid arguments for resolve_asset: 'asset_id' must be a CAIP-19 asset id such as eip155:1/slip44:60 or eip155:1/erc20:0x..., got \"{assetId}\".",
                "Fix the arguments and call again; the input schema lists them.");
        }

        if (assetNamespace == "slip44")
        {
            return ToolCall.Answer(writer =>
            {
                writer.WriteString("assetId", assetId);
                writer.WriteString("chainId", chainId);
                writer.WriteString("assetNamespace", assetNamespace);
                writer.WriteString("assetReference", assetReference);
                writer.WriteBoolean("native", true);
            });
        }

        var query = new[] { KeyValuePair.Create("network", (string?)chainId) };
        var result = await call.SendAsync(DaemonRequest.Get(UrlBuilder.AppendQuery("/v1/tokens", query)), cancellationToken).ConfigureAwait(false);
        if (result is not DaemonResult.Ok tokens)
        {
            return ResultMapper.ToToolResult(result);
        }

        using var tokensJson = JsonDocument.Parse(tokens.Json);
        if (tokensJson.RootElement.ValueKind == JsonValueKind.Object
            && tokensJson.RootElement.TryGetProperty("tokens", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var token in list.EnumerateArray())
            {
                if (string.Equals(ToolCall.StringProperty(token, "assetId"), assetId, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(ToolCall.StringProperty(token, "address"), assetReference, StringComparison.OrdinalIgnoreCase))
                {
                    var match = token;
                    return ToolCall.Answer(writer =>
                    {
                        writer.WriteString("assetId", assetId);
                        writer.WriteString("chainId", chainId);
                        writer.WriteBoolean("native", false);
                        writer.WritePropertyName("token");
                        match.WriteTo(writer);
                    });
                }
            }
        }

        return ResultMapper.InvalidCall(
            "ASSET_NOT_FOUND",
            $"The daemon's token registry for {chainId} has no token {assetReference}.",
            "List the network's tokens with get_tokens, or pass the token's address, decimals and symbol to send_token directly.");
    }

    private static bool TryParseCaip19(string assetId, out string chainId, out string assetNamespace, out string assetReference)
    {
        chainId = assetNamespace = assetReference = string.Empty;
        var parts = assetId.Split('/');
        if (parts.Length != 2 || !IsPair(parts[0]) || !IsPair(parts[1]))
        {
            return false;
        }

        chainId = parts[0];
        var colon = parts[1].IndexOf(':', StringComparison.Ordinal);
        assetNamespace = parts[1][..colon];
        assetReference = parts[1][(colon + 1)..];
        return true;

        static bool IsPair(string text) =>
            text.Split(':') is [{ Length: > 0 }, { Length: > 0 }];
    }

    private static void CopyProperties(Utf8JsonWriter writer, JsonElement source, HashSet<string> written)
    {
        if (source.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in source.EnumerateObject())
        {
            if (written.Add(property.Name))
            {
                property.WriteTo(writer);
            }
        }
    }
}
