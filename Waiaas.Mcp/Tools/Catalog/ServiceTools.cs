using System.Globalization;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Daemon;
using static Waiaas.Mcp.Tools.Catalog.CommonArguments;
using static Waiaas.Mcp.Tools.ToolArgument;

namespace Waiaas.Mcp.Tools.Catalog;

/// <summary>x402 payments, WalletConnect, incoming transfers, DeFi, ERC-8004/8128, off-chain actions and the RPC proxy.</summary>
internal static class ServiceTools
{
    public static IReadOnlyList<ToolDefinition> All { get; } =
    [
        // x402
        new("x402_fetch", "x402", ToolHints.Spend,
            "Fetch an HTTP URL and pay automatically when it answers 402 Payment Required (x402). Needs an X402_ALLOWED_DOMAINS policy. Returns the response and the payment made.",
            HttpMethod.Post, "/v1/x402/fetch",
            Url.Required().InBody(),
            (HttpMethodArgument with { Description = "HTTP method (default GET)." }).InBody(),
            Headers.InBody(),
            String("body", "Request body as a string.").InBody(),
            WalletIdBody),

        // WalletConnect
        new("wc_connect", "walletconnect", ToolHints.Write,
            "Start a WalletConnect pairing so the wallet owner can approve transactions from a mobile wallet; returns the pairing URI to show the owner.",
            HttpMethod.Post, "/v1/wallet/wc/pair",
            WalletIdBody),

        new("wc_status", "walletconnect", ToolHints.Read,
            "Show the wallet's WalletConnect session: whether an owner wallet is connected, and which.",
            HttpMethod.Get, "/v1/wallet/wc/session",
            WalletIdQuery),

        new("wc_disconnect", "walletconnect", ToolHints.End,
            "Disconnect the wallet's WalletConnect session.",
            HttpMethod.Delete, "/v1/wallet/wc/session",
            WalletIdQuery),

        // Incoming transfers
        new("list_incoming_transactions", "incoming", ToolHints.Read,
            "List transfers received by a wallet, newest first, with filters. Page with cursor.",
            HttpMethod.Get, "/v1/wallet/incoming",
            Number("limit", "Maximum number of entries (the daemon accepts 1-100, default 20)."),
            String("cursor", "Cursor from the previous page's answer."),
            String("chain", "Chain filter, e.g. ethereum or solana."),
            String("network", "Network filter, e.g. base-mainnet."),
            String("status", "Status filter, e.g. CONFIRMED (the default) or DETECTED."),
            String("token", "Token address filter."),
            String("from_address", "Sender address filter."),
            Number("since", "Only entries at or after this time (Unix epoch seconds)."),
            Number("until", "Only entries at or before this time (Unix epoch seconds)."),
            WalletIdSnakeQuery),

        new("get_incoming_summary", "incoming", ToolHints.Read,
            "Summarize a wallet's received transfers per period (daily, weekly or monthly): counts and totals.",
            HttpMethod.Get, "/v1/wallet/incoming/summary",
            String("period", "daily (default), weekly or monthly."),
            String("chain", "Chain filter, e.g. ethereum or solana."),
            String("network", "Network filter, e.g. base-mainnet."),
            Number("since", "Start time (Unix epoch seconds)."),
            Number("until", "End time (Unix epoch seconds)."),
            WalletIdSnakeQuery),

        // DeFi
        new("waiaas_get_defi_positions", "defi", ToolHints.Read,
            "List a wallet's DeFi positions (lending, staking, liquidity) across supported protocols.",
            HttpMethod.Get, "/v1/wallet/positions",
            WalletIdSnakeQuery),

        new("waiaas_get_health_factor", "defi", ToolHints.Read,
            "Get a wallet's lending health factor (liquidation risk below 1.0).",
            HttpMethod.Get, "/v1/wallet/health-factor",
            WalletIdSnakeQuery,
            Network),

        // ERC-8004 agent registries (on-chain lookups, not tied to this wallet)
        new("erc8004_get_agent_info", "erc8004", ToolHints.Read,
            "Look up an AI agent's on-chain identity (ERC-8004 Identity Registry) by agent id.",
            HttpMethod.Get, "/v1/erc8004/agent/{agent_id}",
            String("agent_id", "The agent's ERC-8004 id.").Required().InPath())
        { WalletSpecific = false },

        new("erc8004_get_reputation", "erc8004", ToolHints.Read,
            "Get an AI agent's reputation summary (ERC-8004 Reputation Registry), optionally filtered by feedback tags.",
            HttpMethod.Get, "/v1/erc8004/agent/{agent_id}/reputation",
            String("agent_id", "The agent's ERC-8004 id.").Required().InPath(),
            String("tag1", "First feedback tag filter."),
            String("tag2", "Second feedback tag filter."))
        { WalletSpecific = false },

        new("erc8004_get_validation_status", "erc8004", ToolHints.Read,
            "Get the status of an ERC-8004 validation request by its hash (Validation Registry).",
            HttpMethod.Get, "/v1/erc8004/validation/{request_hash}",
            String("request_hash", "The validation request hash (0x...).").Required().InPath())
        { WalletSpecific = false },

        // ERC-8128 signed HTTP requests
        new("erc8128_sign_request", "erc8128", ToolHints.Spend,
            "Sign an HTTP request with the wallet key (ERC-8128), so an API can authenticate the wallet; returns the signature headers to send with it.",
            HttpMethod.Post, "/v1/erc8128/sign",
            HttpMethodArgument.Required().InBody(),
            Url.Required().InBody(),
            Headers.InBody(),
            String("body", "Request body as a string.").InBody(),
            WalletIdBody,
            String("network", "EVM network whose chain id goes into the signature, e.g. ethereum-mainnet.").InBody(),
            String("preset", "Which request parts are covered: minimal, standard or strict.").OneOf("minimal", "standard", "strict").InBody(),
            Number("ttl_seconds", "Signature lifetime in seconds.").InBody("ttlSeconds")),

        new("erc8128_verify_signature", "erc8128", ToolHints.Read,
            "Verify an ERC-8128 signed HTTP request (Signature and Signature-Input headers) and report the signer.",
            HttpMethod.Post, "/v1/erc8128/verify",
            HttpMethodArgument.Required().InBody(),
            Url.Required().InBody(),
            Headers.Required().InBody(),
            String("signature_input", "Value of the Signature-Input header.").Required().InBody("headers.signature-input"),
            String("signature", "Value of the Signature header.").Required().InBody("headers.signature"),
            String("content_digest", "Value of the Content-Digest header, when the request had a body.").InBody("headers.content-digest"))
        { WalletSpecific = false },

        // Off-chain actions
        new("list_offchain_actions", "offchain", ToolHints.Read,
            "List a wallet's off-chain signed actions (e.g. venue orders) and their status.",
            HttpMethod.Get, "/v1/wallets/{walletId}/actions",
            String("venue", "Venue filter, e.g. hyperliquid or polymarket."),
            String("status", "Status filter."),
            Number("limit", "Maximum number of entries."),
            Number("offset", "Number of entries to skip, for paging."),
            WalletIdForPath),

        // RPC proxy
        new("get_rpc_proxy_url", "rpc-proxy", ToolHints.Read,
            "Get the daemon's JSON-RPC proxy URL for a wallet and EVM chain, for tools (e.g. Foundry, viem) that send transactions through the wallet's policies.",
            HttpMethod.Get, "/v1/connect-info",
            String("wallet_id", "Wallet id (UUID from connect_info).").Required().Local(),
            Number("chain_id", "EVM chain id, e.g. 1 or 8453.").Required().Local())
        { Executor = GetRpcProxyUrlAsync },
    ];

