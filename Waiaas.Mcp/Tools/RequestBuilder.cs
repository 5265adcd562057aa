using System.Text.Json;
using System.Text.Json.Nodes;
using Waiaas.Mcp.Json;
using Waiaas.Mcp.Daemon;

namespace Waiaas.Mcp.Tools;

/// <summary>Turns a tool's declaration and its checked arguments into the daemon request.</summary>
internal static class RequestBuilder
{
    /// <summary>The placeholder for the resolved wallet (argument, configuration or session) in a path template.</summary>
    public const string WalletPlaceholder = "{walletId}";

    public static DaemonRequest Build(ToolDefinition tool, IReadOnlyDictionary<string, JsonElement> arguments, string? walletId = null)
    {
        var path = tool.PathTemplate;
        if (walletId is not null)
        {
            path = path.Replace(WalletPlaceholder, UrlBuilder.EncodePathSegment(walletId), StringComparison.Ordinal);
        }

        foreach (var argument in tool.Arguments.Where(a => a.Location == ArgumentLocation.Path))
        {
            var value = arguments.TryGetValue(argument.Name, out var element) ? ToText(element) : string.Empty;
            path = path.Replace($"{{{argument.Name}}}", UrlBuilder.EncodePathSegment(value), StringComparison.Ordinal);
        }

        var query = tool.Arguments
            .Where(a => a.Location == ArgumentLocation.Query)
            .Select(a => KeyValuePair.Create(a.DaemonName, arguments.TryGetValue(a.Name, out var v) ? ToText(v) : null));

        ReadOnlyMemory<byte>? body = null;
        if (tool.BodyConstants.Count > 0 || tool.Arguments.Any(a => a.Location == ArgumentLocation.Body)
            || tool.Method != HttpMethod.Get && tool.Method != HttpMethod.Delete)
        {
            body = WriteBody(tool, arguments);
        }

        return new DaemonRequest(tool.Method, UrlBuilder.AppendQuery(path, query), body) { SafeToRepeat = tool.Hints.Idempotent || !tool.Hints.Destructive };
    }

    private static ReadOnlyMemory<byte> WriteBody(ToolDefinition tool, IReadOnlyDictionary<string, JsonElement> arguments)
    {
        var body = new JsonObject();
        foreach (var constant in tool.BodyConstants)
        {
            Put(body, constant.Path, JsonValue.Create(constant.Value));
        }

        foreach (var argument in tool.Arguments.Where(a => a.Location == ArgumentLocation.Body))
        {
            if (arguments.TryGetValue(argument.Name, out var value))
            {
                Put(body, argument.DaemonName, ToDaemon(argument, value));
            }
            else if (argument.DefaultJson is { } json)
            {
                Put(body, argument.DaemonName, JsonNode.Parse(json));
            }
        }

        return WaiaasJsonContext.Write(writer => body.WriteTo(writer));
    }

    /// <summary>Sets <paramref name="value"/> at a dotted path, creating objects on the way; objects merge.</summary>
    private static void Put(JsonObject target, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (target[parts[i]] is not JsonObject next)
            {
                next = new JsonObject();
                target[parts[i]] = next;
            }

            target = next;
        }

        var last = parts[^1];
        if (target[last] is JsonObject existing && value is JsonObject incoming)
        {
            foreach (var (key, node) in incoming.ToList())
            {
                incoming.Remove(key);
                existing[key] = node;
            }
        }
        else
        {
            target[last] = value;
        }
    }

    /// <summary>The value as the daemon names it: declared nested fields renamed, at every level.</summary>
    private static JsonNode? ToDaemon(ToolArgument argument, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object when argument.Properties is { } properties:
                var renamed = new JsonObject();
                foreach (var property in value.EnumerateObject())
                {
                    var declared = properties.First(p => p.Name == property.Name);
                    renamed[declared.DaemonName] = ToDaemon(declared, property.Value);
                }

                return renamed;
            case JsonValueKind.Object when argument.Values is { } values:
                var map = new JsonObject();
                foreach (var property in value.EnumerateObject())
                {
                    map[property.Name] = ToDaemon(values, property.Value);
                }

                return map;
            case JsonValueKind.Array when argument.Items is { } items:
                var array = new JsonArray();
                foreach (var item in value.EnumerateArray())
                {
                    array.Add(ToDaemon(items, item));
                }

                return array;
            default:
                return JsonNode.Parse(value.GetRawText());
        }
    }

    private static string ToText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        _ => value.GetRawText(),
    };
}
