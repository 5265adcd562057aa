using Waiaas.Mcp.Tools.Catalog;

namespace Waiaas.Mcp.Tools;

/// <summary>
/// Every static tool this server advertises, one entry each, in the order clients list them; each group is a table in
/// <c>Tools/Catalog/</c>. Tools whose route needs the owner's master password (<c>list_sessions</c>,
/// <c>list_credentials</c>) can never work with a session token and are not offered.
/// </summary>
internal static class ToolCatalog
{
    public static IReadOnlyList<ToolDefinition> All { get; } =
    [
        .. WalletTools.All,
        .. TokenTools.All,
        .. TransactionTools.All,
        .. SigningTools.All,
        .. NftTools.All,
        .. ConnectionTools.All,
        .. ActivityTools.All,
        .. Erc8004Tools.All,
        .. SmartAccountTools.All,
        .. HyperliquidTools.All,
        .. PolymarketTools.All,
        .. OffchainTools.All,
    ];

    private static readonly Dictionary<string, ToolDefinition> ByName = All.ToDictionary(
        tool => tool.Name, StringComparer.Ordinal);

    public static ToolDefinition? Find(string name) => ByName.GetValueOrDefault(name);
}
