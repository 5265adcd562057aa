using System.Text.Json.Nodes;
using Waiaas.Mcp.Configuration;

namespace Waiaas.Mcp.ClientConfig;

/// <summary>
/// The config entry that starts this binary: its name in the client's server table, the absolute command and
/// the environment it needs. Built from a validated configuration; a session token is never part of it (the
/// server reads the token from the data dir's token file).
/// </summary>
internal sealed record ServerEntry(string Name, string Command, IReadOnlyList<KeyValuePair<string, string>> Environment)
{
    public const string DefaultName = "waiaas";

    public static ServerEntry From(ServerConfiguration configuration, string command)
    {
        var environment = new List<KeyValuePair<string, string>>();
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                environment.Add(KeyValuePair.Create(name, value));
            }
        }

        Add(EnvironmentVariables.DataDir, configuration.DataDir);
        Add(
            EnvironmentVariables.BaseUrl,
            (configuration.BaseUrl ?? ServerConfiguration.DefaultBaseUrl).ToString().TrimEnd('/'));
        Add(EnvironmentVariables.WalletId, configuration.WalletId);
        Add(EnvironmentVariables.WalletName, configuration.WalletName);
        Add(EnvironmentVariables.Confirm, configuration.Confirm == ConfirmationMode.Spend ? "spend" : null);
        var name = configuration.WalletName is { } walletName ? $"{DefaultName}-{walletName}" : DefaultName;
        return new ServerEntry(name, command, environment);
    }

    /// <summary>The entry's value in <paramref name="client"/>'s server table.</summary>
    public JsonObject ToJson(ClientApp client)
    {
        var entry = new JsonObject();
        if (client.WritesStdioType)
        {
            entry["type"] = "stdio";
        }

        entry["command"] = Command;
        entry["args"] = new JsonArray();
        var environment = new JsonObject();
        foreach (var (name, value) in Environment)
        {
            environment[name] = value;
        }

        entry["env"] = environment;
        return entry;
    }

    /// <summary>A whole config document holding only this entry: what `config` prints.</summary>
    public JsonObject ToDocument(ClientApp client) =>
        new() { [client.ServersProperty] = new JsonObject { [Name] = ToJson(client) } };
}
