using System.Text.Json;
using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Json;
using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Tools.Checking;
using Waiaas.Mcp.Results;

namespace Waiaas.Mcp.Tools.Composite;

/// <summary>
/// get_wallet_info: the address answer names the wallet, then its networks and details are read and merged into one
/// answer. The daemon answers <c>availableNetworks: [{network}]</c>; the original server read a <c>networks</c> key and
/// lost them.
/// </summary>
internal static class GetWalletInfo
{
    public static ToolDefinition Tool { get; } = new()
    {
        Name = "get_wallet_info",
        Title = "Wallet overview",
        Hints = ToolHints.Read,
        Description = "Get a wallet's overview in one call: address, chain, environment, the networks it "
            + "can use, account type and status.",
        Route = DaemonRoute.Get("/v1/wallet/address"),
        AlsoCalls = [DaemonRoute.Get("/v1/wallets/{id}/networks"), DaemonRoute.Get("/v1/wallets/{id}")],
        Arguments = [WalletArgument.InQuery("walletId")],
        Executor = ExecuteAsync,
    };

    private static async Task<CallToolResult> ExecuteAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var addressResult = await call.SendAsync(call.DeclaredRequest(), cancellationToken).ConfigureAwait(false);
        if (addressResult is not DaemonResult.Ok address)
        {
            return ResultMapper.ToToolResult(addressResult);
        }

        using var addressJson = JsonDocument.Parse(address.Json);
        if (JsonText.StringProperty(addressJson.RootElement, "walletId") is not { } walletId
            || !PathSegments.IsSafe(walletId))
        {
            return ResultMapper.InvalidCall(
                "UNEXPECTED_RESPONSE", "The daemon's address answer names no usable walletId.");
        }

        var walletPath = "/v1/wallets/" + UrlBuilder.EncodePathSegment(walletId);
        var networksResult = await call.SendAsync(
            DaemonRequest.Get(walletPath + "/networks"), cancellationToken).ConfigureAwait(false);
        if (networksResult is not DaemonResult.Ok networks)
        {
            return ResultMapper.ToToolResult(networksResult);
        }

        var detailsResult = await call.SendAsync(
            DaemonRequest.Get(walletPath), cancellationToken).ConfigureAwait(false);
        if (detailsResult is not DaemonResult.Ok details)
        {
            return ResultMapper.ToToolResult(detailsResult);
        }

        using var networksJson = JsonDocument.Parse(networks.Json);
        using var detailsJson = JsonDocument.Parse(details.Json);
        return ToolCall.Answer(writer =>
        {
            var written = new HashSet<string>(StringComparer.Ordinal) { "networks", "id", "publicKey" };
            CopyProperties(writer, addressJson.RootElement, written);
            writer.WriteStartArray("networks");
            if (networksJson.RootElement.ValueKind == JsonValueKind.Object
                && networksJson.RootElement.TryGetProperty("availableNetworks", out var available)
                && available.ValueKind == JsonValueKind.Array)
            {
                foreach (var entry in available.EnumerateArray())
                {
                    var network = entry.ValueKind == JsonValueKind.String
                        ? Json.JsonText.ReadLenient(entry)
                        : JsonText.StringProperty(entry, "network");
                    if (network is { } name)
                    {
                        writer.WriteStringValue(name);
                    }
                }
            }

            writer.WriteEndArray();
            CopyProperties(writer, detailsJson.RootElement, written);
        });
    }

    private static void CopyProperties(Utf8JsonWriter writer, JsonElement source, HashSet<string> written)
    {
        if (source.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in source.EnumerateObject())
        {
            if (written.Add(property.Name))
            {
                property.WriteTo(writer);
            }
        }
    }
}
