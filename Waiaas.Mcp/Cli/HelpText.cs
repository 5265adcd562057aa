using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Hosting;
using static Waiaas.Mcp.Configuration.EnvironmentVariables;

namespace Waiaas.Mcp.Cli;

internal static class HelpText
{
    public static string Usage => $"""
        waiaas-mcp {ServerVersion.Current} - MCP server for the WAIaaS wallet daemon

        Usage:
          waiaas-mcp              serve MCP on stdin/stdout (what MCP clients run)
          waiaas-mcp --version    print the version
          waiaas-mcp --help       print this help
          waiaas-mcp doctor [--json] [--client <{ConfigCommand.Clients}>
                  [--config-file <path>] [--name <entry>]]
                                  check configuration, token file, daemon, clock, kill switch and session;
                                  exit 0 when ready.
                                  --client checks the client's entry and uses its env instead of this shell's
          waiaas-mcp config <{ConfigCommand.Clients}> [--install]
                  [--data-dir <folder>] [--base-url <url>] [--wallet-id <id>] [--wallet-name <name>]
                  [--confirm <none|spend>] [--config-file <path>]
                                  print the MCP client's entry for this binary,
                                  or merge it into the client's config file

        Environment:
          {BaseUrl,-36} daemon URL (default {ServerConfiguration.DefaultBaseUrl.ToString().TrimEnd('/')})
          {DataDir,-36} folder with the session token file (mcp-token);
                                               enables renewal write-back and recovery
          {SessionToken,-36} session token used when no token file provides one
          {WalletId,-36} wallet to use by default; selects mcp-tokens/<id>
          {WalletName,-36} label: server name waiaas-<name>, tool descriptions prefixed [<name>]
          {RequestTimeoutSeconds,-36} per-request daemon timeout in seconds (default {DefaultTimeoutSeconds:0})
          {LogLevel,-36} stderr log level: trace, debug, info (default), warning, error, none
          {Confirm,-36} spend: ask the user (MCP elicitation) before any call that moves funds;
                                               none (default)

        Logs go to stderr; stdout carries only MCP messages.
        """;

    private static double DefaultTimeoutSeconds => ServerConfiguration.DefaultRequestTimeout.TotalSeconds;
}
