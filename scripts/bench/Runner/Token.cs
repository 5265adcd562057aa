using System.Text;
using System.Text.Json;

namespace Bench.Runner;

/// <summary>A session token the fake daemon accepts: <c>wai_sess_</c> + an unsigned-looking JWT valid for an hour.</summary>
internal static class Token
{
    public static string Create()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("sub", "019c0000-0000-7000-8000-000000000001");
            writer.WriteString("wlt", "019c0000-0000-7000-8000-000000000002");
            writer.WriteNumber("iat", now);
            writer.WriteNumber("exp", now + 3600);
            writer.WriteEndObject();
        }

        var header = Base64Url("""{"alg":"HS256","typ":"JWT"}"""u8.ToArray());
        return $"wai_sess_{header}.{Base64Url(buffer.ToArray())}.{Base64Url(Encoding.ASCII.GetBytes("bench-signature"))}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
