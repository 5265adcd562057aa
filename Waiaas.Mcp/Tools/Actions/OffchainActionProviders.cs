namespace Waiaas.Mcp.Tools.Actions;

/// <summary>
/// Providers whose actions act through their venue's own API, not on chain: Hyperliquid places the order or moves the
/// funds, Polymarket posts the order, while the daemon prepares the action. The daemon prepares every action before it
/// reads <c>dryRun</c>, so a dry run of these would execute for real; their tools offer none.
/// </summary>
internal static class OffchainActionProviders
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "hyperliquid_perp",
        "hyperliquid_spot",
        "hyperliquid_sub",
        "polymarket_order",
    };

    public static bool Contains(string provider) => Names.Contains(provider);
}
