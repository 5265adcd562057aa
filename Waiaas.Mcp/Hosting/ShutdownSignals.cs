using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Waiaas.Mcp.Hosting;

/// <summary>
/// Turns SIGTERM, SIGINT and SIGHUP into one cancellation, and guarantees the process is gone within
/// <see cref="ExitDeadline"/> of any shutdown cause, whatever is still pending. Idempotent.
/// The handlers stay installed until the process is gone: a client that sends SIGTERM while the server is already
/// exiting (the TypeScript SDK does, 2 s after closing stdin) must not turn a clean exit 0 into death by signal.
/// </summary>
internal sealed partial class ShutdownSignals : IDisposable
{
    /// <summary>Clients expect a server to exit within 3 s; keep a margin.</summary>
    public static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(2.8);

    /// <summary>
    /// Never disposed: disposing a registration gives the signal its default action (terminate) back.
    /// </summary>
    private static readonly List<PosixSignalRegistration> Registrations = [];

    private readonly CancellationTokenSource _shutdown = new();
    private readonly ILogger _logger;
    private int _deadlineArmed;
    private volatile bool _disposed;

    public ShutdownSignals(ILogger logger)
    {
        _logger = logger;
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGHUP })
        {
            var registration = PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true; // we exit with 0 ourselves, after cleanup
                if (!_disposed)
                {
                    Request(context.Signal.ToString());
                }
            });
            lock (Registrations)
            {
                Registrations.Add(registration);
            }
        }
    }

    public CancellationToken Token => _shutdown.Token;

    /// <summary>Stops serving now (signals). In-flight requests are cancelled.</summary>
    public void Request(string reason)
    {
        LogShutdown(reason);
        ArmExitDeadline();
        try
        {
            _shutdown.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already shut down.
        }
    }

    /// <summary>
    /// Starts the exit watchdog without cancelling (end of input: pending replies are still drained).
    /// </summary>
    public void ArmExitDeadline()
    {
        if (Interlocked.Exchange(ref _deadlineArmed, 1) == 0)
        {
            var watchdog = new Thread(() =>
            {
                Thread.Sleep(ExitDeadline);
                LogForcedExit(ExitDeadline.TotalSeconds);
                Environment.Exit(0);
            })
            { IsBackground = true, Name = "exit-deadline" };
            watchdog.Start();
        }
    }

    /// <summary>
    /// Stops turning signals into a shutdown (the serving is over); they are still swallowed until exit.
    /// </summary>
    public void Dispose() => _disposed = true;

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down ({Reason}).")]
    private partial void LogShutdown(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown did not finish within {Seconds} s; exiting anyway.")]
    private partial void LogForcedExit(double seconds);
}
