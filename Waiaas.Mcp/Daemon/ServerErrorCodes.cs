namespace Waiaas.Mcp.Daemon;

/// <summary>Error codes this server gives itself, beside the daemon's (<see cref="DaemonErrorCodes"/>).</summary>
internal static class ServerErrorCodes
{
    public const string Configuration = "MCP_CONFIGURATION_ERROR";

    public const string AnswerTooLarge = "MCP_ANSWER_TOO_LARGE";
}
