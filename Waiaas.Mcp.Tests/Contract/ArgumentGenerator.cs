using System.Text.RegularExpressions;
using System.Text.Json.Nodes;

namespace Waiaas.Mcp.Tests.Contract;

/// <summary>One generated tool call: what it varies (for the report) and its arguments.</summary>
internal sealed record GeneratedCall(string Label, JsonObject Arguments);

/// <summary>
/// Argument sets built from a tool's advertised input schema, with values that satisfy it: the required arguments
/// alone, then each optional argument added alone (objects once with their required fields and, when they have more,
/// once with all of them), then every enum value of every argument, nested ones too. Strings honour enum, pattern,
/// <c>format: uri</c> and length bounds; free strings are placeholders <c>s_&lt;name&gt;</c> (as in the catalog); numbers
/// stay within bounds (a <c>number</c> gets a fraction, so a field the daemon wants as an integer shows up); arrays get
/// at least one item. A value the schema leaves free (an object without fields, an item without a schema) is taken from
/// the tool's catalog vectors where one shows it, else the simplest value.
/// </summary>
internal sealed class ArgumentGenerator(JsonObject schema, IReadOnlyList<CatalogVector> vectors)
{
    /// <summary>What a generated free string starts with: a value the user chooses, which no daemon enum can judge.</summary>
    public const string PlaceholderPrefix = "s_";

    /// <summary>Strings tried, in order, for an argument with a <c>pattern</c>; a pattern none matches fails the test.</summary>
    private static readonly string[] PatternSamples =
    [
        "1000",
        "0x0000000000000000000000000000000000000001",
        "0x00",
        "eip155:1/slip44:60",
    ];

    private const string Item = "[]";
    private const string Entry = "*";

    public JsonObject Required() => (JsonObject)Value(schema, [], full: false);

    /// <summary>The optional arguments one by one, then every enum value, each on a copy of <paramref name="baseArguments"/>.</summary>
    public IEnumerable<GeneratedCall> Variations(JsonObject baseArguments)
    {
        foreach (var (name, property) in Properties(schema))
        {
            if (baseArguments.ContainsKey(name))
            {
                continue;
            }

            yield return new GeneratedCall($"+{name}", With(baseArguments, name, Value(property, [name], full: false)));
            var full = Value(property, [name], full: true);
            if (!JsonNode.DeepEquals(full, Value(property, [name], full: false)))
            {
                yield return new GeneratedCall($"+{name} (every field)", With(baseArguments, name, full));
            }
        }

        foreach (var (path, value) in EnumValues(schema, []))
        {
            var arguments = (JsonObject)baseArguments.DeepClone();
            if (TrySet(arguments, schema, path, 0, value))
            {
                yield return new GeneratedCall($"{Display(path)}={value.ToJsonString()}", arguments);
            }
        }
    }

    private JsonNode Value(JsonNode schema, string[] path, bool full)
    {
        var node = Effective(schema);
        if (node["const"] is { } constant)
        {
            return constant.DeepClone();
        }

        if (node["enum"] is JsonArray { Count: > 0 } allowed)
        {
            return allowed[0]!.DeepClone();
        }

        switch (TypeOf(node))
        {
            case "string":
                return JsonValue.Create(StringValue(node, path));
            case "integer":
                return JsonValue.Create((long)Bounded(node, 1));
            case "number":
                return JsonValue.Create(Bounded(node, 1.5m));
            case "boolean":
                return JsonValue.Create(true);
            case "array":
                var array = new JsonArray();
                var count = Math.Max(node["minItems"]?.GetValue<int>() ?? 0, 1);
                for (var i = 0; i < count; i++)
                {
                    array.Add(Value(node["items"] ?? new JsonObject(), [.. path, Item], full));
                }

                return array;
            case "object" when node["properties"] is JsonObject:
                var value = new JsonObject();
                var required = Required(node);
                foreach (var (name, property) in Properties(node))
                {
                    if (full || required.Contains(name))
                    {
                        value[name] = Value(property, [.. path, name], full);
                    }
                }

                return value;
            case "object":
                if (Sample(path) is { } sample)
                {
                    return sample;
                }

                return full && node["additionalProperties"] is JsonObject entries
                    ? new JsonObject { ["k"] = Value(entries, [.. path, Entry], full) }
                    : new JsonObject();
            default:
                return Sample(path) ?? JsonValue.Create(Placeholder(path));
        }
    }

    /// <summary>The schema itself, with the required lists of <c>anyOf</c>-of-required branches (first one) and of the first typed branch merged in.</summary>
    private static JsonObject Effective(JsonNode schema)
    {
        var node = schema as JsonObject ?? [];
        var branches = (node["anyOf"] ?? node["oneOf"]) as JsonArray;
        if (branches is not { Count: > 0 })
        {
            return node;
        }

        var merged = (JsonObject)node.DeepClone();
        merged.Remove("anyOf");
        merged.Remove("oneOf");
        var first = (JsonObject)branches[0]!;
        if (first["type"] is null && first["const"] is null && first["enum"] is null)
        {
            // anyOf [{required: [a]}, {required: [b]}]: satisfy the first.
            merged["required"] = new JsonArray([.. Required(node).Concat(Required(first)).Distinct().Select(r => JsonValue.Create(r))]);
            return merged;
        }

        foreach (var (key, value) in first)
        {
            merged[key] = value!.DeepClone();
        }

        return merged;
    }

    private static string? TypeOf(JsonObject node) => node["type"] switch
    {
        JsonValue type => type.GetValue<string>(),
        JsonArray types => types.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null"),
        _ => node["properties"] is not null ? "object" : null,
    };

