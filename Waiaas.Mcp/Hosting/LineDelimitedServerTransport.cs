using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Json;
using Waiaas.Mcp.Configuration;

namespace Waiaas.Mcp.Hosting;

/// <summary>
/// Newline-delimited JSON-RPC over a pair of streams (stdin/stdout in production, pipes in tests).
/// Replaces the SDK's stream transport for three reasons:
/// <list type="bullet">
/// <item>At end of input the SDK transport disconnects at once and drops replies still in flight; a client
/// that pipes requests and closes stdin must still get every answer, so this one drains them (bounded) first,
/// and ends the requests that would otherwise stay open for good (<c>subscriptions/listen</c>) with their
/// result.</item>
/// <item>Reading never waits for an answer: requests beyond what may be in flight wait in a bounded queue (and
/// beyond that are refused as busy), so a ping or a cancellation is handled at once however many calls hang.</item>
/// <item>Hostile input stays cheap: lines over <see cref="MaxLineBytes"/> are skipped without buffering them,
/// and a well-formed object with an id that is not a valid request still gets a JSON-RPC error instead of
/// silence.</item>
/// </list>
/// Only this class writes to the output stream, one complete message per line.
/// </summary>
internal sealed partial class LineDelimitedServerTransport : TransportBase
{
    public const int MaxLineBytes = 4 * 1024 * 1024;

    /// <summary>
    /// Requests handed to the server and not yet answered, at most; the next <see cref="MaxRequestsWaiting"/> wait
    /// for a place, and any beyond are answered at once with <see cref="ServerBusyCode"/>. Without a bound a client
    /// flooding requests (each holding a reply, some as large as the tool list) grows memory without end.
    /// </summary>
    public const int MaxRequestsInFlight = 64;
    public const int MaxRequestsWaiting = 64;

    /// <summary>
    /// Pings are answered at once whatever else is in flight. This bound only stops a client that never reads its
    /// answers from piling up pings: once it is reached, reading waits for a ping answer to go out.
    /// </summary>
    public const int MaxPingsInFlight = 64;

    /// <summary>
    /// Calls of the tools that wait for the daemon's progress (see the constructor) have places of their own, this
    /// many: a model waiting on a few transactions must never hold up its other calls. Beyond them such a call is
    /// refused as busy.
    /// </summary>
    public const int MaxLongWaitsInFlight = 64;

    /// <summary>
    /// JSON-RPC's implementation-defined server error, for a request refused because too many are pending.
    /// </summary>
    public const int ServerBusyCode = -32000;

    public static readonly TimeSpan DefaultDrainTimeout = TimeSpan.FromSeconds(2);

    private readonly Stream _input;
    private readonly Stream _output;
    private readonly TimeProvider _time;
    private readonly TimeSpan _drainTimeout;
    private readonly ILogger _logger;
    private readonly Action? _onInputEnded;
    private readonly Func<RequestId, Task>? _endSubscription;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly SemaphoreSlim _pingPlaces = new(MaxPingsInFlight, MaxPingsInFlight);
    private readonly Lock _unansweredGate = new();

    /// <summary>Unanswered requests by id, in arrival order (a client may reuse an id).</summary>
    private readonly Dictionary<RequestId, List<Pending>> _unanswered = [];
    private readonly LinkedList<Pending> _waiting = new();
    private int _inFlight;
    private int _longWaitsInFlight;
    private readonly Func<string, bool>? _waitsLong;

    /// <summary>The server's own requests to the client (an elicitation) not answered yet.</summary>
    private readonly HashSet<RequestId> _askedOfClient = [];
    private readonly TaskCompletionSource _allAnswered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _inputFinished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopReading = new();
    private readonly Task _readLoop;
    private volatile bool _inputEnded;
    private int _disposed;

