using System.Buffers;
using System.Text;

namespace Waiaas.Mcp.Configuration;

/// <summary>
/// Removes secrets from text this server passes on (tool results, error texts, log lines): every session token
/// (<c>wai_sess_</c> followed by token characters) and the password of a URL. A daemon, or a proxy in front of it,
/// may echo the Authorization header in an error message; the model and the logs must never see it.
/// </summary>
internal static class SecretRedaction
{
    public const string TokenPrefix = "wai_sess_";

    /// <summary>What a token becomes: its kind stays readable, nothing usable is left.</summary>
    public const string RedactedToken = TokenPrefix + "[redacted]";

    /// <summary><see cref="RedactedToken"/> as UTF-8.</summary>
    public static ReadOnlySpan<byte> RedactedTokenUtf8 => "wai_sess_[redacted]"u8;

    // A real token has well over a hundred characters after the prefix; fewer than this are placeholders in the
    // daemon's own texts ("wai_sess_...", "wai_sess_<token>", "wai_sess_REDACTED") and stay readable.
    private const int MinSecretLength = 16;

    // A JWT is base64url parts joined by dots.
    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");

    private static readonly SearchValues<byte> TokenBytes =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."u8);

    /// <summary>
    /// <paramref name="text"/> with every session token replaced; the same instance when it holds none.
    /// </summary>
    public static string Redact(string text)
    {
        var at = text.IndexOf(TokenPrefix, StringComparison.Ordinal);
        if (at < 0)
        {
            return text;
        }

        StringBuilder? builder = null;
        var copied = 0;
        while (at >= 0)
        {
            var secretStart = at + TokenPrefix.Length;
            var run = text.AsSpan(secretStart).IndexOfAnyExcept(TokenChars);
            var secretLength = run < 0 ? text.Length - secretStart : run;
            if (secretLength >= MinSecretLength)
            {
                builder ??= new StringBuilder(text.Length);
                builder.Append(text, copied, at - copied).Append(RedactedToken);
                copied = secretStart + secretLength;
            }

            at = text.IndexOf(TokenPrefix, secretStart, StringComparison.Ordinal);
        }

        return builder is null ? text : builder.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>
    /// True when <paramref name="utf8"/> may hold a session token (a fast check before decoding big texts).
    /// </summary>
    public static bool MayHoldToken(ReadOnlySpan<byte> utf8) => utf8.IndexOf("wai_sess_"u8) >= 0;

    /// <summary>
    /// Replaces in place every occurrence of <paramref name="secret"/> (with whatever token characters surround it) by
    /// <see cref="RedactedToken"/>; returns the new length. Never longer: a secret shorter than the replacement is
    /// not looked for.
    /// </summary>
    public static int RedactInPlace(Span<byte> utf8, ReadOnlySpan<byte> secret)
    {
        if (secret.Length < RedactedToken.Length)
        {
            return utf8.Length;
        }

        var length = utf8.Length;
        var from = 0;
        int found;
        while ((found = utf8[from..length].IndexOf(secret)) >= 0)
        {
            var start = from + found;
            var before = utf8[..start].LastIndexOfAnyExcept(TokenBytes) + 1;
            var afterRun = utf8[(start + secret.Length)..length].IndexOfAnyExcept(TokenBytes);
            var end = afterRun < 0 ? length : start + secret.Length + afterRun;
            RedactedTokenUtf8.CopyTo(utf8[before..]);
            var written = before + RedactedToken.Length;
            utf8[end..length].CopyTo(utf8[written..]);
            length -= end - written;
            from = written;
        }

        return length;
    }

    /// <summary>
    /// <paramref name="url"/> with its user information (user and password) replaced, for problem texts.
    /// </summary>
    public static string RedactUrlCredentials(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var authorityStart = scheme < 0 ? 0 : scheme + 3;
        var authorityLength = url.AsSpan(authorityStart).IndexOfAny('/', '?', '#');
        var authority = authorityLength < 0 ? url.AsSpan(authorityStart) : url.AsSpan(authorityStart, authorityLength);
        var at = authority.LastIndexOf('@');
        return at < 0 ? url : string.Concat(url.AsSpan(0, authorityStart), "***", url.AsSpan(authorityStart + at));
    }
}
