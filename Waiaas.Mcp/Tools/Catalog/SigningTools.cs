using static Waiaas.Mcp.Tools.Arguments;
using static Waiaas.Mcp.Tools.Catalog.CommonArguments;
using static Waiaas.Mcp.Tools.Catalog.ToolTexts;
using static Waiaas.Mcp.Tools.Schema.Schemas;

namespace Waiaas.Mcp.Tools.Catalog;

/// <summary>
/// Signatures made with the wallet key and returned to the caller: transactions, messages, HTTP requests.
/// </summary>
internal static class SigningTools
{
    private static readonly string[] HttpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    public static IReadOnlyList<ToolDefinition> All { get; } =
    [
        new()
        {
            Name = "sign_transaction",
            Title = "Sign a transaction",
            Hints = ToolHints.Sign,
            Description =
                "Sign an unsigned transaction built elsewhere (EVM hex, Solana base64) after "
                    + "the policy checks; returns the "
                + "signed transaction without broadcasting it. " + SignedAtOnce,
            Route = DaemonRoute.Post("/v1/transactions/sign"),
            Arguments =
            [
                Body("transaction", Text("The unsigned transaction (EVM: hex, Solana: base64).")).Required(),
                NetworkInBody,
                WalletArgument.InBody("walletId"),
            ],
        },

        new()
        {
            Name = "sign_message",
            Title = "Sign a message",
            Hints = ToolHints.Sign,
            Description =
                "Sign with the wallet key: a text or 0x-hex message with personal_sign (sign_type personal, the "
                + "default, needs message) or EIP-712 typed data (sign_type typedData, EVM only, needs "
                + "typed_data). Returns the signature.",
            Route = DaemonRoute.Post("/v1/transactions/sign-message"),
            Arguments =
            [
                Body("message", Text("The message: UTF-8 text or 0x hex (sign_type personal).")),
                Body("sign_type", OneOf("personal (default) or typedData.", "personal", "typedData"), "signType"),
                Body("typed_data", Object("EIP-712 typed data (sign_type typedData).",
                    Field("domain", Object("The EIP-712 domain.",
                        Field("name", Text("Domain name.")),
                        Field("version", Text("Domain version.")),
                        Field("chainId", AnyOf(
                            "Chain id, as a number or a string.", Number("Chain id."), Text("Chain id."))),
                        Field("verifyingContract", Text("Verifying contract address.")),
                        Field("salt", Text("Domain salt.")))).Required(),
                    Field("types", Map("Type definitions: type name to its fields.",
                        List("The fields of one type.", Object("One field.",
                            Field("name", Text("Field name.")).Required(),
                            Field("type", Text("Field type, e.g. address or uint256.")).Required())))).Required(),
                    Field("primaryType", Text("Name of the primary type.")).Required(),
                    Field("message", FreeObject("The values to sign.")).Required()), "typedData"),
                NetworkInBody,
                WalletArgument.InBody("walletId"),
            ],
        },

        new()
        {
            Name = "erc8128_sign_request",
            Title = "Sign an HTTP request (ERC-8128)",
            Hints = ToolHints.Sign,
            Description =
                "Sign an HTTP request with the wallet key (ERC-8128) so an API can authenticate the wallet; returns "
                + "the Signature and Signature-Input headers to send with it. The daemon's defaults apply to method "
                + "(GET), preset and TTL; nonce false leaves the nonce out. Off unless the daemon enables erc8128 "
                + "(ERC8128_DISABLED); a domain outside the policy is refused (ERC8128_DOMAIN_NOT_ALLOWED).",
            Route = DaemonRoute.Post("/v1/erc8128/sign"),
            Arguments =
            [
                Body("method", OneOf("HTTP method of the request.", HttpMethods)),
                Body("url", Uri("Absolute URL of the request.")).Required(),
                Body("headers", Headers),
                Body("body", Text("Request body as a string.")),
                WalletArgument.InBody("walletId"),
                Body("network", Text("EVM network whose chain id goes into the signature, e.g. ethereum-mainnet.")),
                Body("preset", OneOf("Which request parts the signature covers.", "minimal", "standard", "strict")),
                Body("ttl_seconds", Integer("Signature lifetime in seconds.", 10, 3600), "ttlSec"),
                Body("nonce", AnyOf("A nonce to include, or false for none.", Text("The nonce."),
                    new() { Type = Schema.SchemaType.Const, ConstJson = "false" })),
                Body(
                    "covered_components",
                    List("Components the signature covers, e.g. @method, @target-uri.", Text("A component.")),
                    "coveredComponents"),
            ],
        },

        new()
        {
            Name = "erc8128_verify_signature",
            Title = "Verify an ERC-8128 signature",
            Hints = ToolHints.Read,
            ActsOnWallet = false,
            Description =
                "Verify an ERC-8128 signed HTTP request and report the signer. The signature headers are "
                + "merged into headers; Content-Digest is checked against body only when body is given. Off "
                + "unless the daemon enables erc8128.",
            Route = DaemonRoute.Post("/v1/erc8128/verify"),
            Arguments =
            [
                Body("method", OneOf("HTTP method of the request.", HttpMethods)).Required(),
                Body("url", Uri("Absolute URL of the request.")).Required(),
                Body("headers", Headers).Required(),
                Body("signature_input", Text("Value of the Signature-Input header."), "headers.signature-input")
                    .Required(),
                Body("signature", Text("Value of the Signature header."), "headers.signature").Required(),
                Body(
                    "content_digest",
                    Text("Value of the Content-Digest header, when the request had a body."),
                    "headers.content-digest"),
                Body("body", Text("The request body, to check Content-Digest against.")),
            ],
        },
    ];
}
