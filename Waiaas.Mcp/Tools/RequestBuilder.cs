using System.Text.Json;
using System.Text.Json.Nodes;
using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Json;
using Waiaas.Mcp.Tools.Schema;

namespace Waiaas.Mcp.Tools;

/// <summary>Turns a tool's declaration and its checked arguments into the daemon request.</summary>
internal static class RequestBuilder
{
    /// <param name="tool">The declaration.</param>
    /// <param name="arguments">Arguments that passed <see cref="Checking.ArgumentChecker"/>.</param>
    /// <param name="walletId">The wallet for the tool's wallet argument when it was not given (configured or resolved);
    /// null: none.</param>
    public static DaemonRequest Build(
        ToolDefinition tool, IReadOnlyDictionary<string, JsonElement> arguments, string? walletId = null)
    {
        var path = tool.Route.PathTemplate;
        foreach (var argument in tool.Arguments.Where(a => a.Location == ArgumentLocation.Path))
        {
            var value = ValueOf(argument, arguments, walletId) ?? string.Empty;
            path = path.Replace($"{{{argument.Name}}}", UrlBuilder.EncodePathSegment(value), StringComparison.Ordinal);
        }

        var query = tool.Arguments
            .Where(a => a.Location == ArgumentLocation.Query)
            .Select(a => KeyValuePair.Create(a.DaemonField, QueryValue(a, arguments, walletId)));

        var body = tool.Route.HasBody ? WriteBody(tool, arguments, walletId) : (ReadOnlyMemory<byte>?)null;
        return new DaemonRequest(tool.Route.Method, UrlBuilder.AppendQuery(path, query), body)
        {
            SafeToRepeat = !tool.Hints.MovesFunds,
        };
    }

    private static string? QueryValue(
        ToolArgument argument, IReadOnlyDictionary<string, JsonElement> arguments, string? walletId)
    {
        if (argument.SentOnlyWhenTrue)
        {
            return arguments.TryGetValue(argument.Name, out var flag) && flag.ValueKind == JsonValueKind.True
                ? "true"
                : null;
        }

        return ValueOf(argument, arguments, walletId);
    }

    /// <summary>
    /// The argument as text: strings as they are, anything else as its JSON; the wallet falls back to
    /// <paramref name="walletId"/>.
    /// </summary>
    private static string? ValueOf(
        ToolArgument argument, IReadOnlyDictionary<string, JsonElement> arguments, string? walletId)
    {
        if (arguments.TryGetValue(argument.Name, out var value))
        {
            return value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        }

        return argument.IsWallet ? walletId : null;
    }

    private static ReadOnlyMemory<byte> WriteBody(
        ToolDefinition tool, IReadOnlyDictionary<string, JsonElement> arguments, string? walletId)
    {
        var body = new JsonObject();
        foreach (var constant in tool.BodyConstants)
        {
            Put(body, constant.Path, JsonNode.Parse(constant.Json));
        }

        foreach (var argument in tool.Arguments.Where(a => a.Location == ArgumentLocation.Body))
        {
            JsonNode? node;
            if (arguments.TryGetValue(argument.Name, out var value))
            {
                node = ToDaemon(argument.Schema, value);
            }
            else if (argument.IsWallet && walletId is not null)
            {
                node = JsonValue.Create(walletId);
            }
            else if (argument.Default is { } fallback)
            {
                node = JsonNode.Parse(fallback.JsonFor(arguments));
            }
            else
            {
                continue;
            }

            foreach (var target in argument.AlsoSentAs)
            {
                Put(body, target, node?.DeepClone());
            }

            Put(body, argument.DaemonField, node);
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

    /// <summary>The value as the daemon names it: declared fields renamed, at every level.</summary>
    private static JsonNode? ToDaemon(SchemaNode schema, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object when schema.Properties is { } properties:
                var renamed = new JsonObject();
                foreach (var property in value.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null))
                {
                    var declared = properties.First(p => p.Name == property.Name);
                    renamed[declared.DaemonField] = ToDaemon(declared.Schema, property.Value);
                }

                return renamed;
            case JsonValueKind.Object when schema.Values is { } values:
                var map = new JsonObject();
                foreach (var property in value.EnumerateObject())
                {
                    map[property.Name] = ToDaemon(values, property.Value);
                }

                return map;
            case JsonValueKind.Array when schema.Items is { } items:
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
}
