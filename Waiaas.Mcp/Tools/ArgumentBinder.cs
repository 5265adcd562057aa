using System.Text.Json;

namespace Waiaas.Mcp.Tools;

/// <summary>
/// Checks call arguments against a tool's declared arguments. A bad call never reaches the daemon: the
/// model gets one message naming every wrong argument and what it expects.
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
                    : $"'{name}' is not an argument of this tool (expected: {string.Join(", ", tool.Arguments.Select(a => a.Name))})");
                continue;
            }

            if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                continue; // an explicit null counts as not given
            }

            if (Check(argument, value) is { } problem)
            {
                problems.Add(problem);
                continue;
            }

            values[name] = value;
        }

        foreach (var argument in tool.Arguments)
        {
            if (argument.IsRequired && !values.ContainsKey(argument.Name)
                && !problems.Exists(p => p.StartsWith($"'{argument.Name}'", StringComparison.Ordinal)))
            {
                problems.Add($"'{argument.Name}' is required ({Expected(argument)})");
            }
        }

        bound = values;
        error = problems.Count == 0 ? string.Empty : $"Invalid arguments for {tool.Name}: {string.Join("; ", problems)}.";
        return problems.Count == 0;
    }

    private static string? Check(ToolArgument argument, JsonElement value)
    {
        var ok = argument.Type switch
        {
            ArgumentType.String => value.ValueKind == JsonValueKind.String,
            ArgumentType.Integer => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
            ArgumentType.Number => value.ValueKind == JsonValueKind.Number,
            ArgumentType.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            ArgumentType.Object => value.ValueKind == JsonValueKind.Object,
            _ => value.ValueKind == JsonValueKind.Array,
        };
        if (!ok)
        {
            return $"'{argument.Name}' must be {Expected(argument)}, got {Describe(value.ValueKind)}";
        }

        if (argument.AllowedValues is { } allowed && !allowed.Contains(value.GetString()))
        {
            return $"'{argument.Name}' must be {Expected(argument)}";
        }

        return null;
    }

    private static string Expected(ToolArgument argument) => argument.AllowedValues is { } allowed
        ? $"one of {string.Join(", ", allowed.Select(v => $"\"{v}\""))}"
        : argument.Type switch
        {
            ArgumentType.Integer => "an integer",
            ArgumentType.Array => "an array",
            ArgumentType.Object => "an object",
            _ => $"a {argument.TypeName}",
        };

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
