using System.Text.Json;

namespace Waiaas.Mcp.Daemon;

/// <summary>The daemon's flat error body <c>{code, message, requestId, retryable, hint?, details?}</c>, read leniently.</summary>
internal readonly record struct DaemonErrorBody(string? Code, string? Message, bool? Retryable, string? Hint, JsonElement? Details)
{
    public static DaemonErrorBody Parse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return default;
            }

            return new DaemonErrorBody(
                String(root, "code"),
                String(root, "message"),
                root.TryGetProperty("retryable", out var retryable) && retryable.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? retryable.GetBoolean()
                    : null,
                String(root, "hint"),
                root.TryGetProperty("details", out var details) && details.ValueKind != JsonValueKind.Null ? details.Clone() : null);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
