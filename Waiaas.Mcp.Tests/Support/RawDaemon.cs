using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Waiaas.Mcp.Tests.Support;

/// <summary>One request as <see cref="RawDaemon"/> read it off the socket, and the connection it came on.</summary>
public sealed record RawRequest(int Connection, string Method, string Target, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A fake daemon at the byte level, for what an HTTP framework will not do on purpose: answers cut mid-body, a
/// Content-Length longer than the body, a chunked body that stops, a reset after the request was read, silence.
/// A real TCP listener on 127.0.0.1; <see cref="Behaviour"/> decides, per request, what goes back on the socket.
/// </summary>
public sealed class RawDaemon : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Socket> _sockets = [];
    private readonly Channel<RawRequest> _arrivals = Channel.CreateUnbounded<RawRequest>();
    private readonly ConcurrentQueue<RawRequest> _requests = new();
    private readonly Task _accepting;
    private int _connections;

    public RawDaemon(Func<RawRequest, RawAnswer> behaviour)
    {
        Behaviour = behaviour;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>What to do with each request; may be swapped between calls.</summary>
    public Func<RawRequest, RawAnswer> Behaviour { get; set; }

    public Uri BaseUrl => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>Every request read so far, in arrival order.</summary>
    public IReadOnlyList<RawRequest> Requests => [.. _requests];

    /// <summary>The next request to arrive (or already arrived and not yet taken), within a safety timeout.</summary>
    public async Task<RawRequest> NextRequestAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _arrivals.Reader.ReadAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            _sockets.Add(socket);
            _ = ServeAsync(socket, Interlocked.Increment(ref _connections));
        }
    }

    private async Task ServeAsync(Socket socket, int connection)
    {
        try
        {
            using var stream = new NetworkStream(socket, ownsSocket: false);
            var buffered = new List<byte>();
            while (await ReadRequestAsync(stream, buffered, connection) is { } request)
            {
                _requests.Enqueue(request);
                _arrivals.Writer.TryWrite(request);
                var answer = Behaviour(request);
                if (!await answer.ActAsync(socket, stream, _stop.Token))
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client went away, or the daemon is stopping.
        }
        finally
        {
            socket.Dispose();
        }
    }

    private static async Task<RawRequest?> ReadRequestAsync(NetworkStream stream, List<byte> buffered, int connection)
    {
        var chunk = new byte[64 * 1024];
        int headEnd;
        while ((headEnd = IndexOf(buffered, "\r\n\r\n"u8)) < 0)
        {
            var read = await stream.ReadAsync(chunk);
            if (read == 0)
            {
                return null;
            }

            buffered.AddRange(chunk.AsSpan(0, read));
        }

        var head = Encoding.ASCII.GetString([.. buffered.GetRange(0, headEnd)]).Split("\r\n");
        var headers = head.Skip(1).Select(line => line.Split(':', 2))
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var length = headers.TryGetValue("Content-Length", out var value) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        buffered.RemoveRange(0, headEnd + 4);
        while (buffered.Count < length)
        {
            var read = await stream.ReadAsync(chunk);
            if (read == 0)
            {
                return null;
            }

            buffered.AddRange(chunk.AsSpan(0, read));
        }

        var body = Encoding.UTF8.GetString([.. buffered.GetRange(0, length)]);
        buffered.RemoveRange(0, length);
        var requestLine = head[0].Split(' ');
        return new RawRequest(connection, requestLine[0], requestLine[1], headers, body);
    }

    private static int IndexOf(List<byte> bytes, ReadOnlySpan<byte> needle)
    {
        for (var i = 0; i + needle.Length <= bytes.Count; i++)
        {
            var match = true;
            for (var j = 0; j < needle.Length && match; j++)
            {
                match = bytes[i + j] == needle[j];
            }

            if (match)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>What <see cref="RawDaemon"/> writes back for one request, and whether the connection stays open after.</summary>
public abstract record RawAnswer
{
    /// <summary>Acts on the connection; false when it is closed (or left hanging) afterwards.</summary>
    public abstract Task<bool> ActAsync(Socket socket, NetworkStream stream, CancellationToken stopping);

    /// <summary>A complete answer with Content-Length; the connection stays open (keep-alive).</summary>
    public static RawAnswer Json(int status, string body) => new Bytes(Response(status, Encoding.UTF8.GetBytes(body)), KeepOpen: true);

    /// <summary>A complete answer with Content-Length from already-encoded bytes (large bodies).</summary>
    public static RawAnswer Json(int status, byte[] body) => new Bytes(Response(status, body), KeepOpen: true);

    /// <summary>Headers announcing more bytes than follow, then the connection closes.</summary>
    public static RawAnswer ShortContentLength(int status, string body) => new Bytes(
        [.. Encoding.ASCII.GetBytes($"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body) + 100}\r\n\r\n"), .. Encoding.UTF8.GetBytes(body)],
        KeepOpen: false);

    /// <summary>A chunked body that stops inside a chunk, then the connection closes.</summary>
    public static RawAnswer TruncatedChunked(int status, string firstBytes) => new Bytes(
        [.. Encoding.ASCII.GetBytes($"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n100\r\n"), .. Encoding.UTF8.GetBytes(firstBytes)],
        KeepOpen: false);

    /// <summary>Headers and the first part of the body, then a TCP reset.</summary>
    public static RawAnswer ResetMidBody(int status, string body) => new Bytes(
        [.. Encoding.ASCII.GetBytes($"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body) * 2}\r\n\r\n"), .. Encoding.UTF8.GetBytes(body)],
        KeepOpen: false, Reset: true);

    /// <summary>The request was read in full; nothing is answered and the connection is reset.</summary>
    public static RawAnswer ResetAfterRequest { get; } = new Bytes([], KeepOpen: false, Reset: true);

    /// <summary>The request was read in full; nothing is answered and the connection is closed.</summary>
    public static RawAnswer CloseAfterRequest { get; } = new Bytes([], KeepOpen: false);

    /// <summary>The request was read in full; nothing is ever answered (until the daemon is disposed).</summary>
    public static RawAnswer Silence { get; } = new Hang();

    private static byte[] Response(int status, byte[] body) =>
        [.. Encoding.ASCII.GetBytes($"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n"), .. body];

    private sealed record Bytes(byte[] Content, bool KeepOpen, bool Reset = false) : RawAnswer
    {
        public override async Task<bool> ActAsync(Socket socket, NetworkStream stream, CancellationToken stopping)
        {
            if (Content.Length > 0)
            {
                await stream.WriteAsync(Content, stopping);
                await stream.FlushAsync(stopping);
            }

            if (Reset)
            {
                // Linger 0: close sends RST instead of FIN.
                socket.LingerState = new LingerOption(true, 0);
            }

            return KeepOpen;
        }
    }

    private sealed record Hang : RawAnswer
    {
        public override async Task<bool> ActAsync(Socket socket, NetworkStream stream, CancellationToken stopping)
        {
            await Task.Delay(Timeout.Infinite, stopping);
            return false;
        }
    }
}

/// <summary>Every way an answer is lost once the request is on the daemon's socket (the request was read in full).</summary>
public static class LostAnswers
{
    public static TheoryData<string> Names =>
    [
        "reset after the request was read",
        "closed after the request was read",
        "Content-Length longer than the body",
        "chunked body cut inside a chunk",
        "reset in the middle of the body",
        "2xx answer that is not JSON",
    ];

    /// <summary>The fault named <paramref name="name"/>, cutting <paramref name="accepted"/> (a 201 body) where it cuts.</summary>
    public static RawAnswer For(string name, string accepted) => name switch
    {
        "reset after the request was read" => RawAnswer.ResetAfterRequest,
        "closed after the request was read" => RawAnswer.CloseAfterRequest,
        "Content-Length longer than the body" => RawAnswer.ShortContentLength(201, accepted),
        "chunked body cut inside a chunk" => RawAnswer.TruncatedChunked(201, accepted[..(accepted.Length / 2)]),
        "reset in the middle of the body" => RawAnswer.ResetMidBody(201, accepted[..(accepted.Length / 2)]),
        "2xx answer that is not JSON" => RawAnswer.Json(201, "<html>accepted</html>"),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
