using System.Globalization;
using System.Text.Json;
using Waiaas.Mcp.Json;

namespace Waiaas.Mcp.Diagnostics;

/// <summary>
/// One operation (method + path template) of the daemon's OpenAPI document, with the allowances that apply to it:
/// the query parameters and body fields it declares, and the check of one concrete query and body against them.
/// </summary>
internal sealed class DaemonApiOperation
{
    private readonly List<QueryParameter> _query = [];
    private readonly JsonElement? _body;
    private readonly DaemonApiSchemas _schemas;

    internal DaemonApiOperation(
        JsonElement document, string method, string pathTemplate, JsonElement pathItem, JsonElement operation,
        IEnumerable<DaemonApiAllowance> allowances)
    {
        Method = method;
        PathTemplate = pathTemplate;
        var mine = allowances
            .Where(a => string.Equals(a.Method, method, StringComparison.OrdinalIgnoreCase)
                && a.PathTemplate == pathTemplate)
            .ToList();
        _schemas = new DaemonApiSchemas(document, [
            .. mine.Where(a => a.Kind != DaemonApiAllowanceKind.Query).Select(a => new DaemonApiSchemas.Addition(
                a.At, a.Kind == DaemonApiAllowanceKind.BodyField ? a.Name : null, DaemonApiSchemas.Parse(a.Schema))),
        ]);

        // Path-level parameters first; the operation's own override one of the same name.
        foreach (var source in new[] { pathItem, operation })
        {
            foreach (var parameter in Items(source, "parameters").Select(_schemas.Resolve))
            {
                if (JsonText.StringProperty(parameter, "in") == "query"
                    && JsonText.StringProperty(parameter, "name") is { } name)
                {
                    _query.RemoveAll(q => q.Name == name);
                    var schema = parameter.TryGetProperty("schema", out var s) ? s : DaemonApiSchemas.EmptyObject;
                    _query.Add(new QueryParameter(
                        name,
                        parameter.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True,
                        schema));
                }
            }
        }

        foreach (var allowance in mine.Where(
            a => a.Kind == DaemonApiAllowanceKind.Query && _query.All(q => q.Name != a.Name)))
        {
            _query.Add(new QueryParameter(allowance.Name, false, DaemonApiSchemas.Parse(allowance.Schema)));
        }

        if (operation.TryGetProperty("requestBody", out var requestBody)
            && _schemas.Resolve(requestBody) is { ValueKind: JsonValueKind.Object } resolved
            && resolved.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Object
            && content.TryGetProperty("application/json", out var json)
            && json.TryGetProperty("schema", out var bodySchema))
        {
            _body = bodySchema;
        }

        Segments = pathTemplate.Split('/');
    }

    /// <summary>Upper case, e.g. <c>GET</c>.</summary>
    public string Method { get; }

    /// <summary>As the document spells it, e.g. <c>/v1/wallets/{id}/networks</c>.</summary>
    public string PathTemplate { get; }

    /// <summary>True when the operation declares a JSON request body.</summary>
    public bool HasBody => _body is not null;

    /// <summary>The declared query parameter names, in the document's order.</summary>
    public IReadOnlyList<string> QueryNames => [.. _query.Select(q => q.Name)];

    internal string[] Segments { get; }

    public bool DeclaresQuery(string name) => _query.Any(q => q.Name == name);

    /// <summary>
    /// The enum values declared for query parameter <paramref name="name"/> (empty: any value of its type).
    /// </summary>
    public IReadOnlyList<string> QueryEnumValues(string name) =>
        _query.FirstOrDefault(q => q.Name == name) is { } parameter
            ? [.. DaemonApiSchemas.Allowed(_schemas.Resolve(parameter.Schema))?.Select(DaemonApiSchemas.Text) ?? []]
            : [];

    /// <summary>
    /// The body fields declared at <paramref name="fieldPath"/> (dotted, <c>""</c> for the top level; arrays are
    /// stepped through), by any branch.
    /// </summary>
    public IReadOnlyList<string> BodyFieldNames(string fieldPath = "") =>
        _body is { } body ? _schemas.FieldNames(body, fieldPath) : [];

