namespace Waiaas.Mcp.Daemon;

/// <summary>
/// Bounds the bytes of all daemon answers in flight, so a burst of large answers cannot take the memory of the
/// machine: an answer that would cross the bound is refused instead of read. An answer is in flight from its first
/// byte until the reply built from it has been written, when the request is inside <see cref="HoldUntilReplied"/>
/// (the server wraps every MCP request in one); otherwise until the daemon call returns. The text, the SDK's
/// serialization and the output line built from an answer all live that long, and together cost several times its size.
/// </summary>
internal sealed class AnswerBudget(long limit)
{
    private static readonly AsyncLocal<Holder?> CurrentHolder = new();
    private long _used;

    public long Limit => limit;

    /// <summary>
    /// From here on in the calling async flow, the bytes of every answer read stay counted until the returned scope is
    /// disposed (after the reply is written).
    /// </summary>
    public static IDisposable HoldUntilReplied()
    {
        var holder = new Holder();
        CurrentHolder.Value = holder;
        return holder;
    }

    /// <summary>
    /// Takes <paramref name="bytes"/> from the budget; false (nothing taken) when that would cross the limit.
    /// </summary>
    public bool TryTake(long bytes)
    {
        var used = Volatile.Read(ref _used);
        while (true)
        {
            if (used + bytes > limit)
            {
                return false;
            }

            var seen = Interlocked.CompareExchange(ref _used, used + bytes, used);
            if (seen == used)
            {
                return true;
            }

            used = seen;
        }
    }

    /// <summary>Gives <paramref name="bytes"/> back now, or when the current request's reply is written.</summary>
    public void Release(long bytes)
    {
        if (bytes > 0 && CurrentHolder.Value?.Keep(this, bytes) != true)
        {
            Interlocked.Add(ref _used, -bytes);
        }
    }

    private void ReturnNow(long bytes) => Interlocked.Add(ref _used, -bytes);

    /// <summary>The bytes one MCP request keeps counted until its reply is out.</summary>
    private sealed class Holder : IDisposable
    {
        private readonly Lock _gate = new();
        private List<(AnswerBudget Budget, long Bytes)>? _kept = [];

        /// <summary>
        /// False once the reply is out (work the request started may outlive it): the caller returns the bytes.
        /// </summary>
        public bool Keep(AnswerBudget budget, long bytes)
        {
            lock (_gate)
            {
                _kept?.Add((budget, bytes));
                return _kept is not null;
            }
        }

        public void Dispose()
        {
            List<(AnswerBudget Budget, long Bytes)>? kept;
            lock (_gate)
            {
                kept = _kept;
                _kept = null;
            }

            kept?.ForEach(entry => entry.Budget.ReturnNow(entry.Bytes));
        }
    }
}
