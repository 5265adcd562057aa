using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Waiaas.Mcp.Tests.Support;

/// <summary>Builds session tokens the way the daemon does: <c>wai_sess_</c> + header.payload.signature (signature unchecked).</summary>
public static class TestTokens
{
    private static int _counter;

    /// <summary>A token for <paramref name="sessionId"/>; null iat/exp leave the claim out. Each call gives a distinct token.</summary>
    public static string Create(string sessionId, DateTimeOffset? issuedAt, DateTimeOffset? expiresAt, string idClaim = "sub")
    {
        var payload = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(payload))
        {
            writer.WriteStartObject();
            writer.WriteString(idClaim, sessionId);
            if (issuedAt is { } iat)
            {
                writer.WriteNumber("iat", iat.ToUnixTimeSeconds());
            }

            if (expiresAt is { } exp)
            {
                writer.WriteNumber("exp", exp.ToUnixTimeSeconds());
            }

            writer.WriteEndObject();
        }

        return FromPayload(payload.WrittenSpan);
    }

    /// <summary>A token around an arbitrary payload (for malformed-payload tests).</summary>
    public static string FromPayload(ReadOnlySpan<byte> payload)
    {
        var header = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);
        var signature = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"signature-{Interlocked.Increment(ref _counter)}"));
        return $"wai_sess_{header}.{Base64Url.EncodeToString(payload)}.{signature}";
    }

    public static string FromPayload(string json) => FromPayload(Encoding.UTF8.GetBytes(json));
}
