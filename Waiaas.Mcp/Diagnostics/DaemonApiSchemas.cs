using System.Text.Json;

namespace Waiaas.Mcp.Diagnostics;

/// <summary>
/// Reads and checks JSON values against the schemas of one operation's request body. Resolves local <c>$ref</c>s,
/// expands <c>allOf</c> (every part holds) and <c>oneOf</c>/<c>anyOf</c> (one branch holds) into alternatives, and
/// adds the operation's allowances at their field paths. A union is decided by a discriminator when the branches have
/// one (a field that each branch fixes to its own single value, such as <c>type</c>); otherwise a value passes when
/// some branch accepts it, and a field must be declared by some branch.
/// </summary>
internal sealed class DaemonApiSchemas(JsonElement document, IReadOnlyList<DaemonApiSchemas.Addition> additions)
{
    /// <summary>
    /// A field (<see cref="Field"/> set) or a union branch (<see cref="Field"/> null) added at field path
    /// <see cref="At"/>.
    /// </summary>
    internal sealed record Addition(string At, string? Field, JsonElement Schema);

    /// <summary>Bounds <c>$ref</c> chains and nesting, so a cyclic document cannot loop.</summary>
    private const int MaxDepth = 32;

    private static readonly string[] UnionKeywords = ["oneOf", "anyOf"];

    /// <summary><c>{}</c>: as a schema, any value; as a body, one without fields.</summary>
    public static JsonElement EmptyObject { get; } = Parse("{}");

    public static JsonElement Parse(string json)
    {
        using var parsed = JsonDocument.Parse(json);
        return parsed.RootElement.Clone();
    }

    /// <summary>
    /// Follows <c>$ref</c>s (<c>#/...</c> pointers into the document); an unresolvable one is an unconstrained schema.
    /// </summary>
    public JsonElement Resolve(JsonElement schema)
    {
        for (var depth = 0; depth < MaxDepth; depth++)
        {
            if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("$ref", out var reference))
            {
                return schema;
            }

            if (reference.GetString() is not { } pointer || !TryPointer(pointer, out schema))
            {
                return EmptyObject;
            }
        }

