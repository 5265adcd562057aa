using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Results;

namespace Waiaas.Mcp.Tools.Answers;

/// <summary>
/// How a tool turns the daemon's answer into its result. Most tools pass the daemon's JSON on as it is.
/// </summary>
internal abstract class ToolAnswer
{
    /// <summary>The daemon's JSON, or the outcome's guidance or error (<see cref="ResultMapper"/>).</summary>
    public static ToolAnswer DaemonJson { get; } = new DaemonJsonAnswer();

    /// <summary>The daemon's JSON without the named top-level fields (bulky data a model cannot use).</summary>
    public static ToolAnswer Without(string field, string note) => new WithoutFieldAnswer(field, note);

    /// <summary>A JSON-RPC envelope: <c>result</c> passes on, <c>error</c> becomes an error the model reads.</summary>
    public static ToolAnswer JsonRpc { get; } = new JsonRpcAnswer();

    public abstract CallToolResult ToResult(DaemonResult result);

    private sealed class DaemonJsonAnswer : ToolAnswer
    {
        public override CallToolResult ToResult(DaemonResult result) => ResultMapper.ToToolResult(result);
    }
}
