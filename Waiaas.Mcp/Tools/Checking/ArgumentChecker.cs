using System.Text.Json;
using System.Text.Json.Nodes;
using Waiaas.Mcp.Json;
using Waiaas.Mcp.Tools.Schema;

namespace Waiaas.Mcp.Tools.Checking;

/// <summary>
/// Checks a call's arguments against the tool's declaration, at every depth, then the tool's cross-argument rules. A
/// call with any problem never reaches the daemon; every problem is reported, each with its path and kind.
/// </summary>
internal static class ArgumentChecker
{
    /// <summary>The given arguments (an explicit null counts as not given) and everything wrong with them.</summary>
    public static CheckedCall Check(ToolDefinition tool, IDictionary<string, JsonElement>? arguments)
    {
        var given = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var notText = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<ArgumentProblem>();
        foreach (var (name, value) in arguments ?? new Dictionary<string, JsonElement>())
        {
            if (tool.FindArgument(name) is not { } argument)
            {
                problems.Add(
                    new ArgumentProblem(name, ProblemKind.Unknown) { Names = [.. tool.Arguments.Select(a => a.Name)] });
                continue;
            }

            if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                continue;
            }

            given[name] = value;
            var before = problems.Count;
            CheckValue(argument.Schema, value, name, problems);
            if (problems.Skip(before).Any(p => p.Kind == ProblemKind.InvalidText))
            {
                notText.Add(name);
            }

            if (problems.Count == before && argument.Location == ArgumentLocation.Path && !PathSegments.IsSafe(value))
            {
                problems.Add(new ArgumentProblem(name, ProblemKind.NotAPathSegment));
            }
        }

        foreach (var argument in tool.Arguments.Where(a => a.IsRequired && !given.ContainsKey(a.Name)))
        {
            problems.Add(new ArgumentProblem(argument.Name, ProblemKind.Required) { Schema = argument.Schema });
        }

        // The rules read the values they compare: never one holding a string that is not text.
        var readable = notText.Count == 0
            ? given
            : given.Where(p => !notText.Contains(p.Key)).ToDictionary(StringComparer.Ordinal);
        foreach (var rule in tool.Rules)
        {
            rule.Check(readable, problems);
        }