    /// <summary>
    /// The enum values declared for the body field at <paramref name="fieldPath"/>, e.g. <c>token.standard</c>.
    /// </summary>
    public IReadOnlyList<string> BodyEnumValues(string fieldPath) =>
        _body is { } body ? _schemas.EnumValues(body, fieldPath) : [];

    /// <summary>
    /// The problems of a concrete query string (without <c>?</c>, still encoded) and body (empty: none).
    /// </summary>
    public IReadOnlyList<DaemonApiProblem> Check(string query, ReadOnlySpan<byte> body)
    {
        var problems = new List<DaemonApiProblem>();
        CheckQuery(query, problems);
        CheckBody(body, problems);
        return problems;
    }

    private void CheckQuery(string query, List<DaemonApiProblem> problems)
    {
        var given = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Decode(pair[(equals + 1)..]);
            given.Add(name);
            if (_query.FirstOrDefault(q => q.Name == name) is not { } parameter)
            {
                problems.Add(new(DaemonApiProblemKind.UndeclaredQuery, $"?{name}", QueryNames.Count == 0
                    ? "not declared (the operation declares no query parameters)"
                    : $"not declared (declared: {string.Join(", ", QueryNames)})"));
                continue;
            }

            CheckQueryValue(name, value, _schemas.Resolve(parameter.Schema), problems);
        }

        foreach (var parameter in _query.Where(q => q.Required && !given.Contains(q.Name)))
        {
            problems.Add(new(DaemonApiProblemKind.MissingRequired, $"?{parameter.Name}", "required"));
        }
    }

    private static void CheckQueryValue(string name, string value, JsonElement schema, List<DaemonApiProblem> problems)
    {
        var types = DaemonApiSchemas.Types(schema);
        var typed = types.Count == 0 || types.Any(type => type switch
        {
            "integer" => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            "number" => decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
            "boolean" => value is "true" or "false",
            _ => true,
        });
        if (!typed)
        {
            problems.Add(new(
                DaemonApiProblemKind.WrongType,
                $"?{name}",
                $"\"{value}\", expected {string.Join(" or ", types)}",
                value));
        }
        else if (DaemonApiSchemas.Allowed(schema) is { } allowed
            && !allowed.Select(DaemonApiSchemas.Text).Contains(value, StringComparer.Ordinal))
        {
            problems.Add(new(
                DaemonApiProblemKind.NotInEnum,
                $"?{name}",
                $"{value} is not {DaemonApiSchemas.OneOf(allowed.Select(DaemonApiSchemas.Text))}",
                value));
        }
    }

    private void CheckBody(ReadOnlySpan<byte> body, List<DaemonApiProblem> problems)
    {
        if (body.IsEmpty && _body is null)
        {
            return;
        }

        JsonElement root;
        try
        {
            // An operation with a body schema that gets no body is checked as if it got {} (required fields missing).
            root = body.IsEmpty ? DaemonApiSchemas.EmptyObject : ParseBody(body);
        }
        catch (JsonException ex)
        {
            problems.Add(new(DaemonApiProblemKind.BodyNotJson, "$", ex.Message));
            return;
        }

        if (_body is { } schema)
        {
            _schemas.Check(root, schema, "$", string.Empty, problems);
        }
        else if (root.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in root.EnumerateObject())
            {
                problems.Add(new(
                    DaemonApiProblemKind.UndeclaredField,
                    $"$.{property.Name}",
                    "not declared (the operation declares no request body)"));
            }
        }
        else
        {
            problems.Add(new(DaemonApiProblemKind.UndeclaredField, "$", "a body the operation does not declare"));
        }
    }

    private static JsonElement ParseBody(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        using var document = JsonDocument.ParseValue(ref reader);
        if (reader.Read())
        {
            throw new JsonException("Text after the JSON value.");
        }

        return document.RootElement.Clone();
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    private static IEnumerable<JsonElement> Items(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object
            && owner.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray()
            : [];

    private sealed record QueryParameter(string Name, bool Required, JsonElement Schema);
}
