using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Waiaas.Mcp.Session;

/// <summary>
/// A decoded WAIaaS session token: <c>wai_sess_</c> + a compact HS256 JWT.
/// The signature cannot be checked here (no secret), so the payload is read defensively: a token that
/// fails any check is refused with a reason instead of half-trusted.
/// </summary>
internal sealed record SessionToken(string Value, string SessionId, DateTimeOffset? IssuedAt, DateTimeOffset? ExpiresAt)
{
    public const string Prefix = "wai_sess_";

    // Allowance for a daemon clock that runs a little ahead when checking the upper bound of exp.
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxPast = TimeSpan.FromDays(3653);
    private static readonly TimeSpan MaxFuture = TimeSpan.FromDays(366);

    // A real token is a few hundred characters; anything far bigger is not one (and is not worth parsing).
    private const int MaxLength = 8192;

    /// <summary>No exp: valid until revoked, never renewed.</summary>
    public bool IsUnlimited => ExpiresAt is null;

    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expiresAt && expiresAt <= now;

    /// <summary>Prints the token redacted: a record's text ends up in log lines and exception messages.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Value = ").Append(TokenRedaction.Redact(Value))
            .Append(", SessionId = ").Append(SessionId)
            .Append(", IssuedAt = ").Append(IssuedAt)
            .Append(", ExpiresAt = ").Append(ExpiresAt);
        return true;
    }

    /// <summary>
    /// Decodes <paramref name="value"/>; never throws. <paramref name="now"/> bounds a plausible exp.
    /// </summary>
    public static SessionTokenDecoding Decode(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(value))
        {
            return SessionTokenDecoding.Refused("the token is empty");
        }

        if (value.Length > MaxLength)
        {
            return SessionTokenDecoding.Refused($"the token is longer than {MaxLength} characters");
        }

        if (!value.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return SessionTokenDecoding.Refused($"the token does not start with '{Prefix}'");
        }

        var jwt = value.AsSpan(Prefix.Length);
        Span<Range> parts = stackalloc Range[4];
        if (jwt.Split(parts, '.') != 3)
        {
            return SessionTokenDecoding.Refused("the token is not a compact JWT (three dot-separated parts)");
        }

        for (var i = 0; i < 3; i++)
        {
            if (!IsBase64UrlText(jwt[parts[i]]))
            {
                return SessionTokenDecoding.Refused($"JWT part {i + 1} is not base64url text");
            }
        }

        var payloadText = jwt[parts[1]];
        var payload = new byte[Base64Url.GetMaxDecodedLength(payloadText.Length)];
        int written;
        try
        {
            // Throws (rather than answering false) for some malformed lengths, e.g. a single character.
            if (!Base64Url.TryDecodeFromChars(payloadText, payload, out written))
            {
                return SessionTokenDecoding.Refused("the JWT payload is not valid base64url");
            }
        }
        catch (FormatException)
        {
            return SessionTokenDecoding.Refused("the JWT payload is not valid base64url");
        }

        return DecodePayload(value, payload.AsMemory(0, written), now);
    }

    private static SessionTokenDecoding DecodePayload(string value, ReadOnlyMemory<byte> payload, DateTimeOffset now)
    {
        try
        {
            using var document = JsonDocument.Parse(
                payload, new JsonDocumentOptions { MaxDepth = 16, AllowDuplicateProperties = false });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return SessionTokenDecoding.Refused("the JWT payload is not a JSON object");
            }

            // sub is the current claim; sessionId is what older daemons wrote. sub wins when both exist.
            var sessionId = NonEmptyString(root, "sub") ?? NonEmptyString(root, "sessionId");
            if (sessionId is null)
            {
                return SessionTokenDecoding.Refused("the JWT payload has no session id (sub or sessionId)");
            }

            DateTimeOffset? expiresAt = null;
            if (root.TryGetProperty("exp", out var exp))
            {
                if (!TryUnixSeconds(exp, out var expSeconds))
                {
                    return SessionTokenDecoding.Refused("the JWT exp claim is not a number");
                }

                var nowSeconds = now.ToUnixTimeSeconds();
                if (expSeconds < nowSeconds - MaxPast.TotalSeconds
                    || expSeconds > nowSeconds + (MaxFuture + Skew).TotalSeconds)
                {
                    return SessionTokenDecoding.Refused("the JWT exp claim is outside [now - 10 years, now + 1 year]");
                }

                expiresAt = DateTimeOffset.FromUnixTimeMilliseconds((long)(expSeconds * 1000));
            }

            // iat only shapes the renewal schedule; an unusable one is ignored rather than refused.
            DateTimeOffset? issuedAt = null;
            if (root.TryGetProperty("iat", out var iat) && TryUnixSeconds(iat, out var iatSeconds)
                && Math.Abs(iatSeconds - now.ToUnixTimeSeconds()) <= (MaxPast + MaxFuture).TotalSeconds)
            {
                issuedAt = DateTimeOffset.FromUnixTimeMilliseconds((long)(iatSeconds * 1000));
                if (expiresAt is { } e && issuedAt >= e)
                {
                    issuedAt = null;
                }
            }

            return SessionTokenDecoding.Accepted(new SessionToken(value, sessionId, issuedAt, expiresAt));
        }
        catch (JsonException)
        {
            return SessionTokenDecoding.Refused("the JWT payload is not valid JSON");
        }
    }

    private static bool IsBase64UrlText(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
            {
                return false;
            }
        }

        return true;
    }

    private static string? NonEmptyString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    private static bool TryUnixSeconds(JsonElement element, out double seconds)
    {
        seconds = 0;
        return element.ValueKind == JsonValueKind.Number
            && element.TryGetDouble(out seconds) && double.IsFinite(seconds);
    }
}

/// <summary>
/// The outcome of <see cref="SessionToken.Decode"/>: a token, or the reason it was refused (never the token itself).
/// </summary>
internal sealed record SessionTokenDecoding(SessionToken? Token, string? Reason)
{
    [MemberNotNullWhen(true, nameof(Token))]
    [MemberNotNullWhen(false, nameof(Reason))]
    public bool IsValid => Token is not null;

    public static SessionTokenDecoding Accepted(SessionToken token) => new(token, null);

    public static SessionTokenDecoding Refused(string reason) => new(null, reason);

    /// <summary>Prints the token redacted, through <see cref="SessionToken"/>'s own printing.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Token = ").Append(Token?.ToString()).Append(", Reason = ").Append(Reason);
        return true;
    }
}
