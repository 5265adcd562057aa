using System.Text.Json;
using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Json;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Tools.Checking;
using Waiaas.Mcp.Client;
using Waiaas.Mcp.Results;
using Waiaas.Mcp.Session;

namespace Waiaas.Mcp.Tools;

/// <summary>
/// The wallet a call acts on when its <c>wallet_id</c> is not given: <c>WAIAAS_WALLET_ID</c>; for a wallet in the URL
/// path, else the session's only wallet from <c>GET /v1/connect-info</c> (remembered per session token), else an error
/// asking for <c>wallet_id</c>. A wallet in the query or body is otherwise left out: the daemon picks a single-wallet
/// session's wallet itself and answers <c>WALLET_ID_REQUIRED</c> to a multi-wallet one.
/// </summary>
internal sealed class WalletResolver(ServerConfiguration configuration, DaemonClient daemon, SessionManager session)
{
    public const string WalletIdRequiredCode = "WALLET_ID_REQUIRED";

    private readonly Lock _gate = new();
    private (string Token, string WalletId)? _sessionWallet;

    /// <summary>
    /// The wallet to send when the argument is absent (null: none, or the argument was given), or why there is none.
    /// </summary>
    public async Task<(string? WalletId, CallToolResult? Failure)> ResolveAsync(
        ToolDefinition tool, IReadOnlyDictionary<string, JsonElement> arguments, CancellationToken cancellationToken)
    {
        if (tool.Wallet is not { } wallet || arguments.ContainsKey(wallet.Name))
        {
            return (null, null);
        }

        if (!string.IsNullOrEmpty(configuration.WalletId))
        {
            return (configuration.WalletId, null);
        }

        return wallet.Location == ArgumentLocation.Path
            ? await SessionWalletAsync(cancellationToken).ConfigureAwait(false)
            : (null, null);
    }

    private async Task<(string? WalletId, CallToolResult? Failure)> SessionWalletAsync(
        CancellationToken cancellationToken)
    {
        var token = session.GetToken();
        lock (_gate)
        {
            if (token is not null && _sessionWallet is { } known && known.Token == token)
            {
                return (known.WalletId, null);
            }
        }

        var result = await daemon.SendAsync(
            DaemonRequest.Get("/v1/connect-info"), cancellationToken).ConfigureAwait(false);
        if (result is not DaemonResult.Ok ok)
        {
            return (null, ResultMapper.ToToolResult(result));
        }

        var wallets = ReadWallets(ok.Json);
        if (wallets.Count != 1)
        {
            var choices = wallets.Count == 0
                ? "the session has no wallets"
                : $"the session can use {wallets.Count} "
                    + $"wallets: {string.Join(", ", wallets.Select(w => $"{w.Id} ({w.Name})"))}";
            return (null, ResultMapper.InvalidCall(
                WalletIdRequiredCode,
                $"This tool needs a wallet and none was chosen: {choices}.",
                "Pass wallet_id (see connect_info for the wallet ids), or set WAIAAS_WALLET_ID for this server."));
        }

        var walletId = wallets[0].Id;
        if (!PathSegments.IsSafe(walletId))
        {
            return (null, ResultMapper.InvalidCall(
                "UNEXPECTED_RESPONSE", "The daemon named a wallet id that cannot be used in a URL path.",
                "Pass wallet_id explicitly."));
        }

        lock (_gate)
        {
            // Remembered for the token that was current when it was asked for; a new token asks again.
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
                if (JsonText.StringProperty(wallet, "id") is { } id)
                {
                    wallets.Add((id, JsonText.StringProperty(wallet, "name") ?? "unnamed"));
                }
            }
        }

        return wallets;
    }
}
