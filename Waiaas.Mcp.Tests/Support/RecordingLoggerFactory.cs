using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Waiaas.Mcp.Tests.Support;

public sealed record LogEntry(string Category, LogLevel Level, string Message);

/// <summary>Keeps every log line in memory so tests can check what was said (and that no token leaked).</summary>
public sealed class RecordingLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly Lock _waitersGate = new();
    private readonly List<(Func<LogEntry, bool> Match, TaskCompletionSource Logged)> _waiters = [];

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Add);

    /// <summary>Completes once a line matching <paramref name="match"/> is logged (or already was), within the test's timeout.</summary>
    public Task WaitForAsync(Func<LogEntry, bool> match)
    {
        var logged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waitersGate)
        {
            if (_entries.Any(match))
            {
                return Task.CompletedTask;
            }

            _waiters.Add((match, logged));
        }

        return logged.Task.WaitAsync(TestContext.Timeout);
    }

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private void Add(LogEntry entry)
    {
        lock (_waitersGate)
        {
            _entries.Enqueue(entry);
            foreach (var waiter in _waiters.Where(w => w.Match(entry)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Logged.TrySetResult();
            }
        }
    }

    private sealed class Logger(string category, Action<LogEntry> add) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            add(new LogEntry(category, logLevel, formatter(state, exception)));
    }
}
