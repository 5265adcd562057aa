using Microsoft.Extensions.Time.Testing;

namespace Waiaas.Mcp.Tests.Support;

/// <summary>
/// A fake clock whose timers can be seen: which are armed and when they are due. Tests wait until the code under
/// test has armed the timer they expect (an observable fact, not a hook in the code), then advance past it.
/// </summary>
public sealed class ObservableClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ObservedTimer, DateTimeOffset> _armed = [];
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>When each armed timer is due, earliest first.</summary>
    public IReadOnlyList<DateTimeOffset> Armed
    {
        get
        {
            lock (_gate)
            {
                return [.. _armed.Values.Order()];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var observed = new ObservedTimer(this);
        observed.Inner = base.CreateTimer(
            s =>
            {
                observed.Fired();
                callback(s);
            },
            state,
            dueTime,
            period);

        // Recorded once the fake clock knows the timer (a test may advance as soon as it sees it armed), unless it
        // already fired inside the call.
        observed.Armed(dueTime, firedBefore: 0);
        return observed;
    }

    /// <summary>Waits until a timer due <paramref name="after"/> from now is armed (bounded in real time).</summary>
    public Task WaitForTimerAsync(TimeSpan after)
    {
        var due = GetUtcNow() + after;
        return WaitUntilAsync(armed => armed.Contains(due), $"a timer due in {after}");
    }

    /// <summary>Waits until the armed timers are exactly those due <paramref name="after"/> from now (bounded in real time).</summary>
    public Task WaitForOnlyTimersAsync(params TimeSpan[] after)
    {
        var now = GetUtcNow();
        var expected = after.Select(a => now + a).Order().ToList();
        return WaitUntilAsync(armed => armed.Order().SequenceEqual(expected), $"exactly the timers [{string.Join(", ", after)}]");
    }

    /// <summary>Waits until no timer is armed (bounded in real time).</summary>
    public Task WaitForNoTimerAsync() => WaitUntilAsync(armed => armed.Count == 0, "no timer armed");

    /// <summary>Waits for the timer due <paramref name="after"/> from now, then advances the clock to it.</summary>
    public async Task ElapseAsync(TimeSpan after)
    {
        await WaitForTimerAsync(after);
        Advance(after);
    }

    private async Task WaitUntilAsync(Func<IReadOnlyList<DateTimeOffset>, bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (condition([.. _armed.Values]))
                {
                    return;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"waited 10 s for {what}; armed: [{string.Join(", ", Armed.Select(d => d - GetUtcNow()))}]");
            }
        }
    }

    private void Arm(ObservedTimer timer, TimeSpan dueTime)
    {
        lock (_gate)
        {
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                _armed.Remove(timer);
            }
            else
            {
                _armed[timer] = GetUtcNow() + dueTime;
            }

            Signal();
        }
    }

    private void Disarm(ObservedTimer timer)
    {
        lock (_gate)
        {
            _armed.Remove(timer);
            Signal();
        }
    }

    private void Signal()
    {
        _changed.TrySetResult();
        _changed = NewSignal();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class ObservedTimer(ObservableClock clock) : ITimer
    {
        private int _fired;

        public ITimer Inner { get; set; } = null!;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var firedBefore = Volatile.Read(ref _fired);
            var changed = Inner.Change(dueTime, period);
            Armed(dueTime, firedBefore);
            return changed;
        }

        public void Fired()
        {
            Interlocked.Increment(ref _fired);
            clock.Disarm(this);
        }

        public void Armed(TimeSpan dueTime, int firedBefore)
        {
            if (Volatile.Read(ref _fired) == firedBefore)
            {
                clock.Arm(this, dueTime);
            }
        }

        public void Dispose()
        {
            Inner.Dispose();
            clock.Disarm(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
