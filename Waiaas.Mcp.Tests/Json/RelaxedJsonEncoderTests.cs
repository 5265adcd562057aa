using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Waiaas.Mcp.Json;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.Json;

/// <summary>The fast encoder writes exactly what <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/> writes, for any text.</summary>
public sealed class RelaxedJsonEncoderTests
{
    private static readonly JavaScriptEncoder Reference = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public static TheoryData<string> Texts => new()
    {
        string.Empty,
        "plain ascii, nothing to escape: <b>&'+`</b> ~ {}",
        """{"note":"it's \"quoted\" \\ back\nslash"}""",
        "\b\t\n\f\r\u0000\u0001\u001f\u007f",
        "지갑 — ok é \u2028\u2029 \ufeff \ufffd",
        "emoji 😀 after ascii \"q\" and before \n",
        "\"\"\"\\\\\\",
        "ends in a quote\"",
        "ascii then non-ascii at the end é",
    };

    [Fact]
    public void EncodeUtf8_EveryByteAloneAndInText_SameAsRelaxedEncoder()
    {
        for (var b = 0; b < 0x80; b++)
        {
            AssertSameAsReference([(byte)b]);
            AssertSameAsReference([(byte)'a', (byte)b, (byte)'z', (byte)b]);
        }
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void EncodeUtf8_Text_SameAsRelaxedEncoder(string text) => AssertSameAsReference(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void EncodeUtf8_RandomMixOfAsciiControlsAndUnicode_SameAsRelaxedEncoder()
    {
        var random = new Random(17);
        string[] pieces = ["a", "Z", " ", "\"", "\\", "\n", "\r", "\t", "\u0001", "\u007f", "é", "—", "지", "😀", "\u2028", "<", "&", "'", "+"];
        for (var i = 0; i < 2_000; i++)
        {
            var text = new StringBuilder();
            var length = random.Next(0, 80);
            for (var j = 0; j < length; j++)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            AssertSameAsReference(Encoding.UTF8.GetBytes(text.ToString()));
        }
    }

    [Fact]
    public void EncodeUtf8_InvalidUtf8_SameOutcomeAsRelaxedEncoder()
    {
        byte[][] invalid = [[(byte)'a', 0xC3], [(byte)'"', 0xFF, (byte)'b'], [0xED, 0xA0, 0x80], [(byte)'x', 0x80]];
        foreach (var bytes in invalid)
        {
            foreach (var isFinalBlock in new[] { true, false })
            {
                var expected = Encode(Reference, bytes, isFinalBlock);
                var actual = Encode(RelaxedJsonEncoder.Instance, bytes, isFinalBlock);
                Assert.Equal(expected, actual);
            }
        }
    }

    [Theory]
    [InlineData("""{"a":"x\ny","b":"\\q\""}""")]
    [InlineData("""{"a":"x\ny","b":"é\u0001"}""")]
    public void EncodeUtf8_DestinationTooSmall_ResumingGivesTheSameText(string text)
    {
        var source = Encoding.UTF8.GetBytes(text);
        var expected = Encode(Reference, source, isFinalBlock: true).Output;
        for (var size = 6; size < 16; size++)
        {
            var output = new List<byte>();
            var rest = source.AsSpan();
            var destination = new byte[size];
            while (true)
            {
                var status = RelaxedJsonEncoder.Instance.EncodeUtf8(rest, destination, out var consumed, out var written);
                output.AddRange(destination.AsSpan(0, written));
                rest = rest[consumed..];
                if (status == OperationStatus.Done)
                {
                    break;
                }

                Assert.Equal(OperationStatus.DestinationTooSmall, status);
            }

            Assert.Equal(expected, Encoding.UTF8.GetString([.. output]));
        }
    }

    [Theory]
    [MemberData(nameof(DaemonFixtures))]
    public void Writer_DaemonFixtureAsStringValue_SameBytesAsWithRelaxedEncoder(string fileName)
    {
        // What the transport does with a tool result: the daemon's JSON as one string value.
        var text = File.ReadAllText(Path.Join(RepositoryPaths.DaemonFixtures, fileName));
        Assert.Equal(Write(Reference, text), Write(RelaxedJsonEncoder.Instance, text));
    }

    public static TheoryData<string> DaemonFixtures =>
        [.. Directory.GetFiles(RepositoryPaths.DaemonFixtures, "*.json").Select(path => Path.GetFileName(path)).Order()];

    private static void AssertSameAsReference(byte[] utf8)
    {
        Assert.Equal(Encode(Reference, utf8, isFinalBlock: true), Encode(RelaxedJsonEncoder.Instance, utf8, isFinalBlock: true));
        Assert.Equal(Reference.FindFirstCharacterToEncodeUtf8(utf8), RelaxedJsonEncoder.Instance.FindFirstCharacterToEncodeUtf8(utf8));
    }

    private static (OperationStatus Status, int Consumed, string Output) Encode(JavaScriptEncoder encoder, byte[] utf8, bool isFinalBlock)
    {
        var destination = new byte[(utf8.Length * 6) + 16];
        var status = encoder.EncodeUtf8(utf8, destination, out var consumed, out var written, isFinalBlock);
        return (status, consumed, Encoding.UTF8.GetString(destination, 0, written));
    }

    /// <summary>The text as a UTF-8 string value (the element path) and as a UTF-16 one (the serializer path).</summary>
    private static string Write(JavaScriptEncoder encoder, string text)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = encoder }))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(Encoding.UTF8.GetBytes(text));
            writer.WriteStringValue(text);
            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