        return new CheckedCall(given, problems);
    }

    /// <summary>
    /// Arguments the SDK could not read because a string in them is not text (<see cref="JsonText.FindUnreadable"/>):
    /// checked like any others from their raw form, so each such value is named; a property name that does not read
    /// is the one problem reported, since nothing about the object holding it can be read.
    /// </summary>
    public static CheckedCall Check(ToolDefinition tool, JsonObject unreadArguments)
    {
        if (JsonText.FindUnreadable(unreadArguments) is { IsName: true } name)
        {
            return new CheckedCall(
                new Dictionary<string, JsonElement>(), [new ArgumentProblem(name.Path, ProblemKind.InvalidName)]);
        }

        return Check(
            tool,
            JsonText.ReadRaw(unreadArguments).EnumerateObject().ToDictionary(p => p.Name, p => p.Value));
    }

    private static void CheckValue(SchemaNode schema, JsonElement value, string path, List<ArgumentProblem> problems)
    {
        // Whatever the schema, a string that is not text is refused as such: no reader downstream could turn it
        // into the value the caller meant, and a repaired one would not be it.
        if (value.ValueKind == JsonValueKind.String && !JsonText.TryGetString(value, out _))
        {
            problems.Add(new ArgumentProblem(path, ProblemKind.InvalidText));
            return;
        }

        switch (schema.Type)
        {
            case SchemaType.Any:
                CheckText(value, path, problems);
                return;
            case SchemaType.AnyOf:
                if (!(schema.Alternatives ?? []).Any(alternative => Passes(alternative, value, path)))
                {
                    problems.Add(
                        new ArgumentProblem(path, ProblemKind.WrongType) { Schema = schema, Given = value.ValueKind });
                }

                return;
            case SchemaType.Const:
                if (!JsonElement.DeepEquals(value, JsonDocument.Parse(schema.ConstJson ?? "null").RootElement))
                {
                    problems.Add(new ArgumentProblem(path, ProblemKind.NotAllowed) { Schema = schema });
                }

                return;
        }

        if (!HasType(schema.Type, value))
        {
            problems.Add(new ArgumentProblem(path, ProblemKind.WrongType) { Schema = schema, Given = value.ValueKind });
            return;
        }

        switch (schema.Type)
        {
            case SchemaType.String:
                CheckString(schema, value, path, problems);
                break;
            case SchemaType.Integer or SchemaType.Number:
                CheckNumber(schema, value, path, problems);
                break;
            case SchemaType.Array:
                CheckArray(schema, value, path, problems);
                break;
            case SchemaType.Object:
                CheckObject(schema, value, path, problems);
                break;
        }
    }

    private static bool Passes(SchemaNode schema, JsonElement value, string path)
    {
        var problems = new List<ArgumentProblem>();
        CheckValue(schema, value, path, problems);
        return problems.Count == 0;
    }

    private static void CheckString(SchemaNode schema, JsonElement value, string path, List<ArgumentProblem> problems)
    {
        // Text by now (CheckValue refused a string that is not).
        var text = value.GetString() ?? string.Empty;
        var problem = schema switch
        {
            { AllowedStrings: { } allowed } when !allowed.Contains(text, StringComparer.Ordinal) =>
                ProblemKind.NotAllowed,
            { MinLength: { } min } when text.Length < min => ProblemKind.TooShort,
            { MaxLength: { } max } when text.Length > max => ProblemKind.TooLong,
            { Format: "uri" } when !IsAbsoluteUri(text) => ProblemKind.NotAbsoluteUri,
            { PatternRegex: { } regex } when !Matches(regex, text) => ProblemKind.PatternMismatch,
            _ => (ProblemKind?)null,
        };
        if (problem is { } kind)
        {
            // Echoed to help the model correct itself, unless long or holding something that looks like a session
            // token.
            var echo = text.Length <= 64 && !text.Contains(Session.SessionToken.Prefix, StringComparison.Ordinal);
            problems.Add(new ArgumentProblem(path, kind) { Schema = schema, GivenText = echo ? text : null });
        }
    }

    private static void CheckNumber(SchemaNode schema, JsonElement value, string path, List<ArgumentProblem> problems)
    {
        var number = value.GetDouble();
        var allowed = schema.AllowedIntegers is not { } integers || integers.Any(i => i == number);
        var inRange = !(number < schema.Minimum || number > schema.Maximum || number <= schema.ExclusiveMinimum);
        if (!allowed || !inRange)
        {
            problems.Add(new ArgumentProblem(path, allowed ? ProblemKind.OutOfRange : ProblemKind.NotAllowed)
            {
                Schema = schema,
                GivenText = value.GetRawText(),
            });
        }
    }

    private static void CheckArray(SchemaNode schema, JsonElement value, string path, List<ArgumentProblem> problems)
    {
        var count = value.GetArrayLength();
        if (count < schema.MinItems || count > schema.MaxItems)
        {
            problems.Add(new ArgumentProblem(path, ProblemKind.WrongItemCount)
            {
                Schema = schema,
                GivenText = count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
            return;
        }

        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            CheckValue(schema.Items ?? Schemas.AnyValue, item, $"{path}[{index++}]", problems);
        }
    }

    private static void CheckObject(SchemaNode schema, JsonElement value, string path, List<ArgumentProblem> problems)
    {
        if (schema.Properties is not { } properties)
        {
            foreach (var property in value.EnumerateObject())
            {
                CheckValue(schema.Values ?? Schemas.AnyValue, property.Value, $"{path}.{property.Name}", problems);
            }

            return;
        }

        var given = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            var propertyPath = $"{path}.{property.Name}";
            if (properties.FirstOrDefault(p => p.Name == property.Name) is not { } declared)
            {
                problems.Add(new ArgumentProblem(propertyPath, ProblemKind.Unknown)
                {
                    Names = [.. properties.Select(p => p.Name)],
                });
                continue;
            }

            if (property.Value.ValueKind != JsonValueKind.Null)
            {
                given.Add(property.Name);
                CheckValue(declared.Schema, property.Value, propertyPath, problems);
            }
        }

        foreach (var property in properties.Where(p => p.IsRequired && !given.Contains(p.Name)))
        {
            problems.Add(
                new ArgumentProblem($"{path}.{property.Name}", ProblemKind.Required) { Schema = property.Schema });
        }

        if (schema.AtLeastOneOf is { Count: > 0 } oneOf && !oneOf.Any(given.Contains))
        {
            problems.Add(new ArgumentProblem(path, ProblemKind.NoneOfGiven) { Names = oneOf });
        }
    }

    /// <summary>
    /// Strings anywhere inside a value of any shape must be real text too: the body is written from them.
    /// </summary>
    private static void CheckText(JsonElement value, string path, List<ArgumentProblem> problems)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String when !JsonText.TryGetString(value, out _):
                problems.Add(new ArgumentProblem(path, ProblemKind.InvalidText));
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    CheckText(item, $"{path}[{index++}]", problems);
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    CheckText(property.Value, $"{path}.{property.Name}", problems);
                }

                break;
        }
    }

    private static bool HasType(SchemaType type, JsonElement value) => type switch
    {
        SchemaType.String => value.ValueKind == JsonValueKind.String,
        SchemaType.Integer => value.ValueKind == JsonValueKind.Number
            && value.TryGetDouble(out var d) && Math.Floor(d) == d && double.IsFinite(d),
        SchemaType.Number =>
            value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var n) && double.IsFinite(n),
        SchemaType.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        SchemaType.Object => value.ValueKind == JsonValueKind.Object,
        SchemaType.Array => value.ValueKind == JsonValueKind.Array,
        _ => true,
    };

    private static bool Matches(System.Text.RegularExpressions.Regex regex, string text)
    {
        try
        {
            return regex.IsMatch(text);
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            // A pattern too costly to judge here is left to the daemon.
            return true;
        }
    }

    /// <summary>
    /// An absolute URI written with its scheme (on Unix, .NET also reads "/path" as an absolute file URI).
    /// </summary>
    private static bool IsAbsoluteUri(string text) =>
        System.Uri.TryCreate(text, UriKind.Absolute, out var uri)
            && text.StartsWith(uri.Scheme + ":", StringComparison.OrdinalIgnoreCase);
}

/// <summary>The outcome of <see cref="ArgumentChecker.Check"/>.</summary>
internal sealed record CheckedCall(
    IReadOnlyDictionary<string, JsonElement> Arguments, IReadOnlyList<ArgumentProblem> Problems)
{
    public bool IsValid => Problems.Count == 0;
}
