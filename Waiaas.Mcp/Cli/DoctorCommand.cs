using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Diagnostics;

namespace Waiaas.Mcp.Cli;

/// <summary><c>waiaas-mcp doctor [--json]</c>: the report on stdout (this is not an MCP session); exit 0 only when ready.</summary>
internal static class DoctorCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> options, CommandContext context)
    {
        var json = false;
        foreach (var option in options)
        {
            if (option != "--json")
            {
                return CommandLine.Fail(context.Stderr, $"waiaas-mcp doctor: unknown option '{option}' (usage: waiaas-mcp doctor [--json]).");
            }

            json = true;
        }

        var configuration = ServerConfiguration.FromVariables(context.GetVariable);
        var report = await new Doctor(configuration, context.Time).RunAsync(CancellationToken.None).ConfigureAwait(false);
        await context.Stdout.WriteAsync(json ? DoctorOutput.Json(report) : DoctorOutput.Text(report)).ConfigureAwait(false);
        return report.ExitCode;
    }
}
