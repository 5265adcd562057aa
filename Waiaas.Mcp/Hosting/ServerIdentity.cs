using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Configuration;

namespace Waiaas.Mcp.Hosting;

/// <summary>
/// The <c>serverInfo</c> clients show: <c>waiaas-&lt;wallet name&gt;</c> and a human title naming the same wallet.
/// </summary>
internal static class ServerIdentity
{
    public const string Title = "WAIaaS wallet";

    public const string Description = "Wallet tools for AI agents over a WAIaaS daemon, "
        + "through a renewable session token.";

    public static Implementation For(ServerConfiguration configuration) => new()
    {
        Name = configuration.ServerName,
        Title = configuration.WalletName is { } wallet ? $"{Title} ({wallet})" : Title,
        Description = Description,
        Version = ServerVersion.Current,
    };
}
