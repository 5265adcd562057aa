using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Waiaas.Mcp.Tests.Support;

public sealed record LogEntry(string Category, LogLevel Level, string Message);

/// <summary>Keeps every log line in memory so tests can check what was said (and that no token leaked).</summary>
public sealed class RecordingLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private TaskCompletionSource _logged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    /// <summary>Waits until <paramref name="count"/> lines containing <paramref name="text"/> were logged (bounded in real time).</summary>
    public Task WaitForAsync(string text, int count = 1) =>
        WaitForAsync(e => e.Message.Contains(text, StringComparison.Ordinal), count, $"'{text}'");

    /// <summary>Waits until a line matching <paramref name="match"/> was logged (bounded in real time).</summary>
    public Task WaitForAsync(Func<LogEntry, bool> match) => WaitForAsync(match, 1, "the expected text");

    /// <summary>Waits until <paramref name="count"/> lines matching <paramref name="match"/> were logged (bounded in real time).</summary>
    public async Task WaitForAsync(Func<LogEntry, bool> match, int count, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            Task logged;
            lock (_entries)
            {
                if (_entries.Count(match) >= count)
                {
                    return;
                }

                logged = _logged.Task;
            }

            try
            {
                await logged.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"fewer than {count} log lines with {what} within 10 s");
            }
        }
    }

    private void Add(LogEntry entry)
    {
        lock (_entries)
        {
            _entries.Enqueue(entry);
            _logged.TrySetResult();
            _logged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(string category, RecordingLoggerFactory factory) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            factory.Add(new LogEntry(category, logLevel, formatter(state, exception)));
    }
}
