using System.Text.Json;
using Waiaas.Mcp.Json;

namespace Waiaas.Mcp.Diagnostics;

/// <summary>
/// The daemon's OpenAPI document (<c>GET /doc</c>) as questions a caller asks of it: does an operation exist for a
/// method and path (a template such as <c>/v1/wallets/{walletId}/networks</c>, or a concrete path: a segment matches a
/// <c>{param}</c>); which query parameters, body fields and enum values does it declare; and what is wrong with one
/// concrete request. <paramref name="allowances"/> adds what the daemon reads without declaring it.
/// </summary>
internal sealed class DaemonApi
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options"];

    private readonly List<DaemonApiOperation> _operations;

    private DaemonApi(string? version, List<DaemonApiOperation> operations)
    {
        Version = version;
        _operations = operations;
    }

    /// <summary>The document's <c>info.version</c> (the daemon's version), when it has one.</summary>
    public string? Version { get; }

    public IReadOnlyList<DaemonApiOperation> Operations => _operations;

    /// <summary>
    /// Reads a document; <see cref="FormatException"/> when it is JSON but no OpenAPI document (no <c>paths</c>).
    /// </summary>
    public static DaemonApi Parse(ReadOnlySpan<byte> json, IReadOnlyList<DaemonApiAllowance>? allowances = null)
    {
        var reader = new Utf8JsonReader(json);
        using var parsed = JsonDocument.ParseValue(ref reader);
        var document = parsed.RootElement.Clone();
        if (document.ValueKind != JsonValueKind.Object
            || !document.TryGetProperty("paths", out var paths) || paths.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("The document has no 'paths' object: it is not an OpenAPI document.");
        }

        var version = document.TryGetProperty("info", out var info) ? JsonText.StringProperty(info, "version") : null;

        var operations = new List<DaemonApiOperation>();
        foreach (var path in paths.EnumerateObject())
        {
            if (path.Value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var method in Methods)
            {
                if (path.Value.TryGetProperty(method, out var operation) && operation.ValueKind == JsonValueKind.Object)
                {
                    operations.Add(new DaemonApiOperation(
                        document, method.ToUpperInvariant(), path.Name, path.Value, operation, allowances ?? []));
                }
            }
        }

        return new DaemonApi(version, operations);
    }

    /// <summary>
    /// The operation for <paramref name="method"/> and <paramref name="path"/> (no query string; concrete segments
    /// percent-encoded or not, or <c>{name}</c> placeholders, which match only a <c>{param}</c>); a literal segment of
    /// the document wins over a <c>{param}</c> (<c>/v1/transactions/pending</c> before <c>/v1/transactions/{id}</c>).
    /// </summary>
    public DaemonApiOperation? FindOperation(string method, string path) =>
        Candidates(path).FirstOrDefault(o => string.Equals(o.Method, method, StringComparison.OrdinalIgnoreCase));

    /// <summary>True when some operation, of any method, has <paramref name="path"/>.</summary>
    public bool HasPath(string path) => Candidates(path).Any();

    /// <summary>
    /// The problems of one concrete request: <paramref name="pathAndQuery"/> as sent (encoded), its body bytes (empty:
    /// none).
    /// </summary>
    public IReadOnlyList<DaemonApiProblem> Check(string method, string pathAndQuery, ReadOnlySpan<byte> body)
    {
        var question = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? pathAndQuery : pathAndQuery[..question];
        var query = question < 0 ? string.Empty : pathAndQuery[(question + 1)..];
        if (FindOperation(method, path) is { } operation)
        {
            return operation.Check(query, body);
        }

        return HasPath(path)
            ? [new(DaemonApiProblemKind.UnknownMethod, path, $"no {method.ToUpperInvariant()} operation (the path "
                + $"has {string.Join(", ", Candidates(path).Select(o => o.Method).Distinct())})")]
            : [new(DaemonApiProblemKind.UnknownPath, path, "no operation has this path")];
    }

    /// <summary>The operations whose template matches <paramref name="path"/>, the most literal first.</summary>
    private IEnumerable<DaemonApiOperation> Candidates(string path)
    {
        var segments = path.Split('/').Select(s => IsPlaceholder(s) ? s : Uri.UnescapeDataString(s)).ToArray();
        return _operations
            .Where(o => o.Segments.Length == segments.Length
                && o.Segments.Zip(segments).All(p => Matches(p.First, p.Second)))
            .OrderByDescending(o => Literalness(o.Segments), StringComparer.Ordinal);
    }

    private static bool Matches(string template, string segment) =>
        IsPlaceholder(template) ? segment.Length > 0 : !IsPlaceholder(segment) && template == segment;

    private static bool IsPlaceholder(string segment) => segment.Length > 2 && segment[0] == '{' && segment[^1] == '}';

    /// <summary>'1' per literal segment, '0' per parameter: ordinal order puts the earliest literal first.</summary>
    private static string Literalness(string[] segments) =>
        string.Concat(segments.Select(s => IsPlaceholder(s) ? '0' : '1'));
}
