using System.Buffers;
using Waiaas.Mcp.Hosting;

namespace Waiaas.Mcp.Tests.Hosting;

public sealed class OutputLineBufferTests
{
    [Fact]
    public async Task WriteTo_PiecesSmallAndLargerThanASegment_EveryByteInOrder()
    {
        var random = new Random(5);
        var expected = new List<byte>();
        using var line = new OutputLineBuffer();
        foreach (var size in new[] { 1, 300, 16 * 1024, 5, 200_000, 0, 40_000, 7, 16 * 1024 - 1 })
        {
            // What Utf8JsonWriter does: ask for room, fill part of it, advance.
            var piece = new byte[size];
            random.NextBytes(piece);
            var span = line.GetSpan(size);
            Assert.True(span.Length >= Math.Max(size, 1));
            piece.CopyTo(span);
            line.Advance(size);
            expected.AddRange(piece);
        }

        using var output = new MemoryStream();
        await line.WriteToAsync(output, CancellationToken.None);

        Assert.Equal(expected.Count, line.Length);
        Assert.Equal([.. expected], output.ToArray());
    }

    [Fact]
    public void Advance_PastTheRoomGiven_Throws()
    {
        using var line = new OutputLineBuffer();
        var room = line.GetMemory(10).Length;

        Assert.Throws<ArgumentOutOfRangeException>(() => line.Advance(room + 1));
    }

    [Fact]
    public void GetSpan_AfterDispose_Throws()
    {
        var line = new OutputLineBuffer();
        line.Write("abc"u8);
        line.Dispose();

        Assert.Throws<ObjectDisposedException>(() => line.GetSpan());
    }
}
