using System.Text;
using System.Text.Json;
using Waiaas.Mcp.Json;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.Json;

/// <summary>
/// Compaction keeps every token byte for byte and drops only the whitespace between tokens, in place; the one
/// rewrite is a lone surrogate escape, which no reader downstream could turn into a string.
/// </summary>
public sealed class JsonCompactionTests
{
    public static TheoryData<string> Fixtures => [.. Directory.GetFiles(RepositoryPaths.DaemonFixtures, "*.json").Select(path => Path.GetFileName(path)).Order()];

    public static TheoryData<string> Bodies => new()
    {
        """{ "a" : 1 , "b" : [ true, false, null, -1.5e3, {} , [] ] }""",
        """{"note":"it's \"quoted\" \\ back\nslash\ttab\r\b\f 지갑 — ok"}""",
        """{"unicode":"\u00e9\u0022\u2028"}""",
        """{"slash":"a\/b"}""",
        """{"emoji":"😀", "escaped emoji": "\ud83d\ude00"}""",
        """{"html":"<b>&'+`</b>"}""",
        """{"control":"\u0001"}""",
        """{"esc\"aped key":1}""",
        """  "just a string"  """,
        """[1,2,3]""",
        """42""",
        """{"deep":[[[[{"x":[{"y":"z"}]}]]]]}""",
        """{"big":123456789012345678901234567890e400,"dup":1,"dup":2}""",
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Compact_DaemonFixture_SameTokensWithoutWhitespace(string fileName)
    {
        var body = File.ReadAllBytes(Path.Join(RepositoryPaths.DaemonFixtures, fileName));

        AssertSameTokensWithoutWhitespace(body, Compact(body));
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Compact_Body_SameTokensWithoutWhitespace(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);

        AssertSameTokensWithoutWhitespace(body, Compact(body));
    }

    [Theory]
    [InlineData("""{"name":"cut \ud83d"}""", """{"name":"cut \ufffd"}""")]
    [InlineData("""{"name":"\uD83D"}""", """{"name":"\ufffd"}""")]
    [InlineData("""{"low":"\ude00 first"}""", """{"low":"\ufffd first"}""")]
    [InlineData("""{"two":"\ud83d\ud83d\ude00"}""", """{"two":"\ufffd\ud83d\ude00"}""")]
    [InlineData("""{"next":"\ud83d\u0041"}""", """{"next":"\ufffd\u0041"}""")]
    [InlineData("""{"\ud83d":"key"}""", """{"\ufffd":"key"}""")]
    [InlineData("""["a\\ud83d"]""", """["a\\ud83d"]""")]
    [InlineData("""["\\\ud83d"]""", """["\\\ufffd"]""")]
    public void Compact_LoneSurrogateEscape_BecomesReplacementCharacterAndEveryReaderCanReadIt(string json, string expected)
    {
        var compact = Compact(Encoding.UTF8.GetBytes(json));

        Assert.Equal(expected, Decode(compact));
        using var document = JsonDocument.Parse(compact);
        var first = document.RootElement.ValueKind == JsonValueKind.Array
            ? document.RootElement[0]
            : document.RootElement.EnumerateObject().First().Value;
        _ = first.GetString();
    }

    [Fact]
    public void Compact_WhitespaceAnywhereBetweenTokens_GivesTheSameBytes()
    {
        var random = new Random(20261201);
        foreach (var fileName in Fixtures)
        {
            var compact = Compact(File.ReadAllBytes(Path.Join(RepositoryPaths.DaemonFixtures, fileName)))!;
            var spaced = Respace(compact, random);

            Assert.Equal(Decode(compact), Decode(Compact(spaced)));
        }
    }

    [Fact]
    public void CompactInPlace_Body_WritesOverItsOwnBytesAndReturnsTheLength()
    {
        var body = Encoding.UTF8.GetBytes("""{ "a" : [ 1 , 2 ] ,  "b" : "x y" }""");

        var length = JsonCompaction.CompactInPlace(body);

        Assert.Equal("""{"a":[1,2],"b":"x y"}""", Encoding.UTF8.GetString(body, 0, length));
    }

    [Fact]
    public void Compact_ByteOrderMark_Dropped()
    {
        Assert.Equal("""{"a":1}""", Decode(Compact("\uFEFF{ \"a\": 1 }"u8)));
    }

    [Fact]
    public void Compact_NestedToTheDepthEveryReaderAccepts_KeptAndOneDeeperRefused()
    {
        static byte[] Nested(int depth) => Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth));

