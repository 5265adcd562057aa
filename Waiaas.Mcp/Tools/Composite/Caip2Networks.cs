namespace Waiaas.Mcp.Tools.Composite;

/// <summary>
/// CAIP-2 chain ids and the daemon's network names for them (the daemon's own table, core caip/network-map). Its token
/// routes take network names only; a CAIP-2 id there is a validation error.
/// </summary>
internal static class Caip2Networks
{
    private static readonly Dictionary<string, string> Networks = new(StringComparer.Ordinal)
    {
        ["eip155:1"] = "ethereum-mainnet",
        ["eip155:11155111"] = "ethereum-sepolia",
        ["eip155:137"] = "polygon-mainnet",
        ["eip155:80002"] = "polygon-amoy",
        ["eip155:42161"] = "arbitrum-mainnet",
        ["eip155:421614"] = "arbitrum-sepolia",
        ["eip155:10"] = "optimism-mainnet",
        ["eip155:11155420"] = "optimism-sepolia",
        ["eip155:8453"] = "base-mainnet",
        ["eip155:84532"] = "base-sepolia",
        ["eip155:999"] = "hyperevm-mainnet",
        ["eip155:998"] = "hyperevm-testnet",
        ["solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp"] = "solana-mainnet",
        ["solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1"] = "solana-devnet",
        ["solana:4uhcVJyU9pJkvQyS88uRDiswHXSCkY3z"] = "solana-testnet",
        ["xrpl:0"] = "xrpl-mainnet",
        ["xrpl:1"] = "xrpl-testnet",
        ["xrpl:2"] = "xrpl-devnet",
    };

    /// <summary>
    /// The daemon's network name for <paramref name="chainId"/>, or null when the daemon knows no such chain.
    /// </summary>
    public static string? NetworkOf(string chainId) => Networks.GetValueOrDefault(chainId);
}
