using System.Buffers;
using System.Text.Json;

namespace Waiaas.Mcp.Json;

/// <summary>
/// Compacts a daemon body to the bytes <see cref="JsonDocument.WriteTo"/> writes with the relaxed encoder, or
/// <c>null</c> when the body is not one JSON value. Fast path: tokens are copied verbatim, which gives exactly
/// those bytes whenever no string would be re-escaped differently; only bodies with such a string (a <c>\u</c> or
/// <c>\/</c> escape, a character the encoder escapes) take the parse-and-rewrite path. The rewrite cost ~270 k
/// instructions per tool call on a 5 KB body with a long multi-line string (docs/performance.md).
/// </summary>
internal static class JsonCompaction
{
    public static byte[]? Compact(byte[] body)
    {
        try
        {
            return TryCopyVerbatim(body) ?? Rewrite(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static byte[] Rewrite(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        return WaiaasJsonContext.Write(document.WriteTo, body.Length).ToArray();
    }

    /// <summary>The compact copy, or <c>null</c> if a string would not survive a rewrite byte for byte. Throws on invalid JSON.</summary>
    private static byte[]? TryCopyVerbatim(byte[] body)
    {
        var reader = new Utf8JsonReader(body);
        var output = new ArrayBufferWriter<byte>(Math.Max(body.Length, 1));
        var needsComma = false;
        while (reader.Read())
        {
            var token = reader.TokenType;
            if (needsComma && token is not (JsonTokenType.EndObject or JsonTokenType.EndArray))
            {
                output.Write(","u8);
            }

            switch (token)
            {
                case JsonTokenType.StartObject: output.Write("{"u8); break;
                case JsonTokenType.EndObject: output.Write("}"u8); break;
                case JsonTokenType.StartArray: output.Write("["u8); break;
                case JsonTokenType.EndArray: output.Write("]"u8); break;
                case JsonTokenType.PropertyName or JsonTokenType.String:
                    if (!IsVerbatim(reader.ValueSpan))
                    {
                        return null;
                    }

                    output.Write("\""u8);
                    output.Write(reader.ValueSpan);
                    output.Write(token == JsonTokenType.PropertyName ? "\":"u8 : "\""u8);
                    break;
                default: output.Write(reader.ValueSpan); break; // numbers, true, false, null: already minimal
            }

            needsComma = token is not (JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.PropertyName);
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>
    /// True when the writer would emit these raw string bytes unchanged: literal runs it leaves alone, and only the
    /// short escapes it writes itself (<c>\" \\ \n \r \t \b \f</c>).
    /// </summary>
    private static bool IsVerbatim(ReadOnlySpan<byte> raw)
    {
        while (true)
        {
            var backslash = raw.IndexOf((byte)'\\');
            var literal = backslash < 0 ? raw : raw[..backslash];
            if (WaiaasJsonContext.Encoder.FindFirstCharacterToEncodeUtf8(literal) >= 0)
            {
                return false;
            }

            if (backslash < 0)
            {
                return true;
            }

            if (raw[backslash + 1] is not ((byte)'"' or (byte)'\\' or (byte)'n' or (byte)'r' or (byte)'t' or (byte)'b' or (byte)'f'))
            {
                return false;
            }

            raw = raw[(backslash + 2)..];
        }
    }
}
