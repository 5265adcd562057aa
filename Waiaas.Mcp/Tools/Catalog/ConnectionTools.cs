using Waiaas.Mcp.Tools.Answers;
using static Waiaas.Mcp.Tools.Arguments;
using static Waiaas.Mcp.Tools.Catalog.CommonArguments;
using static Waiaas.Mcp.Tools.Catalog.ToolTexts;
using static Waiaas.Mcp.Tools.Schema.Schemas;

namespace Waiaas.Mcp.Tools.Catalog;

/// <summary>Paid HTTP (x402) and the owner's WalletConnect pairing.</summary>
internal static class ConnectionTools
{
    public static IReadOnlyList<ToolDefinition> All { get; } =
    [
        new()
        {
            Name = "x402_fetch",
            Title = "Fetch with x402 payment",
            Hints = ToolHints.Spend,
            Description =
                "Fetch an HTTP URL and pay automatically when it answers 402 Payment Required (x402); returns the "
                + "response and the payment made. Needs an X402_ALLOWED_DOMAINS policy and x402 enabled on the daemon "
                + "(else X402_DISABLED). Payment policies are checked at once: a denial is an error of this call.",
            Route = DaemonRoute.Post("/v1/x402/fetch"),
            Arguments =
            [
                Body("url", Uri("Absolute URL to fetch.")).Required(),
                Body("method", OneOf("HTTP method (default GET).", "GET", "POST", "PUT", "DELETE", "PATCH")),
                Body("headers", Headers),
                Body("body", Text("Request body as a string.")),
                WalletArgument.InBody("walletId"),
            ],
        },

        new()
        {
            Name = "wc_connect",
            Title = "Pair the owner's WalletConnect wallet",
            Hints = ToolHints.Write,
            Description =
                "Start a WalletConnect pairing so the wallet owner can approve transactions from a mobile wallet; "
                + "returns the pairing uri to show the owner (the QR code image is left out). Needs the wallet's "
                + "owner address (else OWNER_NOT_SET) and a WalletConnect project id on the daemon (else "
                + "WC_NOT_CONFIGURED). Follow up with wc_pair_status.",
            Route = DaemonRoute.Post("/v1/wallet/wc/pair"),
            Arguments = [WalletArgument.InQuery("walletId")],
            Answer = ToolAnswer.Without(
                "qrCode", "The qrCode image (a PNG data URL) is left out: show the owner the uri."),
        },

        new()
        {
            Name = "wc_pair_status",
            Title = "WalletConnect pairing status",
            Hints = ToolHints.Read,
            Description = "Follow a wc_connect pairing: status pending, connected, expired or none, "
                + "with the session once connected.",
            Route = DaemonRoute.Get("/v1/wallet/wc/pair/status"),
            Arguments = [WalletArgument.InQuery("walletId")],
        },

        new()
        {
            Name = "wc_status",
            Title = "WalletConnect session",
            Hints = ToolHints.Read,
            Description = "Show the wallet's WalletConnect session: whether an owner wallet is connected, and which.",
            Route = DaemonRoute.Get("/v1/wallet/wc/session"),
            Arguments = [WalletArgument.InQuery("walletId")],
        },

        new()
        {
            Name = "wc_disconnect",
            Title = "Disconnect WalletConnect",
            Hints = ToolHints.End,
            Description = "Disconnect the wallet's WalletConnect session.",
            Route = DaemonRoute.Delete("/v1/wallet/wc/session"),
            Arguments = [WalletArgument.InQuery("walletId")],
        },
    ];
}
