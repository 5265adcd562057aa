using System.Text.Json.Nodes;
using Waiaas.Mcp.Diagnostics;

namespace Waiaas.Mcp.Tests.Contract;

/// <summary>
/// Routes the daemon serves outside its OpenAPI document. A request to one of them is checked against the tool's
/// catalog vectors instead: same method and path template as a vector of that tool, and only query names and body
/// fields (with their JSON types) that such a vector shows.
/// </summary>
internal static class UndocumentedRoutes
{
    /// <summary>The undocumented route <paramref name="path"/> falls under (the product's list, which doctor uses too), or null.</summary>
    public static UndocumentedDaemonRoutes.Route? Find(string path) => UndocumentedDaemonRoutes.Find(path);

    /// <summary>
    /// The problems of <paramref name="request"/>, sent by a call with <paramref name="arguments"/>, measured against the
    /// tool's vectors. A path segment that is an argument's value or the session's wallet counts as a parameter.
    /// </summary>
    public static IReadOnlyList<DaemonApiProblem> Check(
        IReadOnlyList<CatalogVector> vectors, string method, string pathAndQuery, string body, JsonObject arguments, string sessionWalletId)
    {
        var (path, query) = Split(pathAndQuery);
        var template = Template(path, arguments, sessionWalletId);
        var shown = vectors
            .SelectMany(v => v.Requests.Select(r => (Vector: v, Request: r)))
            .Where(x => x.Request.Method == method && Template(Split(x.Request.Url).Path, x.Vector.Args, sessionWalletId) == template)
            .Select(x => x.Request)
            .ToList();
        if (shown.Count == 0)
        {
            var known = vectors.SelectMany(v => v.Requests.Select(r => $"{r.Method} {Template(Split(r.Url).Path, v.Args, sessionWalletId)}")).Distinct();
            return [new(DaemonApiProblemKind.UnknownPath, template, $"no catalog vector of this tool sends {method} {template} (they send: {string.Join(", ", known)})")];
        }

        var problems = new List<DaemonApiProblem>();
        var shownNames = shown.SelectMany(r => QueryNames(Split(r.Url).Query)).ToHashSet(StringComparer.Ordinal);
        foreach (var name in QueryNames(query).Where(n => !shownNames.Contains(n)))
        {
            problems.Add(new(DaemonApiProblemKind.UndeclaredQuery, $"?{name}", $"no vector shows it (they show: {string.Join(", ", shownNames)})"));
        }

        var shownFields = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var vectorBody in shown.Select(r => r.Body).OfType<JsonNode>())
        {
            foreach (var (field, kind) in Fields(vectorBody, "$"))
            {
                (shownFields.TryGetValue(field, out var kinds) ? kinds : shownFields[field] = []).Add(kind);
            }
        }

        foreach (var (field, kind) in body.Length == 0 ? [] : Fields(JsonNode.Parse(body), "$"))
        {
            if (!shownFields.TryGetValue(field, out var kinds))
            {
                problems.Add(new(DaemonApiProblemKind.UndeclaredField, field, "no vector shows it"));
            }
            else if (!kinds.Contains(kind))
            {
                problems.Add(new(DaemonApiProblemKind.WrongType, field, $"{kind}, the vectors show {string.Join(" or ", kinds)}"));
            }
        }

        return problems;
    }

    private static (string Path, string Query) Split(string url)
    {
        var question = url.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? (url, string.Empty) : (url[..question], url[(question + 1)..]);
    }

    private static string Template(string path, JsonObject arguments, string sessionWalletId)
    {
        var values = arguments.Select(a => a.Value)
            .Where(v => v is JsonValue)
            .Select(v => v!.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString())
            .Append(sessionWalletId)
            .ToHashSet(StringComparer.Ordinal);
        return string.Join('/', path.Split('/').Select(segment =>
            segment == CatalogV2.WalletPlaceholder || (segment.Length > 0 && values.Contains(Uri.UnescapeDataString(segment))) ? "{}" : segment));
    }

    private static IEnumerable<string> QueryNames(string query) =>
        query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair => Uri.UnescapeDataString(pair.Split('=')[0]));

    /// <summary>Every field path of a JSON value (<c>$.a.b</c>, <c>$.list[]</c>) with its JSON type.</summary>
    private static IEnumerable<(string Field, string Kind)> Fields(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    var field = $"{path}.{name}";
                    yield return (field, Kind(value));
                    foreach (var nested in Fields(value, field))
                    {
                        yield return nested;
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    yield return ($"{path}[]", Kind(item));
                    foreach (var nested in Fields(item, $"{path}[]"))
                    {
                        yield return nested;
                    }
                }

                break;
        }
    }

    private static string Kind(JsonNode? node) => node?.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.Object => "object",
        System.Text.Json.JsonValueKind.Array => "array",
        System.Text.Json.JsonValueKind.String => "string",
        System.Text.Json.JsonValueKind.Number => "number",
        System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "boolean",
        _ => "null",
    };
}
