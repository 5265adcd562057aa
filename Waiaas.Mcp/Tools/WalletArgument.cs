using Waiaas.Mcp.Tools.Schema;

namespace Waiaas.Mcp.Tools;

/// <summary>
/// The <c>wallet_id</c> argument in each place a route takes the wallet. Given, it is sent as is; not given, the tool
/// sends <c>WAIAAS_WALLET_ID</c>, and a path that needs a wallet falls back to the session's only wallet. Never a
/// made-up id such as <c>default</c>.
/// </summary>
internal static class WalletArgument
{
    public const string Name = "wallet_id";

    private const string ChooseText = "Wallet id (UUID from connect_info). Leave out to use "
        + "WAIAAS_WALLET_ID or the session's only wallet.";

    /// <summary>Fills <c>{wallet_id}</c> in the path; resolved when not given.</summary>
    public static ToolArgument InPath { get; } = Arguments.Path(
        Name, Schemas.Text(ChooseText)) with { IsWallet = true };

    /// <summary>
    /// Fills <c>{wallet_id}</c> in the path and must be given (routes that act on a wallet the caller names).
    /// </summary>
    public static ToolArgument RequiredInPath { get; } =
        Arguments.Path(Name, Schemas.Text("Wallet id (UUID from connect_info).")) with
        {
            IsWallet = true,
            IsRequired = true,
        };

    /// <summary>
    /// A query parameter named <paramref name="daemonName"/> (<c>walletId</c>, or <c>wallet_id</c> where the route says
    /// so).
    /// </summary>
    public static ToolArgument InQuery(string daemonName) =>
        Arguments.Query(Name, Schemas.Text(ChooseText), daemonName) with { IsWallet = true };

    /// <summary>A body field named <paramref name="daemonName"/>.</summary>
    public static ToolArgument InBody(string daemonName) =>
        Arguments.Body(Name, Schemas.Text(ChooseText), daemonName) with { IsWallet = true };
}
