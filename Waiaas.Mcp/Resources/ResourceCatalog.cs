using ModelContextProtocol.Protocol;

namespace Waiaas.Mcp.Resources;

/// <summary>The fixed resources and the skills template this server offers.</summary>
internal static class ResourceCatalog
{
    public const string BalanceUri = "waiaas://wallet/balance";
    public const string AddressUri = "waiaas://wallet/address";
    public const string StatusUri = "waiaas://system/status";
    public const string SkillsUriPrefix = "waiaas://skills/";
    public const string SkillsUriTemplate = SkillsUriPrefix + "{name}";

    /// <summary>
    /// Skill documents the daemon serves at GET /v1/skills/{name}. Its own list still names admin, but that file was
    /// removed and answers 404 SKILL_NOT_FOUND.
    /// </summary>
    public static IReadOnlyList<string> SkillNames { get; } =
        ["quickstart", "wallet", "transactions", "policies", "actions", "x402"];

    public static IList<Resource> List(string? walletName)
    {
        var prefix = walletName is null ? string.Empty : $"[{walletName}] ";
        return
        [
            new() { Uri = BalanceUri, Name = "Wallet Balance", MimeType = "application/json",
                Description = prefix + "Native-coin balance of the wallet on every network of its "
                    + "environment (WAIAAS_WALLET_ID, else the session's only wallet)." },
            new() { Uri = AddressUri, Name = "Wallet Address", MimeType = "application/json",
                Description = prefix + "Public address and chain of the wallet (WAIAAS_WALLET_ID, "
                    + "else the session's only wallet)." },
            new() { Uri = StatusUri, Name = "System Status", MimeType = "application/json",
                Description = "Daemon health, kill-switch state and this server's session state (state, "
                    + "expiry, renewals, last error)." },
        ];
    }

    public static IList<ResourceTemplate> Templates { get; } =
    [
        new()
        {
            UriTemplate = SkillsUriTemplate,
            Name = "WAIaaS Skill",
            MimeType = "text/markdown",
            Description = "WAIaaS how-to guides for agents. Names: " + string.Join(", ", SkillNames) + ".",
        },
    ];
}
