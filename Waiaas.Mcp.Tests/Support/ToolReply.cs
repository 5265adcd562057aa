using System.Text.Json;

namespace Waiaas.Mcp.Tests.Support;

/// <summary>A tools/call reply read from raw JSON-RPC: its isError flag and the JSON of its single text content.</summary>
public sealed record ToolReply(bool IsError, JsonElement Json)
{
    public static string GetBalanceCall => """{"name":"get_balance","arguments":{}}""";

    /// <summary>The guidance status (session_expired, daemon_unavailable, kill_switch_active), or null.</summary>
    public string? Status => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("status", out var status) ? status.GetString() : null;

    public static ToolReply From(JsonElement response)
    {
        var result = response.GetProperty("result");
        var isError = result.TryGetProperty("isError", out var flag) && flag.GetBoolean();
        var text = result.GetProperty("content")[0].GetProperty("text").GetString()!;
        return new ToolReply(isError, JsonDocument.Parse(text).RootElement.Clone());
    }
}
