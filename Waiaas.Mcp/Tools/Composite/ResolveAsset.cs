using System.Text.Json;
using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Json;
using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Tools.Checking;
using static Waiaas.Mcp.Tools.Arguments;
using static Waiaas.Mcp.Tools.Schema.Schemas;
using Waiaas.Mcp.Results;

namespace Waiaas.Mcp.Tools.Composite;

/// <summary>
/// resolve_asset: a CAIP-19 id to the token details the sending tools take. Native coins (slip44), Solana tokens (the
/// daemon has no Solana registry) and chains the daemon does not know are answered here without a request; an EVM or
/// XRPL token is looked up in the network's token registry, and an EVM token missing there is read on-chain.
/// </summary>
internal static class ResolveAsset
{
    private const string ArgumentName = "asset_id";

    public static ToolDefinition Tool { get; } = new()
    {
        Name = "resolve_asset",
        Title = "Resolve a CAIP-19 asset",
        Hints = ToolHints.Read,
        ActsOnWallet = false,
        Description =
            "Resolve a CAIP-19 asset id (e.g. eip155:1/slip44:60 or eip155:8453/erc20:0x8335...) to its network "
            + "and token details (address, symbol, decimals) for send_token's token argument.",
        Route = DaemonRoute.Get("/v1/tokens"),
        AlsoCalls = [DaemonRoute.Get("/v1/tokens/resolve")],
        Arguments = [Local(ArgumentName, Text(
            "CAIP-19 asset id: <namespace>:<chain reference>/<asset namespace>:<asset reference>.")).Required()],
        Executor = ExecuteAsync,
    };

    private static async Task<CallToolResult> ExecuteAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var assetId = call.GetString(ArgumentName)!;
        if (!TryParse(assetId, out var chainId, out var assetNamespace, out var assetReference))
        {
            return ResultMapper.InvalidCall(
                ToolHandlers.InvalidArgumentsCode,
                $"Invalid arguments for resolve_asset: '{ArgumentName}' must be a CAIP-19 asset id such "
                    + $"as eip155:1/slip44:60 or eip155:1/erc20:0x..., got \"{assetId}\".",
                ArgumentProblemText.Hint);
        }

        var network = Caip2Networks.NetworkOf(chainId);
        if (assetNamespace == "slip44")
        {
            return Answer(assetId, chainId, network, native: true, writeToken: null);
        }

        if (network is null)
        {
            return ResultMapper.InvalidCall(
                "UNSUPPORTED_CHAIN",
                $"The daemon knows no network for the chain {chainId}.",
                "Use a chain the daemon supports; connect_info lists the session's networks.");
        }

        if (chainId.StartsWith("solana:", StringComparison.Ordinal))
        {
            // The daemon keeps no Solana token registry: the mint is the token, and send_token resolves token.assetId
            // itself.
            return Answer(assetId, chainId, network, native: false, writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("address", assetReference);
                writer.WriteString("assetId", assetId);
                writer.WriteEndObject();
            });
        }

        var registryResult = await call.SendAsync(
            DaemonRequest.Get(Query("/v1/tokens", ("network", network))), cancellationToken).ConfigureAwait(false);
        if (registryResult is not DaemonResult.Ok registry)
        {
            return ResultMapper.ToToolResult(registryResult);
        }

        using (var tokens = JsonDocument.Parse(registry.Json))
        {
            if (FindToken(tokens.RootElement, assetId, assetReference) is { } match)
            {
                return Answer(assetId, chainId, network, native: false, match.WriteTo);
            }
        }

        if (!chainId.StartsWith("eip155:", StringComparison.Ordinal))
        {
            return ResultMapper.InvalidCall(
                "ASSET_NOT_FOUND",
                $"The daemon's token registry for {network} has no token {assetReference}.",
                "List the network's tokens with get_tokens.");
        }

        var onChain = await call.SendAsync(
            DaemonRequest.Get(Query("/v1/tokens/resolve", ("network", network), ("address", assetReference))),
            cancellationToken).ConfigureAwait(false);
        if (onChain is not DaemonResult.Ok metadata)
        {
            return ResultMapper.ToToolResult(onChain);
        }

        using var read = JsonDocument.Parse(metadata.Json);
        return Answer(assetId, chainId, network, native: false, read.RootElement.WriteTo);
    }

    private static JsonElement? FindToken(JsonElement registry, string assetId, string address)
    {
        if (registry.ValueKind != JsonValueKind.Object
            || !registry.TryGetProperty("tokens", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var token in list.EnumerateArray())
        {
            if (string.Equals(JsonText.StringProperty(token, "assetId"), assetId, StringComparison.OrdinalIgnoreCase)
                || string.Equals(
                    JsonText.StringProperty(token, "address"), address, StringComparison.OrdinalIgnoreCase))
            {
                return token.Clone();
            }
        }

        return null;
    }

    private static CallToolResult Answer(
        string assetId, string chainId, string? network, bool native, Action<Utf8JsonWriter>? writeToken) =>
        ToolCall.Answer(writer =>
        {
            writer.WriteString("assetId", assetId);
            writer.WriteString("chainId", chainId);
            if (network is not null)
            {
                writer.WriteString("network", network);
            }

            writer.WriteBoolean("native", native);
            if (writeToken is not null)
            {
                writer.WritePropertyName("token");
                writeToken(writer);
            }
        });

    private static string Query(string path, params (string Name, string Value)[] parameters) =>
        UrlBuilder.AppendQuery(path, parameters.Select(p => KeyValuePair.Create(p.Name, (string?)p.Value)));

    private static bool TryParse(
        string assetId, out string chainId, out string assetNamespace, out string assetReference)
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

        static bool IsPair(string text) => text.Split(':') is [{ Length: > 0 }, { Length: > 0 }];
    }
}
