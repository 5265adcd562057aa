using System.Text.Json;

namespace Waiaas.Mcp.Daemon;

/// <summary>
/// The daemon's flat error body <c>{code, message, requestId, retryable, hint?, details?}</c>, read leniently. Its RPC
/// proxy answers JSON-RPC envelopes instead (<c>{jsonrpc, id, error: {code, message}}</c>): their error reads as code
/// <c>JSONRPC_&lt;code&gt;</c>.
/// </summary>
internal readonly record struct DaemonErrorBody(
    string? Code, string? Message, bool? Retryable, string? Hint, JsonElement? Details)
{
    /// <summary>
    /// Reads a compacted body (see <see cref="JsonCompaction"/>); anything that is not such an object gives the empty
    /// body.
    /// </summary>
    public static DaemonErrorBody Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return default;
            }

            if (String(root, "code") is null && root.TryGetProperty("jsonrpc", out _)
                && root.TryGetProperty("error", out var rpcError) && rpcError.ValueKind == JsonValueKind.Object)
            {
                var rpcCode = rpcError.TryGetProperty("code", out var c)
                    && c.ValueKind == JsonValueKind.Number && c.TryGetInt64(out var number) ? number : 0;
                return new DaemonErrorBody(
                    $"JSONRPC_{rpcCode.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                    String(rpcError, "message"), null, null, null);
            }

            return new DaemonErrorBody(
                String(root, "code"),
                String(root, "message"),
                root.TryGetProperty("retryable", out var retryable)
                    && retryable.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? retryable.GetBoolean()
                    : null,
                String(root, "hint"),
                root.TryGetProperty("details", out var details) && details.ValueKind != JsonValueKind.Null
                    ? details.Clone()
                    : null);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that is no UTF-16 text; compaction replaces those, a raw body may
            // not.
            return default;
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