        return EmptyObject;
    }

    /// <summary>
    /// Adds to <paramref name="problems"/> what is wrong with <paramref name="value"/> at JSON path
    /// <paramref name="where"/>.
    /// </summary>
    public void Check(JsonElement value, JsonElement schema, string where, string at, List<DaemonApiProblem> problems)
    {
        var alternatives = Alternatives(schema, at);
        if (alternatives.Count == 1)
        {
            CheckAll(value, alternatives[0], where, at, problems);
            return;
        }

        if (value.ValueKind == JsonValueKind.Object && Discriminator(alternatives) is { } discriminator)
        {
            var selected = Select(value, alternatives, discriminator, where, problems);
            if (selected.Count <= 1)
            {
                if (selected.Count == 1)
                {
                    CheckBranch(value, selected[0], alternatives, discriminator, where, at, problems);
                }

                return;
            }

            alternatives = selected;
        }

        CheckUnion(value, alternatives, where, at, problems);
    }

    /// <summary>
    /// The field names declared at <paramref name="fieldPath"/> (dotted; arrays are stepped through), by any branch.
    /// </summary>
    public IReadOnlyList<string> FieldNames(JsonElement schema, string fieldPath)
    {
        var (schemas, at) = SchemasAt(schema, fieldPath);
        var names = new List<string>();
        foreach (var alternative in schemas.SelectMany(s => Alternatives(s, at)))
        {
            foreach (var name in Declared(alternative, at).Fields.Keys)
            {
                if (!names.Contains(name))
                {
                    names.Add(name);
                }
            }
        }

        return names;
    }

    /// <summary>The enum (or const) values declared for the field at <paramref name="fieldPath"/>, as text.</summary>
    public IReadOnlyList<string> EnumValues(JsonElement schema, string fieldPath)
    {
        var (schemas, at) = SchemasAt(schema, fieldPath);
        var values = new List<string>();
        foreach (var part in schemas.SelectMany(s => Alternatives(s, at)).SelectMany(a => a))
        {
            foreach (var allowed in Allowed(part) ?? [])
            {
                var text = Text(allowed);
                if (!values.Contains(text))
                {
                    values.Add(text);
                }
            }
        }

        return values;
    }

    /// <summary>A JSON value as a query string or a message shows it: strings bare, anything else as JSON.</summary>
    public static string Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    /// <summary>The enum values of a schema, its const as the only value, or null when it has neither.</summary>
    public static IReadOnlyList<JsonElement>? Allowed(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (schema.TryGetProperty("const", out var constant))
        {
            return [constant];
        }

        return schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array
            ? [.. values.EnumerateArray()]
            : null;
    }

    /// <summary>
    /// The declared type names of a schema (<c>type</c> as a string or an array), empty when any type goes.
    /// </summary>
    public static IReadOnlyList<string> Types(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("type", out var type))
        {
            return [];
        }

        return type.ValueKind switch
        {
            JsonValueKind.String => [type.GetString()!],
            JsonValueKind.Array =>
                [.. type.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!)],
            _ => [],
        };
    }

    private List<JsonElement[]> Alternatives(JsonElement schema, string at)
    {
        var alternatives = Expand(schema, 0);
        foreach (var addition in additions)
        {
            if (addition.Field is null && addition.At == at)
            {
                alternatives.AddRange(Expand(addition.Schema, 0));
            }
        }

        return alternatives;
    }

    private List<JsonElement[]> Expand(JsonElement schema, int depth)
    {
        var node = Resolve(schema);
        List<JsonElement[]> result = [[node]];
        if (depth >= MaxDepth || node.ValueKind != JsonValueKind.Object)
        {
            return result;
        }

        if (node.TryGetProperty("allOf", out var parts) && parts.ValueKind == JsonValueKind.Array)
        {
            foreach (var part in parts.EnumerateArray())
            {
                result = Cross(result, Expand(part, depth + 1));
            }
        }

        foreach (var keyword in UnionKeywords)
        {
            if (node.TryGetProperty(keyword, out var branches) && branches.ValueKind == JsonValueKind.Array)
            {
                var union = branches.EnumerateArray().SelectMany(branch => Expand(branch, depth + 1)).ToList();
                if (union.Count > 0)
                {
                    result = Cross(result, union);
                }
            }
        }

        return result;
    }

    private static List<JsonElement[]> Cross(List<JsonElement[]> left, List<JsonElement[]> right) =>
        [.. left.SelectMany(l => right.Select(r => (JsonElement[])[.. l, .. r]))];

    /// <summary>Checks a value against every part of one alternative.</summary>
    private void CheckAll(
        JsonElement value,
        JsonElement[] parts,
        string where,
        string at,
        List<DaemonApiProblem> problems,
        Branch? branch = null)
    {
        if (value.ValueKind == JsonValueKind.Null && parts.Any(IsNullable))
        {
            return;
        }

        if (!AcceptsType(parts, value))
        {
            problems.Add(new(
                DaemonApiProblemKind.WrongType,
                where,
                $"{Describe(value)}, expected {string.Join(" and ", parts.SelectMany(Types).Distinct())}",
                Text(value)));
            return;
        }

        foreach (var part in parts)
        {
            if (Allowed(part) is { } allowed && !allowed.Any(a => JsonElement.DeepEquals(a, value)))
            {
                problems.Add(new(
                    DaemonApiProblemKind.NotInEnum,
                    where,
                    $"{Text(value)} is not {OneOf(allowed.Select(Text))}",
                    Text(value)));
                return;
            }
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            CheckObject(value, parts, where, at, problems, branch);
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var part in parts)
            {
                if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("items", out var items))
                {
                    var index = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        Check(item, items, $"{where}[{index++}]", at, problems);
                    }
                }
            }
        }
    }

    private void CheckObject(
        JsonElement value,
        JsonElement[] parts,
        string where,
        string at,
        List<DaemonApiProblem> problems,
        Branch? branch)
    {
        var declared = Declared(parts, at);
        foreach (var property in value.EnumerateObject())
        {
            var path = $"{where}.{property.Name}";
            var fieldAt = Join(at, property.Name);
            var schemas = declared.Fields.GetValueOrDefault(property.Name) ?? declared.Others;
            if (schemas is not null)
            {
                foreach (var schema in schemas)
                {
                    Check(property.Value, schema, path, fieldAt, problems);
                }
            }
            else
            {
                problems.Add(new(DaemonApiProblemKind.UndeclaredField, path, Undeclared(declared.Fields.Keys)));
            }
        }

        foreach (var name in Required(parts))
        {
            if (!value.TryGetProperty(name, out _))
            {
                problems.Add(branch is not null && !branch.SharedRequired.Contains(name)
                    ? new(
                        DaemonApiProblemKind.MissingRequiredByBranch,
                        $"{where}.{name}",
                        $"required when {branch.Selection}")
                    : new(DaemonApiProblemKind.MissingRequired, $"{where}.{name}", "required"));
            }
        }
    }

    /// <summary>
    /// Checks the one branch the discriminator chose; a missing field only that branch requires is told apart.
    /// </summary>
    private void CheckBranch(
        JsonElement value, JsonElement[] branch, List<JsonElement[]> alternatives, string discriminator, string where,
        string at, List<DaemonApiProblem> problems)
    {
        var shared = RequiredByAll(alternatives);
        var selection = value.TryGetProperty(discriminator, out var tag)
            ? $"{discriminator} is {Text(tag)}"
            : $"{discriminator} is absent";
        CheckAll(value, branch, where, at, problems, new Branch(selection, shared));
    }

    /// <summary>
    /// No discriminator decides: the value passes when one branch accepts it; else a field must be declared by some
    /// branch.
    /// </summary>
    private void CheckUnion(
        JsonElement value, List<JsonElement[]> alternatives, string where, string at, List<DaemonApiProblem> problems)
    {
        var trials = alternatives.Select(alternative =>
        {
            var found = new List<DaemonApiProblem>();
            CheckAll(value, alternative, where, at, found);
            return found;
        }).ToList();
        if (trials.Any(t => t.Count == 0))
        {
            return;
        }

        var fitting = Enumerable.Range(0, alternatives.Count).Where(i => AcceptsType(alternatives[i], value)).ToList();
        if (fitting.Count == 0)
        {
            var expected = alternatives.SelectMany(a => a.SelectMany(Types)).Distinct();
            problems.Add(new(
                DaemonApiProblemKind.WrongType,
                where,
                $"{Describe(value)}, expected {string.Join(" or ", expected)}",
                Text(value)));
            return;
        }

        if (value.ValueKind != JsonValueKind.Object || fitting.Count == 1)
        {
            problems.AddRange(trials[fitting[0]]);
            return;
        }

        var branches = fitting.Select(i => Declared(alternatives[i], at)).ToList();
        foreach (var property in value.EnumerateObject())
        {
            var path = $"{where}.{property.Name}";
            var declaring = branches
                .Select(b => b.Fields.TryGetValue(property.Name, out var schemas) ? schemas : b.Others)
                .OfType<List<JsonElement>>()
                .ToList();
            if (declaring.Count == 0)
            {
                problems.Add(new(DaemonApiProblemKind.UndeclaredField, path, "declared by no branch"));
                continue;
            }

            var fieldTrials = declaring.Select(schemas =>
            {
                var found = new List<DaemonApiProblem>();
                foreach (var schema in schemas)
                {
                    Check(property.Value, schema, path, Join(at, property.Name), found);
                }

                return found;
            }).ToList();
            if (!fieldTrials.Any(t => t.Count == 0))
            {
                problems.AddRange(fieldTrials[0]);
            }
        }

        var requiredByAll = RequiredByAll(fitting.Select(i => alternatives[i]));
        foreach (var name in Required(alternatives[fitting[0]]).Where(requiredByAll.Contains))
        {
            if (!value.TryGetProperty(name, out _))
            {
                problems.Add(new(DaemonApiProblemKind.MissingRequired, $"{where}.{name}", "required by every branch"));
            }
        }
    }

    /// <summary>The first field that at least two branches fix, each to its own single value.</summary>
    private string? Discriminator(List<JsonElement[]> alternatives)
    {
        var tags = new List<(string Name, JsonElement Value)>();
        foreach (var alternative in alternatives)
        {
            tags.AddRange(Tags(alternative));
        }

        return tags.GroupBy(t => t.Name, StringComparer.Ordinal)
            .FirstOrDefault(g => g.Select(t => t.Value.GetRawText()).Distinct(StringComparer.Ordinal).Count() >= 2)
            ?.Key;
    }

    /// <summary>
    /// The branches the discriminator's value selects (without it: the branches that do not require it).
    /// </summary>
    private List<JsonElement[]> Select(
        JsonElement value,
        List<JsonElement[]> alternatives,
        string discriminator,
        string where,
        List<DaemonApiProblem> problems)
    {
        var path = $"{where}.{discriminator}";
        if (!value.TryGetProperty(discriminator, out var tag))
        {
            var untagged = alternatives.Where(a => !Required(a).Contains(discriminator)).ToList();
            if (untagged.Count == 0)
            {
                problems.Add(new(DaemonApiProblemKind.MissingRequired, path, "required: it selects the branch"));
            }

            return untagged;
        }

        var selected = alternatives.Where(
            a => Tags(a).Any(t => t.Name == discriminator && JsonElement.DeepEquals(t.Value, tag))).ToList();
        if (selected.Count == 0)
        {
            var known = alternatives.SelectMany(Tags)
                .Where(t => t.Name == discriminator).Select(t => Text(t.Value)).Distinct();
            problems.Add(new(DaemonApiProblemKind.NotInEnum, path, $"{Text(tag)} is not {OneOf(known)}", Text(tag)));
        }

        return selected;
    }

    /// <summary>Fields an alternative fixes to a single value (a one-value enum or a const).</summary>
    private IEnumerable<(string Name, JsonElement Value)> Tags(JsonElement[] alternative)
    {
        foreach (var part in alternative)
        {
            if (part.ValueKind == JsonValueKind.Object
                && part.TryGetProperty("properties", out var properties)
                && properties.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in properties.EnumerateObject())
                {
                    if (Allowed(Resolve(property.Value)) is [var single])
                    {
                        yield return (property.Name, single);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The fields one alternative declares at <paramref name="at"/> (allowances included), and the schemas other fields
    /// must match (<see cref="DeclaredFields.Others"/>: additionalProperties, or any field of an object that declares
    /// none).
    /// </summary>
    private DeclaredFields Declared(JsonElement[] parts, string at)
    {
        var fields = new Dictionary<string, List<JsonElement>>(StringComparer.Ordinal);
        List<JsonElement>? others = null;
        var closed = false;
        foreach (var part in parts)
        {
            if (part.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            if (part.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
            {
                closed = true;
                foreach (var property in properties.EnumerateObject())
                {
                    Add(fields, property.Name, property.Value);
                }
            }

            if (part.TryGetProperty("additionalProperties", out var extra))
            {
                switch (extra.ValueKind)
                {
                    case JsonValueKind.False:
                        closed = true;
                        break;
                    case JsonValueKind.True:
                        (others ??= []).Add(EmptyObject);
                        break;
                    case JsonValueKind.Object:
                        (others ??= []).Add(extra);
                        break;
                }
            }
        }

        foreach (var addition in additions)
        {
            if (addition.Field is { } name && addition.At == at)
            {
                closed = true;
                Add(fields, name, addition.Schema);
            }
        }

        return new DeclaredFields(fields, others ?? (closed ? null : [EmptyObject]));

        static void Add(Dictionary<string, List<JsonElement>> fields, string name, JsonElement schema)
        {
            if (!fields.TryGetValue(name, out var list))
            {
                fields[name] = list = [];
            }

            list.Add(schema);
        }
    }

    private static IEnumerable<string> Required(JsonElement[] parts) =>
        parts.Where(p => p.ValueKind == JsonValueKind.Object
                && p.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.Array)
            .SelectMany(p => p.GetProperty("required").EnumerateArray())
            .Where(r => r.ValueKind == JsonValueKind.String)
            .Select(r => r.GetString()!)
            .Distinct(StringComparer.Ordinal);

    private static HashSet<string> RequiredByAll(IEnumerable<JsonElement[]> alternatives) =>
        alternatives.Select(a => Required(a).ToHashSet(StringComparer.Ordinal))
            .Aggregate((all, next) => [.. all.Intersect(next)]);

    /// <summary>
    /// The schemas describing the value at <paramref name="fieldPath"/>, arrays stepped through, and that path's
    /// allowance key.
    /// </summary>
    private (List<JsonElement> Schemas, string At) SchemasAt(JsonElement schema, string fieldPath)
    {
        var current = new List<JsonElement> { schema };
        var at = string.Empty;
        foreach (var segment in fieldPath.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = new List<JsonElement>();
            foreach (var alternative in current.SelectMany(s => Alternatives(s, at)))
            {
                if (Declared(alternative, at).Fields.TryGetValue(segment, out var schemas))
                {
                    next.AddRange(schemas);
                }
            }

            at = Join(at, segment);
            current = [.. next.SelectMany(s => ThroughArrays(s, 0))];
        }

        return (current, at);
    }

    private IEnumerable<JsonElement> ThroughArrays(JsonElement schema, int depth)
    {
        var items = Expand(schema, 0).SelectMany(a => a)
            .Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("items", out _))
            .Select(p => p.GetProperty("items"))
            .ToList();
        return items.Count == 0 || depth >= MaxDepth ? [schema] : items.SelectMany(i => ThroughArrays(i, depth + 1));
    }

    private static bool AcceptsType(JsonElement[] parts, JsonElement value) =>
        parts.All(part => Types(part) is not { Count: > 0 } types || types.Any(type => IsOfType(type, value)));

    private static bool IsOfType(string type, JsonElement value) => type switch
    {
        "string" => value.ValueKind == JsonValueKind.String,
        "integer" => value.ValueKind == JsonValueKind.Number && IsIntegral(value),
        "number" => value.ValueKind == JsonValueKind.Number,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => true,
    };

    /// <summary>
    /// A whole number, as the daemon's zod <c>int()</c> sees it (<c>7</c> and <c>7.0</c>, not <c>7.5</c>).
    /// </summary>
    private static bool IsIntegral(JsonElement number) =>
        number.TryGetDecimal(out var value)
            ? value == decimal.Truncate(value)
            : number.GetRawText().IndexOfAny(['.', 'e', 'E']) < 0;

    private static bool IsNullable(JsonElement part) =>
        part.ValueKind == JsonValueKind.Object
            && part.TryGetProperty("nullable", out var nullable) && nullable.ValueKind == JsonValueKind.True;

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"string \"{value.GetString()}\"",
        JsonValueKind.Number => $"number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"boolean {value.GetRawText()}",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "null",
    };

    private static string Undeclared(IEnumerable<string> declared) =>
        declared.Any()
            ? $"not declared (declared: {string.Join(", ", declared)})"
            : "not declared (the object declares no fields)";

    /// <summary>"one of a, b, c", the list cut after a few values so a problem stays one readable line.</summary>
    public static string OneOf(IEnumerable<string> values)
    {
        const int Shown = 6;
        var all = values.ToList();
        return all.Count <= Shown
            ? $"one of {string.Join(", ", all)}"
            : $"one of {string.Join(", ", all.Take(Shown))}, … ({all.Count} values)";
    }

    private static string Join(string at, string name) => at.Length == 0 ? name : $"{at}.{name}";

    private bool TryPointer(string pointer, out JsonElement target)
    {
        target = document;
        if (!pointer.StartsWith("#/", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var raw in pointer[2..].Split('/'))
        {
            var name = Uri.UnescapeDataString(raw)
                .Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (target.ValueKind != JsonValueKind.Object || !target.TryGetProperty(name, out target))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The branch a discriminator chose (<c>type is TRANSFER</c>) and the fields every branch requires.
    /// </summary>
    private sealed record Branch(string Selection, HashSet<string> SharedRequired);

    private sealed record DeclaredFields(Dictionary<string, List<JsonElement>> Fields, List<JsonElement>? Others);
}
