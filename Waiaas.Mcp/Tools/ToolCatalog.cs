using Waiaas.Mcp.Tools.Catalog;

namespace Waiaas.Mcp.Tools;

/// <summary>
/// Every tool this server advertises, one entry each, in the order clients list them. Each group is a table in
/// <c>Tools/Catalog/</c>: name, group, hints, description, request, arguments. Tools whose endpoint needs the
/// master password (list_sessions, list_credentials) cannot work with a session token and are not offered.
/// </summary>
internal static class ToolCatalog
{
    public static IReadOnlyList<ToolDefinition> All { get; } =
    [
        .. CoreTools.All,
        .. NftTools.All,
        .. SmartAccountTools.All,
        .. ServiceTools.All,
        .. HyperliquidTools.All,
        .. PolymarketTools.All,
    ];

    private static readonly Dictionary<string, ToolDefinition> ByName = All.ToDictionary(tool => tool.Name, StringComparer.Ordinal);

    public static ToolDefinition? Find(string name) => ByName.GetValueOrDefault(name);
}