    private static string StringValue(JsonObject node, string[] path)
    {
        var minimum = node["minLength"]?.GetValue<int>() ?? 0;
        var maximum = node["maxLength"]?.GetValue<int>() ?? int.MaxValue;
        if (node["format"]?.GetValue<string>() == "uri")
        {
            return "https://example.com/";
        }

        if (node["pattern"]?.GetValue<string>() is { } pattern)
        {
            return PatternSamples.FirstOrDefault(s => Regex.IsMatch(s, pattern) && s.Length >= minimum && s.Length <= maximum)
                ?? throw new InvalidOperationException($"No sample string matches pattern {pattern} at {Display(path)}: add one to {nameof(PatternSamples)}.");
        }

        var text = Placeholder(path);
        text = text.Length > maximum ? text[..maximum] : text;
        return text.PadRight(minimum, 'x');
    }

    /// <summary>
    /// <paramref name="preferred"/> moved into the bounds. An exclusive minimum is a number (JSON Schema) or a flag on
    /// <c>minimum</c> (OpenAPI 3.0); one above it satisfies both readings.
    /// </summary>
    private static decimal Bounded(JsonObject node, decimal preferred)
    {
        var value = preferred;
        if (node["minimum"] is { } minimum)
        {
            var exclusive = node["exclusiveMinimum"] is JsonValue flag && flag.TryGetValue<bool>(out var isExclusive) && isExclusive;
            value = Math.Max(value, minimum.GetValue<decimal>() + (exclusive ? 1 : 0));
        }

        if (node["exclusiveMinimum"] is JsonValue bound && bound.TryGetValue<decimal>(out var above))
        {
            value = Math.Max(value, above + 1);
        }

        if (node["maximum"] is { } maximum)
        {
            value = Math.Min(value, maximum.GetValue<decimal>());
        }

        return value;
    }

    /// <summary>The value the tool's catalog vectors show at <paramref name="path"/> (first item of arrays, first entry of maps).</summary>
    private JsonNode? Sample(string[] path)
    {
        foreach (var vector in vectors)
        {
            JsonNode? node = vector.Args;
            foreach (var segment in path)
            {
                node = segment switch
                {
                    Item => node is JsonArray { Count: > 0 } array ? array[0] : null,
                    Entry => node is JsonObject { Count: > 0 } map ? map.First().Value : null,
                    _ => node is JsonObject value ? value[segment] : null,
                };
            }

            if (node is not null && path.Length > 0)
            {
                return node.DeepClone();
            }
        }

        return null;
    }

    /// <summary>Every (path, value) of an enum or const in the schema, nested objects, items, map values and branches included.</summary>
    private static IEnumerable<(string[] Path, JsonNode Value)> EnumValues(JsonNode schema, string[] path)
    {
        var node = schema as JsonObject ?? [];
        foreach (var alternative in new[] { node }.Concat(((node["anyOf"] ?? node["oneOf"]) as JsonArray ?? []).OfType<JsonObject>()))
        {
            if (alternative["const"] is { } constant)
            {
                yield return (path, constant.DeepClone());
            }

            foreach (var value in alternative["enum"] as JsonArray ?? [])
            {
                yield return (path, value!.DeepClone());
            }
        }

        foreach (var (name, property) in Properties(node))
        {
            foreach (var found in EnumValues(property, [.. path, name]))
            {
                yield return found;
            }
        }

        foreach (var (child, segment) in new[] { (node["items"], Item), (node["additionalProperties"], Entry) })
        {
            if (child is JsonObject nested)
            {
                foreach (var found in EnumValues(nested, [.. path, segment]))
                {
                    yield return found;
                }
            }
        }
    }

    /// <summary>Sets <paramref name="value"/> at <paramref name="path"/>, creating the objects, arrays and entries on the way.</summary>
    private bool TrySet(JsonNode target, JsonNode schema, string[] path, int index, JsonNode value)
    {
        var node = Effective(schema);
        var segment = path[index];
        var last = index == path.Length - 1;
        var (childSchema, current) = segment switch
        {
            Item => (node["items"], target is JsonArray { Count: > 0 } array ? array[0] : null),
            Entry => (node["additionalProperties"], target is JsonObject { Count: > 0 } map ? map.First().Value : null),
            _ => (node["properties"]?[segment], target is JsonObject obj ? obj[segment] : null),
        };
        if (childSchema is null || (target is not JsonObject && target is not JsonArray))
        {
            return false;
        }

        var child = last ? value : current ?? Value(childSchema, path[..(index + 1)], full: false);
        switch (segment, target)
        {
            case (Item, JsonArray array):
                if (array.Count == 0)
                {
                    array.Add(child);
                }
                else
                {
                    array[0] = child;
                }

                break;
            case (Entry, JsonObject map):
                map[map.Count > 0 ? map.First().Key : "k"] = child;
                break;
            case (_, JsonObject obj):
                obj[segment] = child;
                break;
            default:
                return false;
        }

        return last || TrySet(child, childSchema, path, index + 1, value);
    }

    private static JsonObject With(JsonObject baseArguments, string name, JsonNode value)
    {
        var arguments = (JsonObject)baseArguments.DeepClone();
        arguments[name] = value;
        return arguments;
    }

    private static IEnumerable<(string Name, JsonNode Schema)> Properties(JsonNode schema) =>
        (schema["properties"] as JsonObject ?? []).Select(p => (p.Key, p.Value!));

    private static HashSet<string> Required(JsonNode schema) =>
        [.. (schema["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>())];

    private static string Placeholder(string[] path) =>
        PlaceholderPrefix + (path.LastOrDefault(s => s is not (Item or Entry)) ?? "value");

    private static string Display(string[] path) => string.Join('.', path);
}
