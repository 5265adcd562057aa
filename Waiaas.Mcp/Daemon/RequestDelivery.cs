using System.Net.Http;
using System.Net.Sockets;

namespace Waiaas.Mcp.Daemon;

/// <summary>
/// Whether a request may have reached the daemon: set once any byte of it went to a connection. The HTTP stack
/// writes a request from the request's own async flow, so the connection stream (<see cref="ConnectAsync"/>) marks
/// the request of the flow that writes. A failure before that (refused, DNS, connect timeout, a timeout while
/// connecting) is known to be before delivery; after it, a request that must not run twice has an unknown outcome.
/// </summary>
internal sealed class RequestDelivery
{
    private static readonly AsyncLocal<RequestDelivery?> Current = new();
    private volatile bool _written;

    private RequestDelivery()
    {
    }

    /// <summary>True once a byte of the request was handed to the connection (it may be at the daemon).</summary>
    public bool MayHaveReachedDaemon => _written;

    /// <summary>Starts tracking the request sent next from the calling async flow.</summary>
    public static RequestDelivery Track()
    {
        var delivery = new RequestDelivery();
        Current.Value = delivery;
        return delivery;
    }

    /// <summary>
    /// A <see cref="SocketsHttpHandler.ConnectCallback"/>: the default TCP connect, with writes tracked.
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(
        SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = Socket.OSSupportsIPv6
            ? new Socket(SocketType.Stream, ProtocolType.Tcp)
            : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.NoDelay = true;
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
            return new TrackedStream(new NetworkStream(socket, ownsSocket: true));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static void MarkWritten()
    {
        if (Current.Value is { } delivery)
        {
            delivery._written = true;
        }
    }

    /// <summary>The connection as the HTTP stack sees it; only writes are observed.</summary>
    private sealed class TrackedStream(NetworkStream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => inner.Read(buffer);

        public override Task<int> ReadAsync(
            byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count)
        {
            MarkWritten();
            inner.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            MarkWritten();
            inner.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            MarkWritten();
            return inner.WriteAsync(buffer, offset, count, cancellationToken);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            MarkWritten();
            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override ValueTask DisposeAsync()
        {
            GC.SuppressFinalize(this);
            return inner.DisposeAsync();
        }
    }
}
