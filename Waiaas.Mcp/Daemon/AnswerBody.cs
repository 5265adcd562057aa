using System.Buffers;

namespace Waiaas.Mcp.Daemon;

/// <summary>
/// One daemon answer's body, read into a single array of exactly its length: with a Content-Length the array is
/// allocated once at that size; without one (chunked) the bytes gather in pooled chunks and are copied once. Its
/// bytes count against the <see cref="AnswerBudget"/> from the first one read until it is released.
/// </summary>
internal sealed class AnswerBody : IDisposable
{
    private const int ChunkSize = 64 * 1024;

    private readonly AnswerBudget _budget;
    private long _taken;

    private AnswerBody(AnswerBudget budget) => _budget = budget;

    public byte[] Bytes { get; private set; } = [];

    /// <summary>
    /// Reads the whole body; throws <see cref="AnswerTooLargeException"/> at a limit, <see cref="IOException"/> when
    /// cut.
    /// </summary>
    public static async Task<AnswerBody> ReadAsync(
        HttpContent content, AnswerBudget budget, int maxBytes, CancellationToken cancellationToken)
    {
        var body = new AnswerBody(budget);
        try
        {
            var length = content.Headers.ContentLength;
            if (length > maxBytes)
            {
                throw new AnswerTooLargeException(AnswerLimit.OneAnswer);
            }

            body.Take(length ?? 0);
            // The stream belongs to the response, which the caller disposes.
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            body.Bytes = length is { } known
                ? await ReadKnownLengthAsync(stream, (int)known, cancellationToken).ConfigureAwait(false)
                : await body.ReadUnknownLengthAsync(stream, maxBytes, cancellationToken).ConfigureAwait(false);
            return body;
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _budget.Release(_taken);
        _taken = 0;
    }

    private static async Task<byte[]> ReadKnownLengthAsync(
        Stream stream, int length, CancellationToken cancellationToken)
    {
        if (length == 0)
        {
            return [];
        }

        // Filled completely below, so it needs no zeroing.
        var bytes = GC.AllocateUninitializedArray<byte>(length);
        await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
        return bytes;
    }

    private async Task<byte[]> ReadUnknownLengthAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        var chunks = new List<byte[]>();
        var total = 0;
        var filled = ChunkSize;
        try
        {
            while (true)
            {
                if (filled == ChunkSize)
                {
                    chunks.Add(ArrayPool<byte>.Shared.Rent(ChunkSize));
                    filled = 0;
                }

                var read = await stream.ReadAsync(
                    chunks[^1].AsMemory(filled, ChunkSize - filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                if (total + read > maxBytes)
                {
                    throw new AnswerTooLargeException(AnswerLimit.OneAnswer);
                }

                Take(read);
                total += read;
                filled += read;
            }

            var bytes = GC.AllocateUninitializedArray<byte>(total);
            for (var i = 0; i < chunks.Count; i++)
            {
                var count = Math.Min(ChunkSize, total - (i * ChunkSize));
                chunks[i].AsSpan(0, count).CopyTo(bytes.AsSpan(i * ChunkSize));
            }

            return bytes;
        }
        finally
        {
            chunks.ForEach(chunk => ArrayPool<byte>.Shared.Return(chunk));
        }
    }

    private void Take(long bytes)
    {
        if (!_budget.TryTake(bytes))
        {
            throw new AnswerTooLargeException(AnswerLimit.AllAnswers);
        }

        _taken += bytes;
    }
}

/// <summary>Which bound an answer crossed.</summary>
internal enum AnswerLimit
{
    /// <summary>The answer alone is larger than this server reads.</summary>
    OneAnswer,

    /// <summary>
    /// Together with the answers already being read, it would cross the bound of all answers in flight.
    /// </summary>
    AllAnswers,
}

internal sealed class AnswerTooLargeException(AnswerLimit limit) : Exception
{
    public AnswerLimit Limit => limit;
}
