using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Waiaas.Mcp.Hosting;

/// <summary>
/// Turns SIGTERM, SIGINT and SIGHUP into one cancellation, and guarantees the process is gone within
/// <see cref="ExitDeadline"/> of any shutdown cause, whatever is still pending. Idempotent.
/// </summary>
internal sealed partial class ShutdownSignals : IDisposable
{
    /// <summary>Clients expect a server to exit within 3 s; keep a margin.</summary>
    public static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(2.8);

    private readonly CancellationTokenSource _shutdown = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly ILogger _logger;
    private int _deadlineArmed;

    public ShutdownSignals(ILogger logger)
    {
        _logger = logger;
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGHUP })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true; // we exit with 0 ourselves, after cleanup
                Request(context.Signal.ToString());
            }));
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

    /// <summary>Starts the exit watchdog without cancelling (end of input: pending replies are still drained).</summary>
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

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _shutdown.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down ({Reason}).")]
    private partial void LogShutdown(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown did not finish within {Seconds} s; exiting anyway.")]
    private partial void LogForcedExit(double seconds);
}
