using System.Text.Json;
using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Json;
using Waiaas.Mcp.Client;
using Waiaas.Mcp.Results;

namespace Waiaas.Mcp.Tools;

/// <summary>One checked call, as a composite tool's <see cref="ToolExecutor"/> sees it.</summary>
internal sealed class ToolCall(
    ToolDefinition tool, IReadOnlyDictionary<string, JsonElement> arguments, DaemonClient daemon, string? walletId,
    TimeProvider time, ToolProgress progress)
{
    public ToolDefinition Tool => tool;

    /// <summary>The server's clock: a tool that waits measures and waits with it.</summary>
    public TimeProvider Time => time;

    /// <summary>Progress reports for the caller (nowhere when it asked for none).</summary>
    public ToolProgress Progress => progress;

    public IReadOnlyDictionary<string, JsonElement> Arguments => arguments;

    /// <summary>
    /// The wallet for the tool's wallet argument when it was not given (configured or resolved), else null.
    /// </summary>
    public string? WalletId => walletId;

    public string? GetString(string name) =>
        arguments.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public Task<DaemonResult> SendAsync(DaemonRequest request, CancellationToken cancellationToken) =>
        daemon.SendAsync(request, cancellationToken);

    /// <summary>The request the declaration describes (path, query and body from the arguments).</summary>
    public DaemonRequest DeclaredRequest() => RequestBuilder.Build(tool, arguments, walletId);

    /// <summary>An ok result whose JSON object this server wrote.</summary>
    public static CallToolResult Answer(Action<Utf8JsonWriter> writeProperties)
    {
        var json = WaiaasJsonContext.Write(writer =>
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        });
        return ResultMapper.ToToolResult(new DaemonResult.Ok(json));
    }
}
