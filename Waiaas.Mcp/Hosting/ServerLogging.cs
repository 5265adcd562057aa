using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Waiaas.Mcp.Hosting;

/// <summary>Builds the logger factory: console provider, every level to stderr, our one-line format.</summary>
internal static class ServerLogging
{
    private const string SdkCategoryPrefix = "ModelContextProtocol";

    public static ILoggerFactory CreateStderrLoggerFactory(LogLevel level) =>
        LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(level);

            // The SDK logs whole messages (tool arguments included) at Trace: never let that reach a log
            // a user might paste into an issue. Its Information chatter is noise for a stdio server.
            builder.AddFilter(SdkCategoryPrefix, level <= LogLevel.Debug ? LogLevel.Debug : LogLevel.Warning);

            builder.AddConsole(options =>
            {
                options.FormatterName = StderrLogFormatter.FormatterName;
                // stdout is the protocol stream: every level goes to stderr.
                options.LogToStandardErrorThreshold = LogLevel.Trace;
            });
            // AddConsoleFormatter<,>() binds options from configuration (reflection); ours has none to bind.
            builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ConsoleFormatter, StderrLogFormatter>());
        });
}