    /// <param name="endSubscription">
    /// Ends one open <c>subscriptions/listen</c> request with its result when the input ends (the client is gone, so
    /// nothing will cancel it). Without it such a request is let go unanswered; either way it does not hold the drain.
    /// </param>
    /// <param name="waitsLong">
    /// Whether a tool (by name) waits for the daemon's progress rather than working (wait_for_transaction): its calls
    /// take the places of <see cref="MaxLongWaitsInFlight"/>, not those of other requests.
    /// </param>
    public LineDelimitedServerTransport(
        Stream input, Stream output, ILoggerFactory loggerFactory, TimeProvider time,
        TimeSpan? drainTimeout = null, Action? onInputEnded = null, Func<RequestId, Task>? endSubscription = null,
        Func<string, bool>? waitsLong = null)
        : base("stdio", loggerFactory)
    {
        _waitsLong = waitsLong;
        _input = input;
        _output = output;
        _time = time;
        _drainTimeout = drainTimeout ?? DefaultDrainTimeout;
        _onInputEnded = onInputEnded;
        _endSubscription = endSubscription;
        _logger = loggerFactory.CreateLogger(LogCategories.Server);
        SetConnected();
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>What a request read from the input holds until it is answered.</summary>
    private enum Place
    {
        /// <summary>One of the <see cref="MaxRequestsInFlight"/> places: handed to the server.</summary>
        InFlight,

        /// <summary>In the queue, not yet handed to the server.</summary>
        Waiting,

        /// <summary>A ping: handed to the server at once, outside the bound on requests.</summary>
        Ping,

        /// <summary>One of the <see cref="MaxLongWaitsInFlight"/> places of waits: handed to the server.</summary>
        LongWait,
    }

    /// <summary>Completes once the input ended and its replies were flushed (or the drain timed out).</summary>
    public Task InputFinished => _inputFinished.Task;

    public override async Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
    {
        var answerable = true;
        if (message is JsonRpcRequest asked)
        {
            lock (_unansweredGate)
            {
                answerable = !_inputEnded && _askedOfClient.Add(asked.Id);
            }
        }

        try
        {
            await WriteLineAsync(message, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Delivered or not (the client may be gone), the request is over: free its place.
            if (message is JsonRpcResponse or JsonRpcError)
            {
                MarkAnswered(((JsonRpcMessageWithId)message).Id);
            }
        }

        if (!answerable)
        {
            await AnswerForGoneClientAsync(((JsonRpcRequest)message).Id).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Answers one of the server's requests in the client's place once the client's input has ended: no answer can
    /// come any more, and the call waiting for it (a confirmation) would otherwise hold the drain until it times out.
    /// It fails as the client failing to answer does, so a confirmation is refused and nothing is sent.
    /// </summary>
    private Task AnswerForGoneClientAsync(RequestId id) => WriteMessageAsync(new JsonRpcError
    {
        Id = id,
        Error = new JsonRpcErrorDetail
        {
            Code = (int)McpErrorCode.InternalError,
            Message = "The client closed its input before answering.",
        },
    });

    /// <summary>Writes one message and its newline; the only writer of the output stream.</summary>
    private async Task WriteLineAsync(JsonRpcMessage message, CancellationToken cancellationToken)
    {
        if (!IsConnected)
        {
            return;
        }

        // The whole message and its newline are serialized before any byte is written: a message that fails to
        // serialize leaves nothing on stdout.
        using var line = new OutputLineBuffer();
        using (var writer = new Utf8JsonWriter(line, WaiaasJsonContext.WriterOptions))
        {
            JsonSerializer.Serialize(writer, message, Contracts.Message);
        }

        line.Write("\n"u8);
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Never cancelled once started: a write cut short by a cancelled request would leave half a
            // message (or one without its newline) on stdout and corrupt every message after it.
            await line.WriteToAsync(_output, CancellationToken.None).ConfigureAwait(false);
            await _output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The client is gone: nothing more can be delivered.
            LogOutputClosed(ex.GetType().Name);
            SetDisconnected();
            throw new IOException("The client closed the output stream.", ex);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopReading.CancelAsync().ConfigureAwait(false);
        // A read blocked in a system call does not see cancellation; closing the stream wakes it.
        await _input.DisposeAsync().ConfigureAwait(false);
        await Task.WhenAny(_readLoop, Task.Delay(TimeSpan.FromMilliseconds(200), _time)).ConfigureAwait(false);
        SetDisconnected();
        _stopReading.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        var reader = PipeReader.Create(_input, new StreamPipeReaderOptions(bufferSize: 64 * 1024));
        var token = _stopReading.Token;
        var skippingLongLine = false;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(token).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (buffer.PositionOf((byte)'\n') is { } newline)
                {
                    var line = buffer.Slice(0, newline);
                    buffer = buffer.Slice(buffer.GetPosition(1, newline));
                    if (skippingLongLine)
                    {
                        skippingLongLine = false;
                        continue;
                    }

                    if (line.Length > MaxLineBytes)
                    {
                        LogLineTooLong(MaxLineBytes);
                        continue;
                    }

                    await ProcessLineSafelyAsync(line, token).ConfigureAwait(false);
                }

                if (!skippingLongLine && buffer.Length > MaxLineBytes)
                {
                    LogLineTooLong(MaxLineBytes);
                    skippingLongLine = true;
                }

                if (skippingLongLine)
                {
                    buffer = buffer.Slice(buffer.End);
                }
                else if (result.IsCompleted && !buffer.IsEmpty)
                {
                    // The last message may come without a trailing newline.
                    await ProcessLineSafelyAsync(buffer, token).ConfigureAwait(false);
                    buffer = buffer.Slice(buffer.End);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Disposed while reading.
        }
        catch (Exception ex)
        {
            LogInputFailed(ex.GetType().Name);
        }

        await reader.CompleteAsync().ConfigureAwait(false);
        await DrainAndDisconnectAsync(token).ConfigureAwait(false);
    }

    /// <param name="stopping">Cancelled when the transport is disposed (a signal): then nothing more is waited
    /// for.</param>
    private async Task DrainAndDisconnectAsync(CancellationToken stopping)
    {
        List<RequestId> unanswerable;
        lock (_unansweredGate)
        {
            _inputEnded = true;
            unanswerable = [.. _askedOfClient];
            _askedOfClient.Clear();
        }

        _onInputEnded?.Invoke();
        foreach (var id in unanswerable)
        {
            await AnswerForGoneClientAsync(id).ConfigureAwait(false);
        }

        bool pending;
        List<RequestId> subscriptions;
        lock (_unansweredGate)
        {
            pending = _unanswered.Count > 0;
            subscriptions = [.. _unanswered
                .Where(entry => entry.Value.Exists(p => p.Request.Method == RequestMethods.SubscriptionsListen))
                .Select(entry => entry.Key)];
        }

        // No client is left to cancel a subscription: end each with its result rather than wait for it.
        foreach (var id in subscriptions)
        {
            _ = EndSubscriptionAsync(id);
        }

        if (pending)
        {
            // Let the requests already read finish and flush their replies, bounded.
            await Task.WhenAny(_allAnswered.Task, Task.Delay(_drainTimeout, _time, stopping)).ConfigureAwait(false);
        }

        SetDisconnected();
        _inputFinished.TrySetResult();
    }

    private async Task EndSubscriptionAsync(RequestId id)
    {
        try
        {
            if (_endSubscription is { } end)
            {
                // Its answer comes back through SendMessageAsync, which frees its place.
                await end(id).ConfigureAwait(false);
                return;
            }
        }
        catch (Exception ex)
        {
            LogSubscriptionNotEnded(ex.GetType().Name);
        }

        MarkAnswered(id);
    }

    /// <summary>
    /// One line, whatever it holds: a fault in handling it (a bug, or input nobody foresaw) costs that line, never the
    /// lines after it. Reading stops only at the end of input, at disposal, or once the client's output is gone.
    /// </summary>
    private async Task ProcessLineSafelyAsync(ReadOnlySequence<byte> line, CancellationToken cancellationToken)
    {
        try
        {
            await ProcessLineAsync(line, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not IOException
            && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            LogLineFailed(ex.GetType().Name);
        }
    }

    private async Task ProcessLineAsync(ReadOnlySequence<byte> line, CancellationToken cancellationToken)
    {
        line = TrimWhitespace(line);
        if (line.IsEmpty)
        {
            return;
        }

        JsonRpcMessage? message = null;
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 64 });
            message = JsonSerializer.Deserialize(ref reader, Contracts.Message);

            // Which of two "to" or "action" values did the client mean? Such an object also throws wherever it is
            // first looked into (and the SDK's reader of a message's own fields keeps the last of two).
            if (message is not null && JsonText.HasFieldNameTwice(line))
            {
                LogInvalidMessage("a field name twice");
                message = null;
            }
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException
            or InvalidOperationException or FormatException)
        {
            LogInvalidMessage(ex.GetType().Name);
            message = null;
        }

        if (message is null)
        {
            if (TryRecoverRequestId(line, out var id))
            {
                // Not through SendMessageAsync: this answers no request that was counted, and must not
                // release the place of a valid request that happens to share the id.
                await WriteLineAsync(new JsonRpcError
                {
                    Id = id,
                    Error = new JsonRpcErrorDetail
                    {
                        Code = (int)McpErrorCode.InvalidRequest,
                        Message = JsonText.HasFieldNameTwice(line)
                            ? "Invalid request: a field name appears twice in one object, so what it asks is unclear."
                            : "Invalid request: expected a JSON-RPC 2.0 message with "
                                + "\"jsonrpc\": \"2.0\" and a \"method\".",
                    },
                }, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        switch (message)
        {
            case JsonRpcRequest { Method: RequestMethods.Ping } ping:
                await _pingPlaces.WaitAsync(cancellationToken).ConfigureAwait(false);
                lock (_unansweredGate)
                {
                    Track(new Pending(ping, Place.Ping));
                }

                break;
            case JsonRpcRequest request:
                Place? place;
                var longWait = IsLongWait(request);
                lock (_unansweredGate)
                {
                    place = longWait ? (_longWaitsInFlight < MaxLongWaitsInFlight ? Place.LongWait : null)
                        : _inFlight < MaxRequestsInFlight ? Place.InFlight
                        : _waiting.Count < MaxRequestsWaiting ? Place.Waiting
                        : null;
                    if (place is { } admitted)
                    {
                        Track(new Pending(request, admitted));
                    }
                }

                if (place is Place.InFlight or Place.LongWait)
                {
                    break;
                }

                if (place is null)
                {
                    if (longWait)
                    {
                        LogLongWaitsBusy(MaxLongWaitsInFlight);
                    }
                    else
                    {
                        LogServerBusy(MaxRequestsInFlight, MaxRequestsWaiting);
                    }

                    // Not through SendMessageAsync: this request holds no place to free.
                    await WriteLineAsync(new JsonRpcError
                    {
                        Id = request.Id,
                        Error = new JsonRpcErrorDetail
                        {
                            Code = ServerBusyCode,
                            Message = longWait
                                ? $"Server busy: {MaxLongWaitsInFlight} waits are in progress. Retry once one has "
                                    + "ended."
                                : $"Server busy: {MaxRequestsInFlight} requests are in progress and "
                                    + $"{MaxRequestsWaiting} more are waiting. Retry once one has been answered.",
                        },
                    }, cancellationToken).ConfigureAwait(false);
                }

                // Waiting: handed to the server when a place frees.
                return;
            case JsonRpcResponse or JsonRpcError:
                bool asked;
                lock (_unansweredGate)
                {
                    asked = _askedOfClient.Remove(((JsonRpcMessageWithId)message).Id);
                }

                if (!asked)
                {
                    // An answer to nothing this server asked, or sent before the question was: the ids are
                    // predictable, and an "accept" sent ahead must never approve a spend the user has not seen.
                    LogUnaskedAnswer();
                    return;
                }

                break;
            case JsonRpcNotification { Method: NotificationMethods.CancelledNotification } cancelled
                when TryGetCancelledRequestId(cancelled, out var cancelledId):
                // A cancelled request may never be answered; do not wait for it at shutdown.
                MarkAnswered(cancelledId);
                break;
        }

        await WriteMessageAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a request as unanswered, holding <see cref="Pending.Place"/>. Called under the gate.</summary>
    private void Track(Pending pending)
    {
        if (!_unanswered.TryGetValue(pending.Request.Id, out var sameId))
        {
            _unanswered[pending.Request.Id] = sameId = [];
        }

        sameId.Add(pending);
        switch (pending.Place)
        {
            case Place.InFlight:
                _inFlight++;
                break;
            case Place.Waiting:
                _waiting.AddLast(pending);
                break;
            case Place.LongWait:
                _longWaitsInFlight++;
                break;
        }
    }

    /// <summary>A <c>tools/call</c> of one of the long-wait tools.</summary>
    private bool IsLongWait(JsonRpcRequest request)
    {
        try
        {
            return _waitsLong is { } waitsLong && request.Method == RequestMethods.ToolsCall
                && request.Params is System.Text.Json.Nodes.JsonObject parameters
                && parameters["name"] is System.Text.Json.Nodes.JsonValue name
                && name.TryGetValue<JsonElement>(out var element) && JsonText.TryGetString(element, out var tool)
                && waitsLong(tool);
        }
        catch (InvalidOperationException)
        {
            // A field name that is not text: the server's own check refuses the request.
            return false;
        }
    }

    private void MarkAnswered(RequestId id)
    {
        JsonRpcRequest? next = null;
        bool pingAnswered;
        bool allAnswered;
        lock (_unansweredGate)
        {
            if (!_unanswered.TryGetValue(id, out var sameId))
            {
                return;
            }

            // A request still waiting is only answered when a subscription is ended or the client cancels it.
            var answered = sameId.Find(p => p.Place != Place.Waiting) ?? sameId[0];
            sameId.Remove(answered);
            if (sameId.Count == 0)
            {
                _unanswered.Remove(id);
            }

            pingAnswered = answered.Place == Place.Ping;
            switch (answered.Place)
            {
                case Place.InFlight:
                    _inFlight--;
                    next = TakeNextWaiting();
                    break;
                case Place.Waiting:
                    _waiting.Remove(answered);
                    break;
                case Place.LongWait:
                    _longWaitsInFlight--;
                    break;
            }

            allAnswered = _inputEnded && _unanswered.Count == 0;
        }

        if (pingAnswered)
        {
            _pingPlaces.Release();
        }

        if (next is not null)
        {
            // Completes synchronously: it only queues the message for the server.
            _ = WriteMessageAsync(next);
        }

        if (allAnswered)
        {
            _allAnswered.TrySetResult();
        }
    }

    /// <summary>Moves the oldest waiting request into the place just freed. Called under the gate.</summary>
    private JsonRpcRequest? TakeNextWaiting()
    {
        if (_waiting.First is not { } oldest)
        {
            return null;
        }

        _waiting.RemoveFirst();
        oldest.Value.Place = Place.InFlight;
        _inFlight++;
        return oldest.Value.Request;
    }

    private static bool TryGetCancelledRequestId(JsonRpcNotification notification, out RequestId id)
    {
        id = default;
        try
        {
            if (notification.Params is not System.Text.Json.Nodes.JsonObject parameters
                || !parameters.TryGetPropertyValue("requestId", out var value) || value is null)
            {
                return false;
            }

            var element = JsonSerializer.SerializeToElement(
                value, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(System.Text.Json.Nodes.JsonNode)));
            return TryReadId(element, out id);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // A string that is no UTF-16 text (a lone surrogate escape, in a value or a field name) cannot be read.
            return false;
        }
    }

    /// <summary>Finds a top-level string or integer "id" in a line the SDK could not parse as a message.</summary>
    private static bool TryRecoverRequestId(ReadOnlySequence<byte> line, out RequestId id)
    {
        id = default;
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 64 });
            using var document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("id", out var idElement)
                && TryReadId(idElement, out id);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not JSON, or a field name that is no text: no id to answer.
            return false;
        }
    }

    private static bool TryReadId(JsonElement element, out RequestId id)
    {
        switch (element.ValueKind)
        {
            // A lone surrogate escape (valid JSON, no UTF-16 text) is no id that can be answered.
            case JsonValueKind.String when JsonText.TryGetString(element, out var text):
                id = new RequestId(text);
                return true;
            case JsonValueKind.Number when element.TryGetInt64(out var number):
                id = new RequestId(number);
                return true;
            default:
                id = default;
                return false;
        }
    }

    private static ReadOnlySequence<byte> TrimWhitespace(ReadOnlySequence<byte> line)
    {
        // CRLF clients leave a '\r' before the newline; blank lines are ignored.
        var reader = new SequenceReader<byte>(line);
        reader.AdvancePastAny((byte)' ', (byte)'\t', (byte)'\r');
        line = line.Slice(reader.Position);
        while (!line.IsEmpty)
        {
            var last = line.Slice(line.GetPosition(line.Length - 1)).FirstSpan[0];
            if (last is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
            {
                break;
            }

            line = line.Slice(0, line.Length - 1);
        }

        return line;
    }

    /// <summary>
    /// The SDK's own message contract (shared with the SDK, so built once). Tool texts still keep their quotes instead
    /// of \u0022 escapes: string values are escaped by the writer, which uses the relaxed encoder
    /// (WaiaasJsonContext.WriterOptions). Apart from the transport's other statics so that it is built where the first
    /// message is read, on the reading thread, while start-up goes on beside it.
    /// </summary>
    private static class Contracts
    {
        public static readonly JsonTypeInfo<JsonRpcMessage> Message = (JsonTypeInfo<JsonRpcMessage>)
            McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));
    }

    /// <summary>A request read from the input and not answered yet.</summary>
    private sealed class Pending(JsonRpcRequest request, Place place)
    {
        public JsonRpcRequest Request { get; } = request;

        public Place Place { get; set; } = place;
    }

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Refused a request as busy: {InFlight} requests in progress and {Waiting} waiting.")]
    private partial void LogServerBusy(int inFlight, int waiting);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a wait as busy: {LongWaits} waits in progress.")]
    private partial void LogLongWaitsBusy(int longWaits);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not end a subscription at end of input ({ErrorType}).")]
    private partial void LogSubscriptionNotEnded(string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped an input line longer than {MaxBytes} bytes.")]
    private partial void LogLineTooLong(int maxBytes);

    [LoggerMessage(
        Level = LogLevel.Warning, Message = "Ignored an input line that is not a JSON-RPC message ({ErrorType}).")]
    private partial void LogInvalidMessage(string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handling an input line failed ({ErrorType}); reading goes on.")]
    private partial void LogLineFailed(string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored an answer to a request this server has not sent.")]
    private partial void LogUnaskedAnswer();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading standard input failed ({ErrorType}); shutting down.")]
    private partial void LogInputFailed(string errorType);

    [LoggerMessage(Level = LogLevel.Information, Message = "The client closed standard output ({ErrorType}).")]
    private partial void LogOutputClosed(string errorType);
}
