using System.Globalization;
using System.Text.Json;

namespace Waiaas.Mcp.Tools;

/// <summary>
/// Checks call arguments against a tool's declared arguments, at every nesting level. A bad call never reaches
/// the daemon: the model gets one message naming every wrong argument by its path (<c>gas_condition.timeout</c>,
/// <c>accounts[0].pubkey</c>) and what it expects.
/// </summary>
internal static class ArgumentBinder
{
    public static bool TryBind(
        ToolDefinition tool,
        IDictionary<string, JsonElement>? arguments,
        out IReadOnlyDictionary<string, JsonElement> bound,
        out string error)
    {
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var problems = new List<string>();

        foreach (var (name, value) in arguments ?? new Dictionary<string, JsonElement>())
        {
            if (tool.Arguments.FirstOrDefault(argument => argument.Name == name) is not { } argument)
            {
                problems.Add(tool.Arguments.Count == 0
                    ? $"'{name}' is not an argument of this tool (it takes none)"
                    : $"'{name}' is not an argument of this tool (expected: {Names(tool.Arguments)})");
                continue;
            }

            if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                continue; // an explicit null counts as not given
            }

            var before = problems.Count;
            Check(argument, value, name, problems);
            if (problems.Count == before && tool.NamesPathSegment(argument) && !IsPathSegmentValue(value))
            {
                problems.Add($"'{name}' must be a non-empty string without control characters (it names a path segment)");
            }

            if (problems.Count == before)
            {
                values[name] = value;
            }
        }

        foreach (var argument in tool.Arguments)
        {
            if (argument.IsRequired && !values.ContainsKey(argument.Name)
                && !problems.Exists(p => p.StartsWith($"'{argument.Name}", StringComparison.Ordinal)))
            {
                problems.Add($"'{argument.Name}' is required ({Expected(argument)})");
            }
        }

