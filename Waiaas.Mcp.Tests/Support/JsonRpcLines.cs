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
        return [.. text.Split('\n', StringSplitOptions.None)[..^1].Select(ParseLine)];
    }

    /// <summary>One stdout line (without its newline) as a JSON-RPC message; fails the test when it is anything else.</summary>
    public static JsonElement ParseLine(string line) =>
        Problem(line, out var message) is { } problem ? throw new Xunit.Sdk.XunitException(problem) : message;

    /// <summary>Null when <paramref name="line"/> is one JSON-RPC 2.0 message (then in <paramref name="message"/>); else what is wrong.</summary>
    public static string? Problem(string line, out JsonElement message)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            message = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            message = default;
            return $"stdout line is not JSON ({ex.Message}): {Truncate(line)}";
        }

        if (message.ValueKind != JsonValueKind.Object)
        {
            return $"stdout line is not a JSON object: {Truncate(line)}";
        }

        if (!message.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2.0")
        {
            return $"not JSON-RPC 2.0: {Truncate(line)}";
        }

        var isResponse = message.TryGetProperty("id", out _) && (message.TryGetProperty("result", out _) || message.TryGetProperty("error", out _));
        var isRequestOrNotification = message.TryGetProperty("method", out _);
        return isResponse || isRequestOrNotification ? null : $"neither response nor request: {Truncate(line)}";
    }

    public static JsonElement ResponseTo(IReadOnlyList<JsonElement> messages, object id) => messages.Single(m => IsResponseTo(m, id));

    /// <summary>True when <paramref name="message"/> carries <paramref name="id"/> (a string or a number).</summary>
    public static bool IsResponseTo(JsonElement message, object id) =>
        message.TryGetProperty("id", out var value)
            && (value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()) == id.ToString();

    private static string Truncate(string line) => line.Length > 200 ? line[..200] + "…" : line;
}
