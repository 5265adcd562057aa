using System.Buffers;
using System.Text.Encodings.Web;

namespace Waiaas.Mcp.Json;

/// <summary>
/// <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>, byte for byte, with a fast path for UTF-8 text: runs of
/// printable ASCII are found with vectorized scans and copied in bulk, and the ASCII bytes that need it are escaped
/// here. The relaxed encoder itself takes every byte after the first one it escapes through its general Unicode path,
/// and what this server writes most is compact JSON inside tool results, mostly ASCII and full of quotes. Bytes
/// beyond ASCII, and every UTF-16 path, are the relaxed encoder's own work.
/// </summary>
internal sealed class RelaxedJsonEncoder : JavaScriptEncoder
{
    private static readonly JavaScriptEncoder Relaxed = UnsafeRelaxedJsonEscaping;

    private static readonly byte[] HexDigits = "0123456789ABCDEF"u8.ToArray();

    private RelaxedJsonEncoder()
    {
    }

    public static RelaxedJsonEncoder Instance { get; } = new();

    public override int MaxOutputCharactersPerInputCharacter => Relaxed.MaxOutputCharactersPerInputCharacter;

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength) =>
        Relaxed.FindFirstCharacterToEncode(text, textLength);

    public override unsafe bool TryEncodeUnicodeScalar(
        int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten) =>
        Relaxed.TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten);

    public override bool WillEncode(int unicodeScalar) => Relaxed.WillEncode(unicodeScalar);

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text) =>
        Relaxed.FindFirstCharacterToEncodeUtf8(utf8Text);

    public override OperationStatus Encode(
        ReadOnlySpan<char> source,
        Span<char> destination,
        out int charsConsumed,
        out int charsWritten,
        bool isFinalBlock = true) =>
        Relaxed.Encode(source, destination, out charsConsumed, out charsWritten, isFinalBlock);

    public override string Encode(string value) => Relaxed.Encode(value);

    public override void Encode(TextWriter output, char[] value, int startIndex, int characterCount) =>
        Relaxed.Encode(output, value, startIndex, characterCount);

    public override void Encode(TextWriter output, string value, int startIndex, int characterCount) =>
        Relaxed.Encode(output, value, startIndex, characterCount);

    public override OperationStatus EncodeUtf8(
        ReadOnlySpan<byte> utf8Source,
        Span<byte> utf8Destination,
        out int bytesConsumed,
        out int bytesWritten,
        bool isFinalBlock = true)
    {
        var read = 0;
        var written = 0;
        var status = OperationStatus.Done;
        while (read < utf8Source.Length)
        {
            // The next quote or backslash, and before it anything but printable ASCII: both scans are vectorized.
            var rest = utf8Source[read..];
            var quote = rest.IndexOfAny((byte)'"', (byte)'\\');
            var plain = quote < 0 ? rest.Length : quote;
            var other = rest[..plain].IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E);
            if (other >= 0)
            {
                plain = other;
            }

            if (!rest[..plain].TryCopyTo(utf8Destination[written..]))
            {
                status = OperationStatus.DestinationTooSmall;
                break;
            }

            read += plain;
            written += plain;
            if (read == utf8Source.Length)
            {
                break;
            }

            if (rest[plain] >= 0x80)
            {
                // Beyond ASCII: the relaxed encoder's own rules (which characters stay literal, invalid UTF-8) for
                // the bytes up to the next ASCII one. An ASCII byte never continues a sequence, so the run is whole
                // unless the text ends in it.
                var tail = rest[plain..];
                var ascii = tail.IndexOfAnyInRange((byte)0, (byte)0x7F);
                var run = ascii < 0 ? tail : tail[..ascii];
                status = Relaxed.EncodeUtf8(
                    run, utf8Destination[written..], out var consumed, out var encoded, ascii >= 0 || isFinalBlock);
                read += consumed;
                written += encoded;
                if (status != OperationStatus.Done)
                {
                    break;
                }

                continue;
            }

            var escape = Escape(rest[plain], utf8Destination[written..]);
            if (escape == 0)
            {
                status = OperationStatus.DestinationTooSmall;
                break;
            }

            read++;
            written += escape;
        }

        (bytesConsumed, bytesWritten) = (read, written);
        return status;
    }

    /// <summary>
    /// Writes the relaxed encoder's escape of one ASCII byte; returns its length, or 0 when it does not fit.
    /// </summary>
    private static int Escape(byte value, Span<byte> destination)
    {
        var shortForm = value switch
        {
            (byte)'"' => (byte)'"',
            (byte)'\\' => (byte)'\\',
            (byte)'\b' => (byte)'b',
            (byte)'\t' => (byte)'t',
            (byte)'\n' => (byte)'n',
            (byte)'\f' => (byte)'f',
            (byte)'\r' => (byte)'r',
            _ => (byte)0,
        };
        if (shortForm != 0)
        {
            if (destination.Length < 2)
            {
                return 0;
            }

            destination[0] = (byte)'\\';
            destination[1] = shortForm;
            return 2;
        }

        if (destination.Length < 6)
        {
            return 0;
        }

        "\\u00"u8.CopyTo(destination);
        destination[4] = HexDigits[value >> 4];
        destination[5] = HexDigits[value & 0xF];
        return 6;
    }
}
