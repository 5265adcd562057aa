using Waiaas.Mcp.ClientConfig;

namespace Waiaas.Mcp.Cli;

/// <summary>
/// What a subcommand may touch of the outside world: its output writers, the environment, the clock, the user's
/// folders and where this binary lives. Tests give temp folders and a fake clock.
/// </summary>
internal sealed record CommandContext(
    TextWriter Stdout, TextWriter Stderr, Func<string, string?> GetVariable, TimeProvider Time, ClientPaths Paths,
    string? ProcessPath)
{
    public static CommandContext FromSystem(TextWriter stdout, TextWriter stderr) => new(
        stdout, stderr, Environment.GetEnvironmentVariable, TimeProvider.System, ClientPaths.FromSystem(),
        Environment.ProcessPath);
}
