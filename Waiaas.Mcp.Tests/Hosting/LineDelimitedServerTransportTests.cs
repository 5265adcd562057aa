using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Hosting;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.Hosting;

public sealed class LineDelimitedServerTransportTests
{
    [Fact]
    public async Task Serve_RequestsPipedThenInputClosed_EveryRequestAnswered()
    {
        var messages = await Serve(
            JsonRpcLines.Initialize,
            JsonRpcLines.Initialized,
            JsonRpcLines.Request(1, "tools/list"),
            JsonRpcLines.Request(2, "tools/call", """{"name":"get_balance","arguments":{}}"""),
            JsonRpcLines.Request(3, "tools/call", """{"name":"get_address","arguments":{}}"""),
            JsonRpcLines.Request(4, "resources/list"));

        foreach (var id in new object[] { "init", 1, 2, 3, 4 })
        {
            Assert.True(JsonRpcLines.ResponseTo(messages, id).TryGetProperty("result", out _));
        }
    }

    [Fact]
    public async Task Serve_GarbageBetweenRequests_IgnoredAndRequestsStillAnswered()
    {
        var messages = await Serve(
            JsonRpcLines.Initialize,
            "garbage",
            "{",
            "[1,2,3]",
            "\0\0\0",
            "",
            "   ",
            new string('[', 5000),
            """{"jsonrpc":"2.0","method":"no/such/notification"}""",
            JsonRpcLines.Request(1, "tools/list"),
            "null",
            "42",
            JsonRpcLines.Request(2, "no/such/method"));

        Assert.True(JsonRpcLines.ResponseTo(messages, 1).TryGetProperty("result", out _));
        Assert.True(JsonRpcLines.ResponseTo(messages, 2).TryGetProperty("error", out _));
        Assert.Equal(3, messages.Count);
    }

