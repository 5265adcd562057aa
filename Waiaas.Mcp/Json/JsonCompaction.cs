using System.Text.Json;

namespace Waiaas.Mcp.Json;

/// <summary>
/// Compacts a daemon body in place: one pass that checks it is one JSON value, drops the whitespace between tokens
/// and copies every token byte for byte, so the result is never longer than the body and no second copy is made.
/// Strings keep the daemon's own escapes, with one exception: an escape of a lone UTF-16 surrogate (<c>\ud83d</c>,
/// which Node writes when it cuts a string inside an emoji) becomes <c>\ufffd</c>, the replacement character. A
/// lone surrogate is no character at all, nothing downstream could read it (every JSON string reader throws on it),
/// and both escapes have six bytes.
/// </summary>
internal static class JsonCompaction
{
    /// <summary>
    /// The depth every reader of daemon JSON in this server uses (<see cref="JsonDocument"/>'s default), so an answer
    /// let through here can be read by all of them; daemon answers nest a few levels.
    /// </summary>
    public const int MaxDepth = 64;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxDepth };

    /// <summary>
    /// The compact length of the JSON value now at the start of <paramref name="json"/>, or -1 when it is not one JSON
    /// value.
    /// </summary>
    public static int CompactInPlace(Span<byte> json)
    {
        // A byte order mark is not JSON, but a proxy may add one; it carries nothing.
        var start = json.StartsWith("\uFEFF"u8) ? 3 : 0;
        try
        {
            var reader = new Utf8JsonReader(json[start..], ReaderOptions);
            var written = 0;
            var needsComma = false;
            while (reader.Read())
            {
                var token = reader.TokenType;
                if (needsComma && token is not (JsonTokenType.EndObject or JsonTokenType.EndArray))
                {
                    json[written++] = (byte)',';
                }

                // Every write lands at or before the bytes the reader has consumed: the output is the input minus
                // whitespace.
                switch (token)
                {
                    case JsonTokenType.StartObject: json[written++] = (byte)'{'; break;
                    case JsonTokenType.EndObject: json[written++] = (byte)'}'; break;
                    case JsonTokenType.StartArray: json[written++] = (byte)'['; break;
                    case JsonTokenType.EndArray: json[written++] = (byte)']'; break;
                    case JsonTokenType.PropertyName or JsonTokenType.String:
                        json[written++] = (byte)'"';
                        var raw = json.Slice(written, reader.ValueSpan.Length);
                        reader.ValueSpan.CopyTo(raw);
                        if (reader.ValueIsEscaped)
                        {
                            ReplaceLoneSurrogateEscapes(raw);
                        }

                        written += raw.Length;
                        json[written++] = (byte)'"';
                        if (token == JsonTokenType.PropertyName)
                        {
                            json[written++] = (byte)':';
                        }

                        break;
                    default: // numbers, true, false, null: already minimal
                        reader.ValueSpan.CopyTo(json[written..]);
                        written += reader.ValueSpan.Length;
                        break;
                }

                needsComma = token is not (
                    JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.PropertyName);
            }

            return written;
        }
        catch (JsonException)
        {
            return -1;
        }
    }

    /// <summary>
    /// Rewrites, in the raw (still escaped) bytes of one string, each escape of an unpaired surrogate as <c>\ufffd</c>.
    /// </summary>
    private static void ReplaceLoneSurrogateEscapes(Span<byte> raw)
    {
        var i = 0;
        while (true)
        {
            var backslash = raw[i..].IndexOf((byte)'\\');
            if (backslash < 0)
            {
                return;
            }

            i += backslash;
            if (raw[i + 1] != (byte)'u')
            {
                i += 2; // a two-byte escape such as \" or \\
                continue;
            }

            var unit = Hex4(raw.Slice(i + 2, 4));
            var paired = unit is >= 0xD800 and <= 0xDBFF
                && raw.Length >= i + 12 && raw[i + 6] == (byte)'\\' && raw[i + 7] == (byte)'u'
                && Hex4(raw.Slice(i + 8, 4)) is >= 0xDC00 and <= 0xDFFF;
            if (paired)
            {
                i += 12;
                continue;
            }

            if (unit is >= 0xD800 and <= 0xDFFF)
            {
                "fffd"u8.CopyTo(raw[(i + 2)..]);
            }

            i += 6;
        }
    }

    /// <summary>The value of four hex digits (the reader has checked they are hex).</summary>
    private static int Hex4(ReadOnlySpan<byte> digits)
    {
        var value = 0;
        foreach (var digit in digits)
        {
            value = (value << 4) | (digit <= '9' ? digit - '0' : (digit | 0x20) - 'a' + 10);
        }

        return value;
    }
}
