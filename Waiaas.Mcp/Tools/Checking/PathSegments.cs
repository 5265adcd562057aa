using System.Text.Json;

namespace Waiaas.Mcp.Tools.Checking;

/// <summary>
/// Whether a value may become one URL path segment. Percent-encoding is not enough for dot segments: the daemon builds
/// a WHATWG URL from the raw path, which collapses <c>%2E</c> and <c>%2E%2E</c> like <c>.</c> and <c>..</c>, so such a
/// request would reach another endpoint. An empty segment turns <c>/v1/transactions/{id}</c> into another route, and a
/// NUL or line break, even encoded, truncates or splits paths in some HTTP stacks; no id holds either.
/// </summary>
internal static class PathSegments
{
    public static bool IsSafe(JsonElement value) =>
        value.ValueKind != JsonValueKind.String || Json.JsonText.TryGetString(value, out var text) && IsSafe(text);

    public static bool IsSafe(string text) => text.Length > 0 && !text.Any(char.IsControl) && !IsDotSegment(text);

    /// <summary>
    /// True for <c>.</c> or <c>..</c> written plainly or percent-encoded, once or several times over.
    /// </summary>
    private static bool IsDotSegment(string text)
    {
        for (var depth = 0; depth < 4; depth++)
        {
            if (text is "." or "..")
            {
                return true;
            }

            var decoded = Uri.UnescapeDataString(text);
            if (decoded == text)
            {
                return false;
            }

            text = decoded;
        }

        return true;
    }
}