    [Fact]
    public async Task Serve_WrongJsonRpcVersionWithId_AnswersInvalidRequestForThatId()
    {
        var messages = await Serve(JsonRpcLines.Initialize, """{"jsonrpc":"1.0","id":9,"method":"tools/list"}""");

        var error = JsonRpcLines.ResponseTo(messages, 9).GetProperty("error");
        Assert.Equal(-32600, error.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Serve_CrlfAndMissingFinalNewline_BothAccepted()
    {
        var input = Encoding.UTF8.GetBytes(JsonRpcLines.Initialize + "\r\n" + JsonRpcLines.Request(1, "tools/list"));

        var messages = await ServeBytes(input);

        Assert.True(JsonRpcLines.ResponseTo(messages, 1).TryGetProperty("result", out _));
    }

    [Fact]
    public async Task Serve_InvalidUtf8Line_IgnoredAndNextAnswered()
    {
        var input = new List<byte>();
        input.AddRange(Encoding.UTF8.GetBytes(JsonRpcLines.Initialize + "\n"));
        input.AddRange([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D, 0x0A]); // {"\xFF\xFE":1}
        input.AddRange(Encoding.UTF8.GetBytes(JsonRpcLines.Request(1, "tools/list") + "\n"));

        var messages = await ServeBytes(input.ToArray());

        Assert.True(JsonRpcLines.ResponseTo(messages, 1).TryGetProperty("result", out _));
    }

    [Fact]
    public async Task Serve_LineOverTheLimit_SkippedWithoutBufferingAndNextAnswered()
    {
        var huge = "{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"tools/list\",\"pad\":\"" + new string('x', LineDelimitedServerTransport.MaxLineBytes + 1024) + "\"}";

        var messages = await Serve(JsonRpcLines.Initialize, huge, JsonRpcLines.Request(1, "tools/list"));

        Assert.True(JsonRpcLines.ResponseTo(messages, 1).TryGetProperty("result", out _));
        Assert.DoesNotContain(messages, m => m.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number && id.GetInt32() == 77);
    }

    [Fact]
    public async Task Serve_IdsOfEveryType_AnsweredWithTheSameId()
    {
        var messages = await Serve(
            JsonRpcLines.Initialize,
            """{"jsonrpc":"2.0","id":"s-1","method":"tools/list"}""",
            """{"jsonrpc":"2.0","id":0,"method":"tools/list"}""",
            """{"jsonrpc":"2.0","id":-5,"method":"tools/list"}""",
            """{"jsonrpc":"2.0","id":9007199254740993,"method":"tools/list"}""");

        Assert.Equal(5, messages.Count);
        foreach (var id in new object[] { "s-1", 0, -5, 9007199254740993 })
        {
            JsonRpcLines.ResponseTo(messages, id);
        }
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":"\ud800","method":"ping"}""")]
    [InlineData("""{"jsonrpc":"1.0","id":"\udfff","method":"ping"}""")]
    [InlineData("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"\ud800"}}""")]
    public async Task Serve_IdWithLoneSurrogateEscape_IgnoredAndNextAnswered(string line)
    {
        // Valid JSON, but the id is no UTF-16 string: reading it once threw and ended the read loop.
        var messages = await Serve(JsonRpcLines.Initialize, line, JsonRpcLines.Request(1, "ping"));

        Assert.True(JsonRpcLines.ResponseTo(messages, 1).TryGetProperty("result", out _));
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"get_balance","name":"wait_for_transaction","arguments":{}}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"send_token","arguments":{"to":"0xa","to":"0xb","amount":"1"}}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":7,"id":8,"method":"ping"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"get_balance"},"params":{"name":"send_token","arguments":{"to":"0xa","amount":"1"}}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":7,"method":"ping","method":"tools/list"}""")]
    [InlineData("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1,"requestId":2}}""")]
    public async Task Serve_FieldNameTwiceInOneObject_RefusedNamingItAndReadingGoesOn(string line)
    {
        // Which "to" did the client mean? Read leniently, such an object also threw where it was first looked into,
        // and once that ended the read loop.
        var messages = await Serve(JsonRpcLines.Initialize, JsonRpcLines.Initialized, line, JsonRpcLines.Request(1, "ping"));

        Assert.True(JsonRpcLines.ResponseTo(messages, 1).TryGetProperty("result", out _));
        var refusals = messages.Where(m => m.TryGetProperty("error", out _)).ToList();
        if (line.Contains("\"id\":7", StringComparison.Ordinal))
        {
            var error = Assert.Single(refusals).GetProperty("error");
            Assert.Equal(-32600, error.GetProperty("code").GetInt32());
            Assert.Contains("appears twice", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(refusals);
        }
    }

    [Fact]
    public async Task Serve_FarMoreRequestsThanMayBeInFlight_EveryOneAnsweredOnce()
    {
        // Requests beyond the bound wait for a place, or are refused as busy beyond that: none is lost or stuck.
        var count = LineDelimitedServerTransport.MaxRequestsInFlight * 8;
        var lines = Enumerable.Range(1, count).Select(id => JsonRpcLines.Request(id, id % 2 == 0 ? "tools/list" : "ping"));

        var messages = await Serve([JsonRpcLines.Initialize, .. lines]);

        Assert.Equal(count + 1, messages.Count);
        Assert.Equal(count + 1, messages.Select(m => m.GetProperty("id").GetRawText()).Distinct().Count());
    }

    [Fact]
    public async Task Serve_MoreCallsThanPlacesOnAHungDaemon_PingAnsweredExcessBusyAndACancellationLetsTheNextOneThrough()
    {
        using var daemon = new HangingDaemon();
        var now = DateTimeOffset.UtcNow;
        await using var server = RawServer.Start(new ServerConfiguration
        {
            BaseUrl = new Uri(daemon.BaseUrl),
            SessionToken = TestTokens.Create("s-1", now, now.AddHours(1)),
        });
        await server.SendAsync(RawServer.Initialize, JsonRpcLines.Initialized);
        await server.ResponseAsync("init");
        const int places = LineDelimitedServerTransport.MaxRequestsInFlight + LineDelimitedServerTransport.MaxRequestsWaiting;

        // Each call hangs on the daemon (the fake clock never times it out), so one of the last two finds no place. Which
        // one depends on a race: the initialize answer frees its place an instant after it is written, so the call
        // before the last may be refused and the last one then take the freed place.
        await server.SendAsync([.. Enumerable.Range(1, places + 1).Select(id => JsonRpcLines.Request(id, "tools/call", ToolReply.GetBalanceCall))]);
        var busy = (await server.NextAsync(message =>
            (JsonRpcLines.IsResponseTo(message, places) || JsonRpcLines.IsResponseTo(message, places + 1))
            && message.TryGetProperty("error", out _))).GetProperty("error");
        var pong = await server.RequestAsync("ping", "ping");

        // The action-tools fetch holds one connection, each call in flight one more; cancelling one lets the oldest waiting call go.
        await daemon.WaitForConnectionsAsync(1 + LineDelimitedServerTransport.MaxRequestsInFlight);
        await server.SendAsync("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}""");
        await daemon.WaitForConnectionsAsync(2 + LineDelimitedServerTransport.MaxRequestsInFlight);

        Assert.Equal(LineDelimitedServerTransport.ServerBusyCode, busy.GetProperty("code").GetInt32());
        Assert.Equal(JsonValueKind.Object, pong.GetProperty("result").ValueKind);
    }

    [Fact]
    public async Task Serve_EveryPlaceForLongWaitsTaken_OtherCallsStillAnsweredAndOneWaitMoreRefusedAsBusy()
    {
        // Each wait_for_transaction sees PENDING and then waits on the fake clock, which never moves: it never ends.
        const string transactionId = "01a20cd4-1111-7000-8000-000000000001";
        await using var daemon = await FakeDaemon.StartAsync();
        daemon.Preempt = Tools.ToolRequestTests.NoActionProviders;
        daemon.Fallback = request => request.PathAndQuery == $"/v1/transactions/{transactionId}"
            ? new FakeResponse(200, FakeDaemon.ReadFixture("GET-v1-transactions-id.transfer.200.json")
                .Replace("\"CONFIRMED\"", "\"PENDING\"", StringComparison.Ordinal))
            : FakeResponse.Fixture(200, "GET-v1-wallet-balance.solana.200.json");
        var now = DateTimeOffset.UtcNow;
        await using var server = RawServer.Start(new ServerConfiguration
        {
            BaseUrl = daemon.BaseUrl,
            SessionToken = TestTokens.Create("s-1", now, now.AddHours(1)),
        });
        await server.SendAsync(RawServer.Initialize, JsonRpcLines.Initialized);
        await server.ResponseAsync("init");
        var wait = $$$"""{"name":"wait_for_transaction","arguments":{"transaction_id":"{{{transactionId}}}"}}""";

        const int waits = LineDelimitedServerTransport.MaxLongWaitsInFlight;
        await server.SendAsync([.. Enumerable.Range(1, waits).Select(id => JsonRpcLines.Request(id, "tools/call", wait))]);
        for (var polled = 0; polled < waits;)
        {
            polled += (await daemon.NextRequestAsync()).PathAndQuery.StartsWith("/v1/transactions/", StringComparison.Ordinal) ? 1 : 0;
        }

        var busy = (await server.RequestAsync(waits + 1, "tools/call", wait)).GetProperty("error");
        var balance = (await server.RequestAsync(waits + 2, "tools/call", ToolReply.GetBalanceCall)).GetProperty("result");

        Assert.Equal(LineDelimitedServerTransport.ServerBusyCode, busy.GetProperty("code").GetInt32());
        Assert.Contains("waits are in progress", busy.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(balance.TryGetProperty("isError", out _));
    }

    [Fact]
    public async Task Serve_AnswerSentBeforeTheQuestion_IgnoredSoItNeverApprovesASpend()
    {
        // The server numbers its own requests 1, 2, ...: an "accept" for id 1 sent ahead of the call must not count.
        await using var daemon = await FakeDaemon.StartAsync();
        daemon.Preempt = Tools.ToolRequestTests.NoActionProviders;
        await using var server = await StartConfirmingServerAsync(daemon);

        await server.SendAsync(
            """{"jsonrpc":"2.0","id":1,"result":{"action":"accept"}}""",
            """{"jsonrpc":"2.0","id":2,"result":{"action":"accept"}}""",
            JsonRpcLines.Request(100, "tools/call", """{"name":"send_token","arguments":{"to":"0xb","amount":"1"}}"""));
        var question = await server.NextAsync(message => message.TryGetProperty("method", out var method) && method.GetString() == "elicitation/create");
        await server.CloseInputAsync();

        Assert.Contains("confirmation_unavailable", (await server.ResponseAsync(100)).GetRawText(), StringComparison.Ordinal);
        Assert.True(question.TryGetProperty("id", out _));
        Assert.DoesNotContain(daemon.Requests, r => r.PathAndQuery.StartsWith("/v1/transactions", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Serve_InputEndsWhileTheServerAwaitsTheClientsAnswer_CallRefusedAtOnceNothingSentAndTheServerStops()
    {
        // A confirmation asked through elicitation/create can never be answered once the client's input is over; the
        // clock is fake, so waiting for it would hold the drain for ever.
        await using var daemon = await FakeDaemon.StartAsync();
        daemon.Preempt = Tools.ToolRequestTests.NoActionProviders;
        await using var server = await StartConfirmingServerAsync(daemon);

        await server.SendAsync(JsonRpcLines.Request(1, "tools/call", """{"name":"send_token","arguments":{"to":"0xb","amount":"1"}}"""));
        await server.NextAsync(message => message.TryGetProperty("method", out var method) && method.GetString() == "elicitation/create");
        await server.CloseInputAsync();

        var answer = (await server.ResponseAsync(1)).GetProperty("result");
        var text = answer.GetProperty("content")[0].GetProperty("text").GetString()!;
        Assert.Contains("confirmation_unavailable", text, StringComparison.Ordinal);
        Assert.Contains("closed its input", text, StringComparison.Ordinal);
        Assert.DoesNotContain(daemon.Requests, r => r.PathAndQuery.StartsWith("/v1/transactions", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Serve_CallsWaitingForAPlace_TakeFreedPlacesOldestFirstAndACancelledOneNeverRuns()
    {
        const int inFlight = LineDelimitedServerTransport.MaxRequestsInFlight;
        var hung = new TaskCompletionSource();
        await using var daemon = await FakeDaemon.StartAsync();
        daemon.Preempt = request => request.PathAndQuery == "/v1/actions/providers"
            ? new FakeResponse(200, FakeDaemon.ReadFixture("GET-v1-actions-providers.200.json"))
            : null;
        // Every call hangs on the daemon until the test ends (the fake clock never times it out).
        daemon.Fallback = _ => new FakeResponse(200, "{}", hung.Task);
        try
        {
            var now = DateTimeOffset.UtcNow;
            await using var server = RawServer.Start(new ServerConfiguration
            {
                BaseUrl = daemon.BaseUrl,
                SessionToken = TestTokens.Create("s-1", now, now.AddHours(1)),
            });
            await server.SendAsync(RawServer.Initialize, JsonRpcLines.Initialized);
            await server.ResponseAsync("init");

            // Every place taken, and three calls waiting for one: inFlight + 1, + 2 and + 3.
            await server.SendAsync([.. Enumerable.Range(1, inFlight + 3).Select(id => JsonRpcLines.Request(
                id, "tools/call", $$$"""{"name":"get_transaction","arguments":{"transaction_id":"{{{TransactionIdOf(id)}}}"}}"""))]);
            for (var i = 0; i < inFlight; i++)
            {
                await daemon.NextRequestAsync();
            }

            await server.SendAsync(Cancel(inFlight + 2), Cancel(1));
            var afterFirstPlace = await daemon.NextRequestAsync();
            await server.SendAsync(Cancel(2));
            var afterSecondPlace = await daemon.NextRequestAsync();

            Assert.Equal("/v1/transactions/" + TransactionIdOf(inFlight + 1), afterFirstPlace.PathAndQuery);
            Assert.Equal("/v1/transactions/" + TransactionIdOf(inFlight + 3), afterSecondPlace.PathAndQuery);
        }
        finally
        {
            hung.TrySetResult();
        }
    }

    [Fact]
    public async Task Serve_InputEndsAfterAHungCallWasCancelled_StopsWithoutWaitingForIt()
    {
        using var daemon = new HangingDaemon();
        var now = DateTimeOffset.UtcNow;
        await using var server = RawServer.Start(new ServerConfiguration
        {
            BaseUrl = new Uri(daemon.BaseUrl),
            SessionToken = TestTokens.Create("s-1", now, now.AddHours(1)),
        });
        await server.SendAsync(RawServer.Initialize, JsonRpcLines.Initialized);
        await server.ResponseAsync("init");
        await server.SendAsync(JsonRpcLines.Request(1, "tools/call", ToolReply.GetBalanceCall));
        // The action-tools fetch holds one connection, the call the other.
        await daemon.WaitForConnectionsAsync(2);

        await server.SendAsync(Cancel(1));
        // A cancelled call is never answered and the fake clock never ends the drain: waiting for it would hang here.
        await server.CloseInputAsync();

        Assert.DoesNotContain(server.Received, message => JsonRpcLines.IsResponseTo(message, 1));
    }

    /// <summary>A 2025 session that asks the user before every spend, through elicitation (which it declares).</summary>
    private static async Task<RawServer> StartConfirmingServerAsync(FakeDaemon daemon)
    {
        var now = DateTimeOffset.UtcNow;
        var server = RawServer.Start(new ServerConfiguration
        {
            BaseUrl = daemon.BaseUrl,
            SessionToken = TestTokens.Create("s-1", now, now.AddHours(1)),
            Confirm = ConfirmationMode.Spend,
        });
        await server.SendAsync(
            """{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{"elicitation":{"form":{}}},"clientInfo":{"name":"raw","version":"1"}}}""",
            JsonRpcLines.Initialized);
        await server.ResponseAsync("init");
        return server;
    }

    private static string Cancel(int id) => $$$"""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":{{{id}}}}}""";

    private static string TransactionIdOf(int id) => $"00000000-0000-7000-8000-{id:D12}";

    private static Task<IReadOnlyList<JsonElement>> Serve(params string[] lines) =>
        ServeBytes(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));

    private static async Task<IReadOnlyList<JsonElement>> ServeBytes(byte[] input)
    {
        using var stdin = new MemoryStream(input);
        using var stdout = new MemoryStream();
        // Port 9 on loopback refuses at once: no test waits for a daemon.
        var configuration = ServerConfiguration.FromVariables(name => name == EnvironmentVariables.BaseUrl ? "http://127.0.0.1:9" : null);
        var server = new WaiaasServer(configuration, NullLoggerFactory.Instance, new FakeTimeProvider(DateTimeOffset.UtcNow));
        await using (server)
        {
            await server.RunAsync(stdin, stdout, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        }

        return JsonRpcLines.Parse(stdout.ToArray());
    }
}

public sealed class LineDelimitedServerTransportWriteTests
{
    [Fact]
    public async Task Send_RequestCancelledWhileWriting_StillWritesWholeLines()
    {
        var input = new System.IO.Pipelines.Pipe();
        var output = new GatedStream();
        var transport = new LineDelimitedServerTransport(
            input.Reader.AsStream(), output, NullLoggerFactory.Instance, TimeProvider.System);
        await using (transport)
        {
            using var cancellation = new CancellationTokenSource();
            var first = transport.SendMessageAsync(Response(1), cancellation.Token);
            await output.WriteStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));

            // The request is cancelled (e.g. notifications/cancelled) while its reply is being written.
            await cancellation.CancelAsync();
            output.Release();
            await first.WaitAsync(TimeSpan.FromSeconds(10));
            await transport.SendMessageAsync(Response(2)).WaitAsync(TimeSpan.FromSeconds(10));

            var messages = JsonRpcLines.Parse(output.Written);
            Assert.Equal(2, messages.Count);
        }
    }

    [Fact]
    public async Task Send_ResultOfManySegments_SameLineAsTheRelaxedEncoderWritesInOneBuffer()
    {
        // A tool result as the SDK hands it over: a node parsed from its own serialization (quotes as \u0022),
        // large enough to span many output segments, with quotes, escapes and text beyond ASCII throughout.
        var text = string.Concat(Enumerable.Repeat("""{"name":"지갑 \"main\"","memo":"a\\b\nc 😀 \u0001","amount":"1.5"},""", 20_000));
        var sdkJson = "{\"content\":[{\"type\":\"text\",\"text\":" + JsonSerializer.Serialize(text, McpSerializer.StringTypeInfo) + "}]}";
        var response = new ModelContextProtocol.Protocol.JsonRpcResponse
        {
            Id = new ModelContextProtocol.Protocol.RequestId(7),
            Result = System.Text.Json.Nodes.JsonNode.Parse(sdkJson),
        };
        var input = new System.IO.Pipelines.Pipe();
        using var output = new MemoryStream();
        var transport = new LineDelimitedServerTransport(input.Reader.AsStream(), output, NullLoggerFactory.Instance, TimeProvider.System);
        await using (transport)
        {
            await transport.SendMessageAsync(response).WaitAsync(TimeSpan.FromSeconds(10));
        }

        var expected = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(expected, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            JsonSerializer.Serialize(writer, (ModelContextProtocol.Protocol.JsonRpcMessage)response, McpSerializer.MessageTypeInfo);
        }

        Assert.Equal([.. expected.WrittenSpan, (byte)'\n'], output.ToArray());
        var line = JsonRpcLines.Parse(output.ToArray());
        Assert.Equal(text, line[0].GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
    }

    private static ModelContextProtocol.Protocol.JsonRpcResponse Response(long id) => new()
    {
        Id = new ModelContextProtocol.Protocol.RequestId(id),
        Result = new System.Text.Json.Nodes.JsonObject { ["ok"] = true },
    };

    /// <summary>The SDK's own contracts, as the SDK serializes with them.</summary>
    private static class McpSerializer
    {
        public static readonly System.Text.Json.Serialization.Metadata.JsonTypeInfo<string> StringTypeInfo =
            (System.Text.Json.Serialization.Metadata.JsonTypeInfo<string>)ModelContextProtocol.McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(string));

        public static readonly System.Text.Json.Serialization.Metadata.JsonTypeInfo<ModelContextProtocol.Protocol.JsonRpcMessage> MessageTypeInfo =
            (System.Text.Json.Serialization.Metadata.JsonTypeInfo<ModelContextProtocol.Protocol.JsonRpcMessage>)ModelContextProtocol.McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ModelContextProtocol.Protocol.JsonRpcMessage));
    }

    /// <summary>An output whose first write blocks until released, honouring the write's cancellation token.</summary>
    private sealed class GatedStream : Stream
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly MemoryStream _buffer = new();

        public TaskCompletionSource WriteStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public byte[] Written => _buffer.ToArray();

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _buffer.Length;
        public override long Position { get => _buffer.Position; set => throw new NotSupportedException(); }

        public void Release() => _gate.TrySetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            WriteStarted.TrySetResult();
            await _gate.Task.WaitAsync(cancellationToken);
            _buffer.Write(buffer.Span);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => _buffer.Write(buffer, offset, count);
        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
