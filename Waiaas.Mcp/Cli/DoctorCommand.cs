using Waiaas.Mcp.ClientConfig;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Diagnostics;

namespace Waiaas.Mcp.Cli;

/// <summary>
/// <c>waiaas-mcp doctor [--json] [--client &lt;client&gt; [--config-file &lt;path&gt;] [--name &lt;entry&gt;]]</c>: the
/// report on stdout (this is not an MCP session); exit 0 only when ready. With <c>--client</c>, the client's entry is
/// checked and its env is used instead of this shell's.
/// </summary>
internal static class DoctorCommand
{
    public static string Usage =>
        $"waiaas-mcp doctor [--json] [--client <{ConfigCommand.Clients}> [--config-file <path>] [--name <entry>]]";

    public static async Task<int> RunAsync(IReadOnlyList<string> options, CommandContext context)
    {
        var json = false;
        ClientApp? client = null;
        string? configFile = null;
        string? name = null;
        for (var i = 0; i < options.Count; i++)
        {
            var value = i + 1 < options.Count ? options[i + 1] : null;
            switch (options[i])
            {
                case "--json":
                    json = true;
                    continue;
                case "--client" when value is not null && ClientApp.Find(value) is { } found:
                    client = found;
                    break;
                case "--config-file" when value is not null:
                    configFile = Path.GetFullPath(value, context.Paths.CurrentDirectory);
                    break;
                case "--name" when value is not null:
                    name = value;
                    break;
                default:
                    return CommandLine.Fail(
                        context.Stderr,
                        $"waiaas-mcp doctor: unknown or incomplete option '{options[i]}' (usage: {Usage}).");
            }

            i++;
        }

        if (client is null && (configFile is not null || name is not null))
        {
            return CommandLine.Fail(
                context.Stderr, $"waiaas-mcp doctor: --config-file and --name need --client (usage: {Usage}).");
        }

        var report = client is null
            ? await new Doctor(ServerConfiguration.FromVariables(context.GetVariable), context.Time)
                .RunAsync(CancellationToken.None).ConfigureAwait(false)
            : await RunForClientAsync(
                client, configFile ?? client.ConfigPath(context.Paths), name, context).ConfigureAwait(false);
        // The report repeats configured values (the daemon's URL, a refused setting): a token pasted into one of them
        // must not reach stdout.
        await context.Stdout.WriteAsync(
            SecretRedaction.Redact(json ? DoctorOutput.Json(report) : DoctorOutput.Text(report))).ConfigureAwait(false);
        return report.ExitCode;
    }

    private static async Task<DoctorReport> RunForClientAsync(
        ClientApp client, string path, string? name, CommandContext context)
    {
        var entry = ClientEntryCheck.Run(client, path, name, context.ProcessPath);
        if (entry.Environment is not { } environment)
        {
            return new DoctorReport(Configuration.ServerVersion.Current, entry.Description, [entry.Check]);
        }

        var configuration = ServerConfiguration.FromVariables(variable => environment.GetValueOrDefault(variable));
        var report = await new Doctor(configuration, context.Time, entry.Description)
            .RunAsync(CancellationToken.None).ConfigureAwait(false);
        return report with { Checks = [entry.Check, .. report.Checks] };
    }
}