        bound = values;
        error = problems.Count == 0 ? string.Empty : $"Invalid arguments for {tool.Name}: {string.Join("; ", problems)}.";
        return problems.Count == 0;
    }

    private static void Check(ToolArgument argument, JsonElement value, string path, List<string> problems)
    {
        if (!HasType(argument, value))
        {
            problems.Add($"'{path}' must be {Expected(argument)}, got {Describe(value.ValueKind)}");
            return;
        }

        switch (argument.Type)
        {
            case ArgumentType.String:
                CheckString(argument, value.GetString()!, path, problems);
                break;
            case ArgumentType.Integer or ArgumentType.Number:
                var number = value.GetDouble();
                if (number < argument.Minimum || number > argument.Maximum)
                {
                    problems.Add($"'{path}' must be {Expected(argument)}, got {value.GetRawText()}");
                }

                break;
            case ArgumentType.Array:
                var count = value.GetArrayLength();
                if (count < argument.MinItems || count > argument.MaxItems)
                {
                    problems.Add($"'{path}' must be {Expected(argument)}, got {count} item(s)");
                    return;
                }

                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Check(argument.Items ?? ToolArgument.Anything, item, $"{path}[{index++}]", problems);
                }

                break;
            case ArgumentType.Object when argument.Properties is { } properties:
                CheckObject(properties, value, path, problems);
                break;
            case ArgumentType.Object when argument.Values is { } values:
                foreach (var property in value.EnumerateObject())
                {
                    Check(values, property.Value, $"{path}.{property.Name}", problems);
                }

                break;
        }
    }

    private static void CheckString(ToolArgument argument, string text, string path, List<string> problems)
    {
        if (argument.AllowedValues is { } allowed && !allowed.Contains(text))
        {
            problems.Add($"'{path}' must be {Expected(argument)}");
        }
        else if (argument.Format == "uri" && !IsAbsoluteUri(text))
        {
            problems.Add($"'{path}' must be {Expected(argument)}");
        }
    }

    /// <summary>
    /// An empty segment turns "/v1/transactions/{id}" into "/v1/transactions/", another endpoint; a NUL or a line
    /// break, even percent-encoded, truncates or splits paths in some HTTP stacks. No id holds either.
    /// </summary>
    private static bool IsPathSegmentValue(JsonElement value) =>
        value.ValueKind != JsonValueKind.String || value.GetString() is { Length: > 0 } text && !text.Any(char.IsControl);

    /// <summary>An absolute URI written with its scheme (on Unix, .NET also reads "/path" as an absolute file URI).</summary>
    private static bool IsAbsoluteUri(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && text.StartsWith(uri.Scheme + ":", StringComparison.OrdinalIgnoreCase);

    private static void CheckObject(IReadOnlyList<ToolArgument> properties, JsonElement value, string path, List<string> problems)
    {
        var given = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            var propertyPath = $"{path}.{property.Name}";
            if (properties.FirstOrDefault(p => p.Name == property.Name) is not { } declared)
            {
                problems.Add($"'{propertyPath}' is not a field of '{path}' (expected: {Names(properties)})");
                continue;
            }

            given.Add(property.Name);
            Check(declared, property.Value, propertyPath, problems);
        }

        foreach (var property in properties.Where(p => p.IsRequired && !given.Contains(p.Name)))
        {
            problems.Add($"'{path}.{property.Name}' is required ({Expected(property)})");
        }
    }

    private static bool HasType(ToolArgument argument, JsonElement value) => argument.Type switch
    {
        ArgumentType.String => value.ValueKind == JsonValueKind.String,
        ArgumentType.Integer => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        ArgumentType.Number => value.ValueKind == JsonValueKind.Number,
        ArgumentType.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        ArgumentType.Object => value.ValueKind == JsonValueKind.Object,
        ArgumentType.Array => value.ValueKind == JsonValueKind.Array,
        ArgumentType.NumberOrString => value.ValueKind is JsonValueKind.Number or JsonValueKind.String,
        _ => true,
    };

    private static string Expected(ToolArgument argument)
    {
        if (argument.AllowedValues is { } allowed)
        {
            return $"one of {string.Join(", ", allowed.Select(v => $"\"{v}\""))}";
        }

        return argument.Type switch
        {
            ArgumentType.Integer => "an integer" + Range(argument.Minimum, argument.Maximum),
            ArgumentType.Number => "a number" + Range(argument.Minimum, argument.Maximum),
            ArgumentType.String when argument.Format == "uri" => "an absolute URI string",
            ArgumentType.Array => "an array" + ItemRange(argument.MinItems, argument.MaxItems),
            ArgumentType.Object when argument.Properties is { } properties => $"an object with fields {Names(properties)}",
            ArgumentType.Object => "an object",
            ArgumentType.NumberOrString => "a number or a string",
            ArgumentType.Any => "any value",
            _ => $"a {argument.TypeName}",
        };
    }

    private static string Range(long? minimum, long? maximum) => (minimum, maximum) switch
    {
        ({ } min, { } max) => string.Create(CultureInfo.InvariantCulture, $" from {min} to {max}"),
        ({ } min, null) => string.Create(CultureInfo.InvariantCulture, $" of at least {min}"),
        (null, { } max) => string.Create(CultureInfo.InvariantCulture, $" of at most {max}"),
        _ => string.Empty,
    };

    private static string ItemRange(int? minimum, int? maximum) => (minimum, maximum) switch
    {
        ({ } min, { } max) => string.Create(CultureInfo.InvariantCulture, $" of {min} to {max} items"),
        ({ } min, null) => string.Create(CultureInfo.InvariantCulture, $" of at least {min} items"),
        (null, { } max) => string.Create(CultureInfo.InvariantCulture, $" of at most {max} items"),
        _ => string.Empty,
    };

    private static string Names(IEnumerable<ToolArgument> arguments) => string.Join(", ", arguments.Select(a => a.Name));

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "null",
    };
}
