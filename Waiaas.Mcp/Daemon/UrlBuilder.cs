using System.Text;

namespace Waiaas.Mcp.Daemon;

/// <summary>
/// Builds daemon paths and query strings from untrusted values. Every value placed in a path segment is
/// percent-encoded, dots included, so "../admin" or "%2e%2e" can never become another endpoint.
/// </summary>
internal static class UrlBuilder
{
    /// <summary>
    /// Encodes <paramref name="value"/> as one path segment: only unreserved letters, digits, '-', '_' and '~' stay
    /// literal.
    /// </summary>
    public static string EncodePathSegment(string value)
    {
        var escaped = Uri.EscapeDataString(value);
        // EscapeDataString keeps '.', and a segment of dots is a relative path step for any URL parser on the way.
        return escaped.Replace(".", "%2E", StringComparison.Ordinal);
    }

    /// <summary>Appends <c>name=value</c> pairs, form-encoded, in the order given; null values are left out.</summary>
    public static string AppendQuery(string path, IEnumerable<KeyValuePair<string, string?>> parameters)
    {
        var builder = new StringBuilder(path);
        var separator = '?';
        foreach (var (name, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }

            builder.Append(separator)
                .Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return builder.ToString();
    }
}
