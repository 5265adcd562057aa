using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Waiaas.Mcp.Hosting;

/// <summary>Builds the logger factory: console provider, every level to stderr, our one-line format.</summary>
/// <remarks>
/// Built by hand rather than through <c>LoggerFactory.Create(builder => builder.AddConsole())</c>: that path
/// resolves the same objects through the DI container, whose reflection-driven call-site building was the largest
/// single cost up to the <c>initialize</c> reply (docs/performance.md). The result is the same provider, options and
/// filters.
/// </remarks>
internal static class ServerLogging
{
    private const string SdkCategoryPrefix = "ModelContextProtocol";

    public static ILoggerFactory CreateStderrLoggerFactory(LogLevel level)
    {
        var filters = new LoggerFilterOptions { MinLevel = level };

        // The SDK logs whole messages (tool arguments included) at Trace: never let that reach a log
        // a user might paste into an issue. Its Information chatter is noise for a stdio server.
        filters.Rules.Add(new LoggerFilterRule(
            null, SdkCategoryPrefix, level <= LogLevel.Debug ? LogLevel.Debug : LogLevel.Warning, null));

        var console = new ConsoleLoggerOptions
        {
            FormatterName = StderrLogFormatter.FormatterName,
            // stdout is the protocol stream: every level goes to stderr.
            LogToStandardErrorThreshold = LogLevel.Trace,
            // A client that never drains stderr must not stall the server: once the queue is full (the pipe full
            // behind it), lines are dropped instead of blocking whoever logs, protocol handlers included.
            QueueFullMode = ConsoleLoggerQueueFullMode.DropWrite,
        };
        var factory = new LoggerFactory([], filters);
        // Added, not passed to the constructor: only added providers are disposed with the factory, and disposing
        // the console provider is what flushes its queue (the last lines, e.g. "Stopped.") before the process exits.
        factory.AddProvider(
            new ConsoleLoggerProvider(new FixedConsoleLoggerOptions(console), [new StderrLogFormatter()]));
        return factory;
    }
}
