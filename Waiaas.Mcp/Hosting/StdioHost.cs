using Microsoft.Extensions.Logging;
using Waiaas.Mcp.Configuration;

namespace Waiaas.Mcp.Hosting;

/// <summary>The serving process: stderr logging, signal handling, then MCP on this process's stdin/stdout.</summary>
internal static partial class StdioHost
{
    /// <summary>Long enough for initialize, the first tools/list and the fetch of the action tools.</summary>
    private static readonly TimeSpan StartupSettled = TimeSpan.FromSeconds(3);

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
        using var serving = new CancellationTokenSource();
        _ = HandBackStartupMemoryAsync(logger, serving.Token);
        await using (server.ConfigureAwait(false))
        {
            await server.RunAsync(
                StandardStreams.OpenInput(),
                StandardStreams.OpenOutput(),
                signals.Token,
                onInputEnded: signals.ArmExitDeadline).ConfigureAwait(false);
        }

        await serving.CancelAsync().ConfigureAwait(false);
        LogStopped(logger);
        return 0;
    }

    /// <summary>
    /// Start-up leaves megabytes of garbage (JSON contracts, the first replies) in a heap that no collection visits
    /// while the server idles, and an idle server is the common case: clients start one per wallet. Once the session
    /// has settled, one collection that also returns the freed memory to the system leaves each such server holding
    /// only what it uses.
    /// </summary>
    private static async Task HandBackStartupMemoryAsync(ILogger logger, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(StartupSettled, TimeProvider.System, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var before = Environment.WorkingSet;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        LogStartupMemoryHandedBack(logger, before / 1048576.0, Environment.WorkingSet / 1048576.0);
    }

    [LoggerMessage(
        Level = LogLevel.Debug,
        Message = "Start-up memory handed back: working set {Before:0.0} -> {After:0.0} MiB.")]
    private static partial void LogStartupMemoryHandedBack(ILogger logger, double before, double after);

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
