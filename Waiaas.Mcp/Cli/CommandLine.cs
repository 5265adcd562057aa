using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Hosting;

namespace Waiaas.Mcp.Cli;

/// <summary>
/// No arguments: serve MCP on stdio. <c>--version</c>, <c>--help</c>, <c>doctor</c> and <c>config</c> print to
/// stdout because they are not MCP sessions; anything else is a usage error on stderr (exit 2), never a
/// half-started server.
/// </summary>
internal static class CommandLine
{
    public const int UsageError = 2;

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr) =>
        args is []
            ? StdioHost.RunAsync(ServerConfiguration.FromEnvironment())
            : RunAsync(args, CommandContext.FromSystem(stdout, stderr));

    /// <summary>
    /// Every command but serving, against <paramref name="context"/> (tests give temp folders and a fake clock).
    /// </summary>
    public static Task<int> RunAsync(string[] args, CommandContext context) => args switch
    {
        ["--version" or "-v" or "version"] => Print(context.Stdout, $"waiaas-mcp {ServerVersion.Current}"),
        ["--help" or "-h" or "help"] => Print(context.Stdout, HelpText.Usage),
        ["doctor", .. var options] => DoctorCommand.RunAsync(options, context),
        ["config", .. var options] => Task.FromResult(ConfigCommand.Run(options, context)),
        _ => Task.FromResult(
            Fail(context.Stderr, $"waiaas-mcp: unknown arguments '{string.Join(' ', args)}'.\n\n{HelpText.Usage}")),
    };

    private static Task<int> Print(TextWriter writer, string text)
    {
        writer.WriteLine(text);
        return Task.FromResult(0);
    }

    /// <summary>Writes a usage problem and answers <see cref="UsageError"/>.</summary>
    public static int Fail(TextWriter writer, string text)
    {
        writer.WriteLine(text);
        return UsageError;
    }
}
