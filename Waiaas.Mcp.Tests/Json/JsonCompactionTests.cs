using System.Text;
using System.Text.Json;
using Waiaas.Mcp.Json;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.Json;

/// <summary>The verbatim fast path must give exactly the bytes of a parse-and-rewrite with the relaxed encoder.</summary>
public sealed class JsonCompactionTests
{
    public static TheoryData<string> Fixtures => [.. Directory.GetFiles(RepositoryPaths.DaemonFixtures, "*.json").Select(path => Path.GetFileName(path)).Order()];

    public static TheoryData<string> Bodies => new()
    {
        """{ "a" : 1 , "b" : [ true, false, null, -1.5e3, {} , [] ] }""",
        """{"note":"it's \"quoted\" \\ back\nslash\ttab\r\b\f 지갑 — ok"}""",
        """{"unicode":"\u00e9\u0022\u2028"}""",
        """{"slash":"a\/b"}""",
        """{"emoji":"😀"}""",
        """{"html":"<b>&'+`</b>"}""",
        """{"control":"\u0001"}""",
        """{"esc\"aped key":1}""",
        """  "just a string"  """,
        """[1,2,3]""",
        """42""",
        """{"deep":[[[[{"x":[{"y":"z"}]}]]]]}""",
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Compact_DaemonFixture_EqualsRewrite(string fileName)
    {
        var body = File.ReadAllBytes(Path.Join(RepositoryPaths.DaemonFixtures, fileName));

        Assert.Equal(Rewrite(body), Decode(JsonCompaction.Compact(body)));
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Compact_Body_EqualsRewrite(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);

        Assert.Equal(Rewrite(body), Decode(JsonCompaction.Compact(body)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("<html>")]
    [InlineData("""{"a":1} trailing""")]
    [InlineData("""{"a":1,}""")]
    [InlineData("""{"a":"unterminated}""")]
    [InlineData("""{"a":1}{"b":2}""")]
    public void Compact_NotOneJsonValue_ReturnsNull(string text)
    {
        Assert.Null(JsonCompaction.Compact(Encoding.UTF8.GetBytes(text)));
    }

    private static string Rewrite(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string? Decode(byte[]? bytes) => bytes is null ? null : Encoding.UTF8.GetString(bytes);
}
