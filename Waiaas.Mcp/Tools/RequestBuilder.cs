using System.Buffers;
using System.Text.Json;
using Waiaas.Mcp.Json;
using Waiaas.Mcp.Daemon;

namespace Waiaas.Mcp.Tools;

/// <summary>Turns a tool's declaration and its checked arguments into the daemon request.</summary>
internal static class RequestBuilder
{
    public static DaemonRequest Build(ToolDefinition tool, IReadOnlyDictionary<string, JsonElement> arguments)
    {
        var path = tool.PathTemplate;
        foreach (var argument in tool.Arguments.Where(a => a.Location == ArgumentLocation.Path))
        {
            var value = arguments.TryGetValue(argument.Name, out var element) ? ToText(element) : string.Empty;
            path = path.Replace($"{{{argument.Name}}}", UrlBuilder.EncodePathSegment(value), StringComparison.Ordinal);
        }

        var query = tool.Arguments
            .Where(a => a.Location == ArgumentLocation.Query)
            .Select(a => KeyValuePair.Create(a.DaemonName, arguments.TryGetValue(a.Name, out var v) ? ToText(v) : null));

        var bodyArguments = tool.Arguments.Where(a => a.Location == ArgumentLocation.Body).ToList();
        ReadOnlyMemory<byte>? body = null;
        if (bodyArguments.Count > 0 || tool.Method != HttpMethod.Get && tool.Method != HttpMethod.Delete)
        {
            body = WriteBody(bodyArguments, arguments);
        }

        return new DaemonRequest(tool.Method, UrlBuilder.AppendQuery(path, query), body);
    }

    private static ReadOnlyMemory<byte> WriteBody(List<ToolArgument> bodyArguments, IReadOnlyDictionary<string, JsonElement> arguments)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WaiaasJsonContext.WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var argument in bodyArguments)
            {
                if (arguments.TryGetValue(argument.Name, out var value))
                {
                    writer.WritePropertyName(argument.DaemonName);
                    value.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    private static string ToText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        _ => value.GetRawText(),
    };
}
