using System.Text;
using System.Text.Json;
using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Tests.Support;
using Xunit.Abstractions;
using Waiaas.Mcp.Results;

namespace Waiaas.Mcp.Tests.EndToEnd;

/// <summary>
/// Memory follows the work: the published binary's peak RSS (VmHWM) under large daemon answers is bounded in bytes,
/// for one answer and for many at once (the answers in flight are bounded; the rest are refused with an isError
/// naming the limit). Linux only: VmHWM comes from /proc.
/// </summary>
[Collection(PublishedBinaryCollection.Name)]
[Trait("Category", "Binary")]
public sealed class LargeAnswerBinaryTests(ITestOutputHelper output)
{
    private const int AnswerBytes = 15 << 20;

    // What one answer costs at its peak, in units of its size: the body (1), the tool result text in UTF-16 (2), the
    // SDK's serialization of the result (about 4: an escaped UTF-16 copy, its UTF-8 form, the parsed copy) and the
    // output line (about 3: unescape, re-escape, the line itself in segments that are never copied). The bound lies
    // below what the server needed while the line grew by doubling (about 13).
    private const double PeakPerAnswerByte = 12.5;

    private static readonly string ListTransactions = """{"name":"list_transactions","arguments":{}}""";

    private static readonly byte[] Body = LargeBody(AnswerBytes);

    [Fact]
    public async Task Binary_OneLargeAnswer_PeakRssBoundedInBytes()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // VmHWM is read from /proc.
        }

        await using var running = await LargeAnswerServer.StartAsync(Body);
        var (server, idle) = (running.Server, running.IdlePeak);

        var reply = ToolReply.From(await server.RequestAsync(1, "tools/call", ListTransactions, TimeSpan.FromSeconds(60)));

        Assert.False(reply.IsError);
        Assert.Equal(Body.Length, Encoding.UTF8.GetByteCount(reply.Json.GetRawText()));
        var peak = server.PeakResidentBytes()!.Value;
        var measured = $"peak RSS {peak >> 20} MiB, idle {idle >> 20} MiB, answer {Body.Length >> 20} MiB";
        output.WriteLine(measured);
        Assert.True(peak <= idle + (PeakPerAnswerByte * Body.Length), measured);
    }

    [Fact]
    public async Task Binary_EightLargeAnswersAtOnce_AnswersInFlightBoundedAndTheRestRefusedNamingTheLimit()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // VmHWM is read from /proc.
        }

        await using var running = await LargeAnswerServer.StartAsync(Body);
        var (server, idle) = (running.Server, running.IdlePeak);

        await server.WriteLinesAsync([.. Enumerable.Range(1, 8).Select(id => JsonRpcLines.Request(id, "tools/call", ListTransactions))]);
        var replies = new List<ToolReply>();
        foreach (var id in Enumerable.Range(1, 8))
        {
            replies.Add(ToolReply.From(await server.WaitForResponseAsync(id, TimeSpan.FromSeconds(120))));
        }

        var answered = replies.Count(r => !r.IsError);
        var refused = replies.Where(r => r.IsError).ToList();
        Assert.All(refused, r => Assert.Equal(ServerErrorCodes.AnswerTooLarge, r.Json.GetProperty("code").GetString()));
        Assert.All(refused, r => Assert.Contains($"{DaemonRequestSender.MaxAnswerBytesInFlight >> 20} MiB", r.Json.GetProperty("message").GetString(), StringComparison.Ordinal));
        Assert.True(answered >= 1, "at least the first answer fits the budget");
        Assert.NotEmpty(refused);
        var inFlight = (int)(DaemonRequestSender.MaxAnswerBytesInFlight / Body.Length);
        var peak = server.PeakResidentBytes()!.Value;
        var measured = $"peak RSS {peak >> 20} MiB, idle {idle >> 20} MiB, {answered} answered, {refused.Count} refused";
        output.WriteLine(measured);

        // The bound admits this many at once. One more is answered when a reply is out before a later answer arrives
        // (a busy machine): then the memory the earlier one used may not have been collected yet, so each answer served
        // counts. Never all eight at once, as before the bound (about 1 GiB).
        Assert.True(peak <= idle + (PeakPerAnswerByte * Body.Length * Math.Max(inFlight, answered)), measured);
    }

    /// <summary>The real transaction list grown to about <paramref name="bytes"/>: the daemon's own density of quotes and keys.</summary>
    private static byte[] LargeBody(int bytes)
    {
        using var document = JsonDocument.Parse(FakeDaemon.ReadFixture("GET-v1-transactions.200.json"));
        var items = document.RootElement.GetProperty("items").EnumerateArray().Select(item => JsonSerializer.Serialize(item, TestJson.Default.JsonElement)).ToArray();
        var builder = new StringBuilder("{\"items\":[");
        for (var i = 0; builder.Length < bytes - 64; i++)
        {
            builder.Append(i == 0 ? string.Empty : ",").Append(items[i % items.Length]);
        }

        return Encoding.UTF8.GetBytes(builder.Append("],\"nextCursor\":null}").ToString());
    }

    /// <summary>A published server, initialized, against a daemon that answers every tool request with one large body.</summary>
    private sealed class LargeAnswerServer : IAsyncDisposable
    {
        private readonly RawDaemon _daemon;

        private LargeAnswerServer(RawDaemon daemon, ServerProcess server)
        {
            _daemon = daemon;
            Server = server;
        }

        public ServerProcess Server { get; }

        /// <summary>VmHWM once initialized, before any large answer.</summary>
        public long IdlePeak { get; private set; }

        public static async Task<LargeAnswerServer> StartAsync(byte[] body)
        {
            // The background action-tools fetch gets an empty provider list: only the tool calls read the large body.
            var daemon = new RawDaemon(request => RawAnswer.Json(
                200, request.Target.StartsWith("/v1/actions/providers", StringComparison.Ordinal) ? Encoding.UTF8.GetBytes("""{"providers":[]}""") : body));
            var running = new LargeAnswerServer(daemon, ServerProcess.Start(new Dictionary<string, string>
            {
                ["WAIAAS_BASE_URL"] = daemon.BaseUrl.ToString(),
                ["WAIAAS_SESSION_TOKEN"] = TestTokens.Create("s-1", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1)),
                ["WAIAAS_MCP_REQUEST_TIMEOUT_SECONDS"] = "60",
            }));
            await running.Server.InitializeAsync();
            running.IdlePeak = running.Server.PeakResidentBytes()!.Value;
            return running;
        }

        public async ValueTask DisposeAsync()
        {
            Server.Dispose();
            await _daemon.DisposeAsync();
        }
    }
}
