namespace Waiaas.Mcp.Tests.Support;

/// <summary>Whether a line (without its newline) is the one a wait is for; <paramref name="index"/> counts from 0.</summary>
public delegate bool LineMatch(ReadOnlySpan<byte> line, int index);

/// <summary>
/// One output stream of a child process, read by one task as the bytes arrive and split into lines once. A wait looks
/// through the lines already read, then is completed by the reader when a matching line comes in: nothing polls, and
/// no output is parsed twice by the same wait. A line counts once its newline has arrived.
/// </summary>
public sealed class OutputLines
{
    private readonly Lock _gate = new();
    private readonly MemoryStream _bytes = new();
    private readonly List<(int Start, int Length)> _lines = [];
    private readonly List<Waiter> _waiters = [];
    private int _lineStart;
    private bool _ended;

    public OutputLines(Stream source) => Completion = Task.Run(() => ReadAsync(source));

    /// <summary>Completes when the stream has ended: the process closed it (usually by exiting) or it was disposed.</summary>
    public Task Completion { get; }

    /// <summary>Every byte read so far, exactly as written.</summary>
    public byte[] Bytes()
    {
        lock (_gate)
        {
            return _bytes.ToArray();
        }
    }

    /// <summary>
    /// The first line, already read or still to come, that <paramref name="match"/> accepts; null when the stream
    /// ends without one. Throws <see cref="TimeoutException"/> at the deadline.
    /// </summary>
    public async Task<byte[]?> WaitForAsync(LineMatch match, TimeSpan timeout)
    {
        var waiter = new Waiter(match);
        lock (_gate)
        {
            for (var i = 0; i < _lines.Count; i++)
            {
                if (match(Line(i), i))
                {
                    return Line(i).ToArray();
                }
            }

            if (_ended)
            {
                return null;
            }

            _waiters.Add(waiter);
        }

        try
        {
            return await waiter.Found.Task.WaitAsync(timeout);
        }
        finally
        {
            lock (_gate)
            {
                _waiters.Remove(waiter);
            }
        }
    }

    private ReadOnlySpan<byte> Line(int index)
    {
        var (start, length) = _lines[index];
        return _bytes.GetBuffer().AsSpan(start, length);
    }

    private async Task ReadAsync(Stream source)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer)) > 0)
            {
                Append(buffer.AsSpan(0, read));
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The process was disposed while its output was read: the stream has ended for the test.
        }
        finally
        {
            End();
        }
    }

    private void Append(ReadOnlySpan<byte> chunk)
    {
        lock (_gate)
        {
            var offset = (int)_bytes.Length;
            _bytes.Write(chunk);
            int newline;
            while ((newline = chunk.IndexOf((byte)'\n')) >= 0)
            {
                offset += newline;
                _lines.Add((_lineStart, offset - _lineStart));
                _lineStart = offset + 1;
                offset++;
                chunk = chunk[(newline + 1)..];
                Offer(_lines.Count - 1);
            }
        }
    }

    /// <summary>Completes the waits that line <paramref name="index"/> matches (under the lock).</summary>
    private void Offer(int index)
    {
        for (var w = _waiters.Count - 1; w >= 0; w--)
        {
            if (_waiters[w].Match(Line(index), index))
            {
                _waiters[w].Found.TrySetResult(Line(index).ToArray());
                _waiters.RemoveAt(w);
            }
        }
    }

    private void End()
    {
        lock (_gate)
        {
            _ended = true;
            foreach (var waiter in _waiters)
            {
                waiter.Found.TrySetResult(null);
            }

            _waiters.Clear();
        }
    }

    private sealed class Waiter(LineMatch match)
    {
        public LineMatch Match { get; } = match;

        // Continuations run off the reader's lock.
        public TaskCompletionSource<byte[]?> Found { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