        Assert.NotNull(Compact(Nested(JsonCompaction.MaxDepth)));
        Assert.Null(Compact(Nested(JsonCompaction.MaxDepth + 1)));
        using var document = JsonDocument.Parse(Nested(JsonCompaction.MaxDepth));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("<html>")]
    [InlineData("""{"a":1} trailing""")]
    [InlineData("""{"a":1,}""")]
    [InlineData("""{"a":"unterminated}""")]
    [InlineData("""{"a":1}{"b":2}""")]
    [InlineData("""{"a":"\u12"}""")]
    public void Compact_NotOneJsonValue_ReturnsNull(string text)
    {
        Assert.Null(Compact(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Same token sequence with the same raw bytes, and not one byte between tokens beyond their separators.</summary>
    private static void AssertSameTokensWithoutWhitespace(byte[] body, byte[]? compact)
    {
        Assert.NotNull(compact);
        var expected = Tokens(body);
        Assert.Equal(expected, Tokens(compact));
        Assert.Equal(MinimalLength(expected), compact.Length);
        using var before = JsonDocument.Parse(body);
        using var after = JsonDocument.Parse(compact);
        Assert.True(JsonElement.DeepEquals(before.RootElement, after.RootElement));
    }

    private static List<(JsonTokenType Type, string Raw)> Tokens(byte[] json)
    {
        var reader = new Utf8JsonReader(json.AsSpan(json.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0));
        var tokens = new List<(JsonTokenType, string)>();
        while (reader.Read())
        {
            tokens.Add((reader.TokenType, Encoding.UTF8.GetString(reader.ValueSpan)));
        }

        return tokens;
    }

    /// <summary>Tokens, their quotes, one ':' per property and one ',' between siblings: nothing else.</summary>
    private static int MinimalLength(List<(JsonTokenType Type, string Raw)> tokens)
    {
        var length = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var (type, raw) = tokens[i];
            length += type switch
            {
                JsonTokenType.PropertyName => Encoding.UTF8.GetByteCount(raw) + 3,
                JsonTokenType.String => Encoding.UTF8.GetByteCount(raw) + 2,
                _ => Math.Max(Encoding.UTF8.GetByteCount(raw), 1),
            };
            var next = i + 1 < tokens.Count ? tokens[i + 1].Type : JsonTokenType.None;
            if (type is not (JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.PropertyName)
                && next is not (JsonTokenType.None or JsonTokenType.EndObject or JsonTokenType.EndArray))
            {
                length++;
            }
        }

        return length;
    }

    /// <summary>The same JSON with random whitespace (space, tab, CR, LF) before structural characters.</summary>
    private static byte[] Respace(byte[] compact, Random random)
    {
        var output = new List<byte>();
        var inString = false;
        var escaped = false;
        foreach (var b in compact)
        {
            if (!inString && "{}[],:"u8.Contains(b) && random.Next(2) == 0)
            {
                output.AddRange(Enumerable.Range(0, random.Next(1, 4)).Select(_ => " \t\r\n"u8[random.Next(4)]));
            }

            output.Add(b);
            if (escaped)
            {
                escaped = false;
            }
            else if (inString && b == '\\')
            {
                escaped = true;
            }
            else if (b == '"')
            {
                inString = !inString;
            }
        }

        return [.. output];
    }

    /// <summary>A compacted copy of <paramref name="body"/>, or null when it is not one JSON value.</summary>
    private static byte[]? Compact(ReadOnlySpan<byte> body)
    {
        var copy = body.ToArray();
        var length = JsonCompaction.CompactInPlace(copy);
        return length < 0 ? null : copy[..length];
    }

    private static string? Decode(byte[]? bytes) => bytes is null ? null : Encoding.UTF8.GetString(bytes);
}
