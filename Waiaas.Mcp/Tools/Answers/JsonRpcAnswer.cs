using System.Globalization;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Json;
using Waiaas.Mcp.Results;

namespace Waiaas.Mcp.Tools.Answers;

/// <summary>
/// The daemon's RPC proxy answers JSON-RPC envelopes, never its own error shape: <c>{jsonrpc, id, result}</c>, or
/// <c>{jsonrpc, id, error: {code, message}}</c> with HTTP 200 (an upstream or method error), 403 (a wallet outside the
/// session) or 503 (the proxy is disabled). The result is passed on; an error becomes an isError the model can read.
/// </summary>
internal sealed class JsonRpcAnswer : ToolAnswer
{
    public override CallToolResult ToResult(DaemonResult result)
    {
        // Envelopes with an HTTP error status are read by the daemon layer (DaemonErrorBody) into an ApiError.
        if (result is not DaemonResult.Ok ok || ReadError(ok.Json) is not { } error)
        {
            return ResultMapper.ToToolResult(result);
        }

        return ResultMapper.InvalidCall($"JSONRPC_{error.Code.ToString(CultureInfo.InvariantCulture)}", error.Message);
    }

    private static (long Code, string Message)? ReadError(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("jsonrpc", out _)
                || !root.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var code = error.TryGetProperty("code", out var c)
                && c.ValueKind == JsonValueKind.Number && c.TryGetInt64(out var value) ? value : 0;
            var message = error.TryGetProperty("message", out var m) ? JsonText.ReadLenient(m) : null;
            return (code, message ?? "The RPC call failed.");
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
