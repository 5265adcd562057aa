using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bench.Runner;

/// <summary>
/// A loopback HTTP/1.1 daemon answering GETs with the recorded fixture bodies
/// (<c>GET /v1/actions/providers</c> -> <c>GET-v1-actions-providers.200.json</c>), or, when hanging, never answering.
/// </summary>
internal sealed class FakeDaemon : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _fixtures;
    private readonly bool _hang;
    private readonly List<Socket> _held = [];
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (int Status, byte[] Body)> _answers = [];

    public FakeDaemon(string fixtures, bool hang)
    {
        _fixtures = fixtures;
        _hang = hang;
        LargeAnswer = LargeTransactionList(Path.Combine(fixtures, "GET-v1-transactions.200.json"), 1024 * 1024);
        _listener.Start();
        new Thread(Accept) { IsBackground = true, Name = "fake-daemon" }.Start();
    }

    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>The answer to <c>GET /v1/transactions</c>: a real transaction list grown to a chosen size (see <see cref="LargeTransactionList"/>).</summary>
    public byte[] LargeAnswer { get; set; }

    /// <summary>
    /// The real <c>GET /v1/transactions</c> answer with its items repeated until the compact body has about
    /// <paramref name="bytes"/> bytes: a large answer with the daemon's own density of quotes and keys.
    /// </summary>
    public static byte[] LargeTransactionList(string fixture, int bytes)
    {
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(fixture));
        var compactItems = document.RootElement.GetProperty("items").EnumerateArray().Select(Compact).ToArray();
        var body = new StringBuilder("{\"items\":[");
        for (var i = 0; body.Length < bytes - 64; i++)
        {
            body.Append(i == 0 ? string.Empty : ",").Append(compactItems[i % compactItems.Length]);
        }

        return Encoding.UTF8.GetBytes(body.Append("],\"nextCursor\":null}").ToString());
    }

    private static string Compact(System.Text.Json.JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            element.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public void DropConnections()
    {
        lock (_gate)
        {
            foreach (var socket in _held)
            {
                socket.Dispose();
            }

            _held.Clear();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        DropConnections();
    }

    private void Accept()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = _listener.AcceptSocket();
            }
            catch (SocketException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            socket.NoDelay = true;
            lock (_gate)
            {
                _held.Add(socket);
            }

            if (!_hang)
            {
                new Thread(() => Serve(socket)) { IsBackground = true }.Start();
            }
        }
    }

    private void Serve(Socket socket)
    {
        try
        {
            using var stream = new NetworkStream(socket, ownsSocket: false);
            using var reader = new StreamReader(stream, Encoding.ASCII);
            while (reader.ReadLine() is { Length: > 0 } requestLine)
            {
                var contentLength = 0;
                while (reader.ReadLine() is { Length: > 0 } header)
                {
                    if (header.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    {
                        contentLength = int.Parse(header["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    }
                }

                if (contentLength > 0)
                {
                    var body = new char[contentLength];
                    reader.ReadBlock(body, 0, contentLength);
                }

                var parts = requestLine.Split(' ');
                var (status, payload) = Answer(parts[0], parts[1].Split('?')[0]);
                var head = $"HTTP/1.1 {status} {(status == 200 ? "OK" : "Not Found")}\r\nContent-Type: application/json\r\nContent-Length: {payload.Length}\r\n\r\n";
                // One write: head and body in separate segments would meet Nagle + delayed ACK (40 ms stalls).
                stream.Write([.. Encoding.ASCII.GetBytes(head), .. payload]);
                stream.Flush();
            }
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private (int Status, byte[] Body) Answer(string method, string path)
    {
        if (method == "GET" && path == "/v1/transactions")
        {
            return (200, LargeAnswer);
        }

        // Read once: the per-call measures must not time the disk.
        var key = method + " " + path;
        lock (_gate)
        {
            if (!_answers.TryGetValue(key, out var answer))
            {
                _answers[key] = answer = Load(method, path);
            }

            return answer;
        }
    }

    private (int Status, byte[] Body) Load(string method, string path)
    {
        var stem = method + path.Replace('/', '-');
        foreach (var name in new[] { stem + ".200.json", stem + ".normal.json" })
        {
            var file = Path.Combine(_fixtures, name);
            if (File.Exists(file))
            {
                return (200, File.ReadAllBytes(file));
            }
        }

        return (404, """{"code":"NOT_FOUND","message":"not in the bench fixtures"}"""u8.ToArray());
    }
}
