namespace Waiaas.Mcp.Session;

/// <summary>
/// The only form in which a token may appear in a log line: its first 12 characters and an ellipsis.
/// "wai_sess_eyJ…" says which kind of token is meant without giving away anything usable.
/// </summary>
internal static class TokenRedaction
{
    public const int VisibleCharacters = 12;

    public static string Redact(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return "(none)";
        }

        return token.Length <= VisibleCharacters ? token + "…" : string.Concat(token.AsSpan(0, VisibleCharacters), "…");
    }
}
