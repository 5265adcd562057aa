using System.Text.Json;
using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Daemon;

namespace Waiaas.Mcp.Tools;

/// <summary>
/// The wallet for a <c>{walletId}</c> path: the <c>wallet_id</c> argument, else <c>WAIAAS_WALLET_ID</c>, else the
/// session's only wallet from <c>GET /v1/connect-info</c> (remembered per session token), else an error asking for
/// <c>wallet_id</c>. Never a made-up id such as <c>default</c>.
/// </summary>
internal sealed class WalletResolver(ServerConfiguration configuration, DaemonClient daemon, Func<string?> currentToken)
{
    public const string WalletIdRequiredCode = "WALLET_ID_REQUIRED";

    /// <summary>The argument that chooses the wallet for a <c>{walletId}</c> path.</summary>
    public const string WalletArgument = "wallet_id";

    private readonly Lock _gate = new();
    private (string Token, string WalletId)? _sessionWallet;

    public async Task<(string? WalletId, CallToolResult? Failure)> ResolveAsync(
        IReadOnlyDictionary<string, JsonElement> arguments, CancellationToken cancellationToken)
    {
        if (arguments.TryGetValue(WalletArgument, out var given) && given.ValueKind == JsonValueKind.String)
        {
            return (given.GetString(), null);
        }

        if (!string.IsNullOrEmpty(configuration.WalletId))
        {
            return (configuration.WalletId, null);
        }

        var token = currentToken();
        lock (_gate)
        {
            if (token is not null && _sessionWallet is { } known && known.Token == token)
            {
                return (known.WalletId, null);
            }
        }

        var result = await daemon.SendAsync(DaemonRequest.Get("/v1/connect-info"), cancellationToken).ConfigureAwait(false);
        if (result is not DaemonResult.Ok ok)
        {
            return (null, ResultMapper.ToToolResult(result));
        }

        var wallets = ReadWallets(ok.Json);
        if (wallets.Count != 1)
        {
            var choices = wallets.Count == 0
                ? "the session has no wallets"
                : $"the session can use {wallets.Count} wallets: {string.Join(", ", wallets.Select(w => $"{w.Id} ({w.Name})"))}";
            return (null, ResultMapper.InvalidCall(
                WalletIdRequiredCode,
                $"This tool needs a wallet and none was chosen: {choices}.",
                "Pass wallet_id (see connect_info for the wallet ids), or set WAIAAS_WALLET_ID for this server."));
        }

        var walletId = wallets[0].Id;
        lock (_gate)
        {
            // Remember it for the token that was current when it was asked for; a new token asks again.
            _sessionWallet = token is null ? null : (token, walletId);
        }

        return (walletId, null);
    }

    private static List<(string Id, string Name)> ReadWallets(ReadOnlyMemory<byte> json)
    {
        var wallets = new List<(string, string)>();
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("wallets", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var wallet in list.EnumerateArray())
            {
                if (wallet.ValueKind == JsonValueKind.Object && wallet.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
                {
                    var name = wallet.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "unnamed";
                    wallets.Add((id.GetString()!, name));
                }
            }
        }

        return wallets;
    }
}
