using Microsoft.Extensions.Logging;
using Waiaas.Mcp.Configuration;

namespace Waiaas.Mcp.Hosting;

/// <summary>The serving process: stderr logging, signal handling, then MCP on this process's stdin/stdout.</summary>
internal static partial class StdioHost
{
    public static async Task<int> RunAsync(ServerConfiguration configuration)
    {
        using var loggerFactory = ServerLogging.CreateStderrLoggerFactory(configuration.LogLevel);
        var logger = loggerFactory.CreateLogger(LogCategories.Server);
        AppDomain.CurrentDomain.UnhandledException += (_, e) => LogUnhandled(logger, e.ExceptionObject.GetType().Name);
        TaskScheduler.UnobservedTaskException += (_, e) =>
        {
            LogUnobserved(logger, e.Exception.InnerException?.GetType().Name ?? nameof(AggregateException));
            e.SetObserved();
        };

        foreach (var problem in configuration.Problems)
        {
            LogConfigurationProblem(logger, problem);
        }

        // Signals are wired before stdio is connected, so no window exists in which SIGTERM kills us mid-write.
        using var signals = new ShutdownSignals(logger);
        LogStarting(
            logger, configuration.ServerName, ServerVersion.Current, configuration.BaseUrl?.ToString() ?? "(invalid)");

        var server = new WaiaasServer(configuration, loggerFactory, TimeProvider.System);
        await using (server.ConfigureAwait(false))
        {
            await server.RunAsync(
                StandardStreams.OpenInput(),
                StandardStreams.OpenOutput(),
                signals.Token,
                onInputEnded: signals.ArmExitDeadline).ConfigureAwait(false);
        }

        LogStopped(logger);
        return 0;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Name} {Version} serving MCP on stdio (daemon {BaseUrl}).")]
    private static partial void LogStarting(ILogger logger, string name, string version, string baseUrl);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped.")]
    private static partial void LogStopped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Configuration: {Problem}")]
    private static partial void LogConfigurationProblem(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Unhandled exception ({ErrorType}).")]
    private static partial void LogUnhandled(ILogger logger, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unobserved task exception ({ErrorType}).")]
    private static partial void LogUnobserved(ILogger logger, string errorType);
}
