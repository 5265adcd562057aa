using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Hosting;

namespace Waiaas.Mcp.Cli;

/// <summary>
/// No arguments: serve MCP on stdio. <c>--version</c> and <c>--help</c> print to stdout because they are
/// not MCP sessions; anything else is a usage error on stderr (exit 2), never a half-started server.
/// </summary>
internal static class CommandLine
{
    public const int UsageError = 2;

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr) => args switch
    {
        [] => StdioHost.RunAsync(ServerConfiguration.FromEnvironment()),
        ["--version" or "-v" or "version"] => Print(stdout, $"waiaas-mcp {ServerVersion.Current}"),
        ["--help" or "-h" or "help"] => Print(stdout, HelpText.Usage),
        _ => Fail(stderr, $"waiaas-mcp: unknown arguments '{string.Join(' ', args)}'.\n\n{HelpText.Usage}"),
    };

    private static Task<int> Print(TextWriter writer, string text)
    {
        writer.WriteLine(text);
        return Task.FromResult(0);
    }

    private static Task<int> Fail(TextWriter writer, string text)
    {
        writer.WriteLine(text);
        return Task.FromResult(UsageError);
    }
}
