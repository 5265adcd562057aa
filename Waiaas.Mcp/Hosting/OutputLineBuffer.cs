using System.Buffers;

namespace Waiaas.Mcp.Hosting;

/// <summary>
/// One output line being serialized, held in pooled segments that are never copied: a segment that fills is kept and
/// the next one is rented, sized for what the writer asks. A doubling buffer instead copies everything written so far
/// each time it grows: a line carrying a large tool result would for a moment be held twice, and every ordinary reply
/// would allocate each step of its growth anew.
/// </summary>
internal sealed class OutputLineBuffer : IBufferWriter<byte>, IDisposable
{
    /// <summary>Holds a whole ordinary reply, a tool result of a few KB; a tools/list takes a few segments.</summary>
    private const int SegmentSize = 16 * 1024;

    private readonly List<(byte[] Array, int Length)> _full = [];
    private byte[] _current = ArrayPool<byte>.Shared.Rent(SegmentSize);
    private int _written;

    public long Length => _full.Sum(segment => (long)segment.Length) + _written;

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _current.Length - _written);
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        // Reserve first: it may replace the current segment.
        var start = Reserve(sizeHint);
        return _current.AsMemory(start);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        var start = Reserve(sizeHint);
        return _current.AsSpan(start);
    }

    /// <summary>Writes the segments in order; the caller holds the output for the whole line.</summary>
    public async Task WriteToAsync(Stream output, CancellationToken cancellationToken)
    {
        foreach (var (array, length) in _full)
        {
            await output.WriteAsync(array.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }

        await output.WriteAsync(_current.AsMemory(0, _written), cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        foreach (var (array, _) in _full)
        {
            ArrayPool<byte>.Shared.Return(array);
        }

        _full.Clear();
        if (_current.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_current);
            _current = [];
        }

        _written = 0;
    }

    /// <summary>
    /// Makes room for at least <paramref name="sizeHint"/> bytes (one when 0); returns where they start.
    /// </summary>
    private int Reserve(int sizeHint)
    {
        ObjectDisposedException.ThrowIf(_current.Length == 0, this);
        var needed = Math.Max(sizeHint, 1);
        if (_current.Length - _written < needed)
        {
            if (_written > 0)
            {
                _full.Add((_current, _written));
            }
            else
            {
                ArrayPool<byte>.Shared.Return(_current);
            }

            _current = ArrayPool<byte>.Shared.Rent(Math.Max(needed, SegmentSize));
            _written = 0;
        }

        return _written;
    }
}