    /// <summary>The proxy's base URL comes from connect-info; the wallet and chain complete it.</summary>
    private static async Task<CallToolResult> GetRpcProxyUrlAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var result = await call.SendAsync(call.DeclaredRequest(), cancellationToken).ConfigureAwait(false);
        if (result is not DaemonResult.Ok info)
        {
            return ResultMapper.ToToolResult(result);
        }

        using var json = JsonDocument.Parse(info.Json);
        var proxy = json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("rpcProxy", out var p) ? p : default;
        var enabled = proxy.ValueKind == JsonValueKind.Object && proxy.TryGetProperty("enabled", out var e) && e.ValueKind == JsonValueKind.True;
        if (!enabled || ToolCall.StringProperty(proxy, "baseUrl") is not { } baseUrl)
        {
            return ResultMapper.InvalidCall(
                "RPC_PROXY_DISABLED",
                "The daemon's RPC proxy is not enabled.",
                "Ask the operator to enable the RPC proxy in the daemon settings.");
        }

        var walletId = call.GetString("wallet_id")!;
        var chainId = call.Arguments["chain_id"].GetRawText();
        var url = string.Create(
            CultureInfo.InvariantCulture,
            $"{baseUrl.TrimEnd('/')}/{UrlBuilder.EncodePathSegment(walletId)}/{UrlBuilder.EncodePathSegment(chainId)}");
        return ToolCall.Answer(writer =>
        {
            writer.WriteString("url", url);
            writer.WriteString("walletId", walletId);
            writer.WritePropertyName("chainId");
            call.Arguments["chain_id"].WriteTo(writer);
        });
    }
}
