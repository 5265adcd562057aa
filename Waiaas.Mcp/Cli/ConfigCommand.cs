using System.Text;
using Waiaas.Mcp.ClientConfig;
using Waiaas.Mcp.Configuration;

namespace Waiaas.Mcp.Cli;

/// <summary>
/// <c>waiaas-mcp config &lt;client&gt; [--install] [--data-dir D] [--base-url U] [--wallet-id I] [--wallet-name N]
/// [--confirm none|spend] [--config-file F]</c>: prints the client's entry for this binary (absolute path) or merges it
/// into the client's config file. Values not given as flags come from this shell's WAIAAS_* variables. A session token
/// is never written.
/// </summary>
internal static class ConfigCommand
{
    public const int InstallFailed = 1;

    private static readonly Dictionary<string, string> ValueFlags = new(StringComparer.Ordinal)
    {
        ["--data-dir"] = EnvironmentVariables.DataDir,
        ["--base-url"] = EnvironmentVariables.BaseUrl,
        ["--wallet-id"] = EnvironmentVariables.WalletId,
        ["--wallet-name"] = EnvironmentVariables.WalletName,
        ["--confirm"] = EnvironmentVariables.Confirm,
    };

    public static string Clients => string.Join("|", ClientApp.All.Select(client => client.Id));

    public static int Run(IReadOnlyList<string> arguments, CommandContext context)
    {
        if (arguments.Count == 0 || ClientApp.Find(arguments[0]) is not { } client)
        {
            var given = arguments.Count == 0 ? "no client given" : $"unknown client '{arguments[0]}'";
            return CommandLine.Fail(context.Stderr, $"waiaas-mcp config: {given}; usage: waiaas-mcp config "
                + $"<{Clients}> [--install] [--data-dir <folder>] [--base-url <url>] [--wallet-id <id>] "
                + "[--wallet-name <name>] [--confirm <none|spend>] [--config-file <path>]");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string? configFile = null;
        var install = false;
        for (var i = 1; i < arguments.Count; i++)
        {
            var flag = arguments[i];
            if (flag == "--install")
            {
                install = true;
            }
            else if (flag is "--session-token" or "--token"
                || flag.StartsWith("--session-token=", StringComparison.Ordinal))
            {
                return CommandLine.Fail(context.Stderr,
                    "waiaas-mcp config: refusing to put a session token into a client's config file, "
                    + "where any program can read it. Give --data-dir instead: the server reads the "
                    + $"token from <data dir>/{Session.TokenFile.GeneralFileName}, written by "
                    + "`waiaas mcp setup`, and keeps it renewed there.");
            }
            else if ((ValueFlags.ContainsKey(flag) || flag == "--config-file") && i + 1 < arguments.Count)
            {
                var value = arguments[++i];
                if (flag == "--config-file")
                {
                    configFile = Path.GetFullPath(value, context.Paths.CurrentDirectory);
                }
                else
                {
                    values[ValueFlags[flag]] = value;
                }
            }
            else
            {
                return CommandLine.Fail(context.Stderr, $"waiaas-mcp config: unknown or incomplete option '{flag}'.");
            }
        }

        // Only what a client entry should carry; the shell's token, timeouts and log level stay out of it.
        var configuration = ServerConfiguration.FromVariables(name =>
            ValueFlags.ContainsValue(name) ? values.GetValueOrDefault(name) ?? context.GetVariable(name) : null);
        if (configuration.Problems.Count > 0)
        {
            return CommandLine.Fail(context.Stderr, "waiaas-mcp config: " + string.Join(" ", configuration.Problems));
        }

        if (context.ProcessPath is not { } command)
        {
            return CommandLine.Fail(context.Stderr, "waiaas-mcp config: cannot tell where this binary is.");
        }

        var entry = ServerEntry.From(configuration, command);
        var path = configFile ?? client.ConfigPath(context.Paths);
        if (configuration.DataDir is null)
        {
            context.Stderr.WriteLine($"note: no data dir (--data-dir or {EnvironmentVariables.DataDir}): "
                + "the server would have no session token. Give the folder where `waiaas mcp setup` "
                + $"writes {Session.TokenFile.GeneralFileName}.");
        }

        return install ? Install(client, entry, path, context) : Print(client, entry, path, context);
    }

    private static int Print(ClientApp client, ServerEntry entry, string path, CommandContext context)
    {
        context.Stdout.Write(Encoding.UTF8.GetString(ConfigFileInstaller.Serialize(entry.ToDocument(client))));
        context.Stderr.WriteLine($"{client.DisplayName}: merge this into {path}, or "
            + $"run `waiaas-mcp config {client.Id} --install` to do it (keeps everything else, with a backup).");
        if (client == ClientApp.ClaudeCode)
        {
            context.Stderr.WriteLine("or: " + ClaudeMcpAddCommand(entry));
        }

        return 0;
    }

    private static int Install(ClientApp client, ServerEntry entry, string path, CommandContext context)
    {
        ConfigFileInstaller.Result result;
        try
        {
            result = ConfigFileInstaller.Install(path, client, entry, context.Time.GetUtcNow());
        }
        catch (Exception ex) when (ex is ConfigFileException or IOException or UnauthorizedAccessException)
        {
            context.Stderr.WriteLine($"waiaas-mcp config: {ex.Message}");
            return InstallFailed;
        }

        context.Stdout.WriteLine(result.Outcome switch
        {
            InstallOutcome.Created => $"created {result.Path} with server '{entry.Name}' -> {entry.Command}",
            InstallOutcome.Updated => $"updated {result.Path}: server '{entry.Name}' -> {entry.Command} (previous "
                + $"file kept as {result.BackupPath})",
            _ => $"{result.Path} already has this entry for server '{entry.Name}'; nothing changed",
        });
        if (result.Outcome != InstallOutcome.Unchanged)
        {
            context.Stdout.WriteLine($"Restart {client.DisplayName}, then check with `waiaas-mcp doctor`.");
        }

        return 0;
    }

    /// <summary>The same entry as a `claude mcp add` command line (user scope), quoted for a POSIX shell.</summary>
    private static string ClaudeMcpAddCommand(ServerEntry entry)
    {
        var line = new StringBuilder("claude mcp add --scope user --transport stdio");
        foreach (var (name, value) in entry.Environment)
        {
            line.Append(" -e ").Append(Quote($"{name}={value}"));
        }

        return line.Append(' ').Append(Quote(entry.Name)).Append(" -- ").Append(Quote(entry.Command)).ToString();
    }

    private static string Quote(string value) =>
        value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '=' or ':' or '@' or '+' or ',')
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
