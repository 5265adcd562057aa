using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Waiaas.Mcp.Tests.Support;

/// <summary>A loopback listener that accepts connections and never answers: the daemon that hangs.</summary>
public sealed class HangingDaemon : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _accepted = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstConnection = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<int> _connectionCounts = Channel.CreateUnbounded<int>();

    public HangingDaemon()
    {
        _listener.Start();
        _ = AcceptForeverAsync();
    }

    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Completes when a client has connected: its request is now in flight (for advancing a fake clock past its timeout).</summary>
    public Task FirstConnection => _firstConnection.Task;

    /// <summary>Waits (bounded) until <paramref name="count"/> connections have been accepted in all: as many requests are in flight.</summary>
    public async Task WaitForConnectionsAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await _connectionCounts.Reader.ReadAsync(timeout.Token) < count)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_accepted)
        {
            _accepted.ForEach(socket => socket.Dispose());
        }

        _stop.Dispose();
    }

    private async Task AcceptForeverAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                int count;
                lock (_accepted)
                {
                    _accepted.Add(socket);
                    count = _accepted.Count;
                }

                _connectionCounts.Writer.TryWrite(count);

                _firstConnection.TrySetResult();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }
}
