namespace Waiaas.Mcp.Diagnostics;

/// <summary>
/// Routes the daemon serves outside its OpenAPI document (checked in the 2.15.0 source): tools on them cannot be
/// checked against a daemon's <c>GET /doc</c>, and the contract test checks them against the catalog's vectors instead.
/// </summary>
internal static class UndocumentedDaemonRoutes
{
    /// <summary>A path pattern (<c>*</c> one segment, <c>**</c> the rest) and why the document lacks it.</summary>
    internal sealed record Route(string Pattern, string Reason);

    private const string Hyperliquid = "hyperliquid.ts:63 serves these on a plain Hono "
        + "app, outside the OpenAPI registry";
    private const string Polymarket = "polymarket.ts:79 serves these on a plain Hono app, outside the OpenAPI registry";

    public static IReadOnlyList<Route> All { get; } =
    [
        new("/v1/hyperliquid/**", Hyperliquid),
        new("/v1/wallets/*/hyperliquid/**", Hyperliquid),
        new("/v1/polymarket/**", Polymarket),
        new("/v1/wallets/*/polymarket/**", Polymarket),
        new("/v1/rpc-evm/*/*", "rpc-proxy.ts:165 registers the EVM RPC proxy with router.post, not router.openapi"),
    ];

    /// <summary>
    /// The route <paramref name="path"/> (concrete or a template) falls under, or null when the document should have
    /// it.
    /// </summary>
    public static Route? Find(string path)
    {
        var segments = path.Split('/');
        return All.FirstOrDefault(route => Matches(route.Pattern.Split('/'), segments));
    }

    private static bool Matches(string[] pattern, string[] segments)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == "**")
            {
                return segments.Length > i;
            }

            if (i >= segments.Length || (pattern[i] == "*" ? segments[i].Length == 0 : pattern[i] != segments[i]))
            {
                return false;
            }
        }

        return segments.Length == pattern.Length;
    }
}
