using System.Text;
using System.Text.Json;

namespace Waiaas.Mcp.Tests.Support;

/// <summary>Checks raw protocol output: every line must be one JSON-RPC 2.0 message, nothing else.</summary>
public static class JsonRpcLines
{
    public const string Initialize =
        """{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";

    public const string Initialized = """{"jsonrpc":"2.0","method":"notifications/initialized"}""";

    public static string Request(object id, string method, string parameters = "{}") =>
        $$"""{"jsonrpc":"2.0","id":{{JsonSerializer.Serialize(id, id is string ? TestJson.Default.String : TestJson.Default.Int32)}},"method":"{{method}}","params":{{parameters}}}""";

    /// <summary>Splits stdout into lines, asserting each is a JSON-RPC message; returns the parsed messages.</summary>
    public static IReadOnlyList<JsonElement> Parse(byte[] stdout)
    {
        var text = Encoding.UTF8.GetString(stdout);
        Assert.True(text.Length == 0 || text.EndsWith('\n'), "stdout must end with a newline after the last message");
        var messages = new List<JsonElement>();
        foreach (var line in text.Split('\n', StringSplitOptions.None)[..^1])
        {
            JsonElement message;
            try
            {
                message = JsonDocument.Parse(line).RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new Xunit.Sdk.XunitException($"stdout line is not JSON ({ex.Message}): {Truncate(line)}");
            }

            Assert.True(message.ValueKind == JsonValueKind.Object, $"stdout line is not a JSON object: {Truncate(line)}");
            Assert.True(message.TryGetProperty("jsonrpc", out var version) && version.GetString() == "2.0", $"not JSON-RPC 2.0: {Truncate(line)}");
            var isResponse = message.TryGetProperty("id", out _) && (message.TryGetProperty("result", out _) || message.TryGetProperty("error", out _));
            var isRequestOrNotification = message.TryGetProperty("method", out _);
            Assert.True(isResponse || isRequestOrNotification, $"neither response nor request: {Truncate(line)}");
            messages.Add(message);
        }

        return messages;
    }

    public static JsonElement ResponseTo(IReadOnlyList<JsonElement> messages, object id) => messages.Single(m => IsResponseTo(m, id));

    /// <summary>True when <paramref name="message"/> carries <paramref name="id"/> (a string or a number).</summary>
    public static bool IsResponseTo(JsonElement message, object id) =>
        message.TryGetProperty("id", out var value)
            && (value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()) == id.ToString();

    private static string Truncate(string line) => line.Length > 200 ? line[..200] + "…" : line;
}
