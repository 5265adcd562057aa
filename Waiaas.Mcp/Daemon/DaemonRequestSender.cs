using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Json;

namespace Waiaas.Mcp.Daemon;

/// <summary>
/// Sends one request to the WAIaaS daemon with a given token and classifies the answer into a
/// <see cref="DaemonResult"/>. No session logic here: a refused token comes back as
/// <see cref="DaemonResult.SessionExpired"/> carrying the daemon's code, and callers decide what to do.
/// A timeout on every request so a hanging daemon never hangs a tool call; whatever the daemon or the connection
/// does, the answer is a result, never an exception (only the caller's own cancellation propagates).
/// </summary>
internal sealed partial class DaemonRequestSender : IDisposable
{
    /// <summary>The largest answer this server reads.</summary>
    public const int MaxAnswerBytes = 16 * 1024 * 1024;

    /// <summary>
    /// The most bytes of answers in flight at once (see <see cref="AnswerBudget"/>): two of the largest. Through the
    /// SDK an answer costs about 13 times its size in memory at its peak, so this bounds the peak at a few hundred MiB.
    /// </summary>
    public const long MaxAnswerBytesInFlight = 2L * MaxAnswerBytes;

    private static readonly MediaTypeWithQualityHeaderValue JsonMediaType = new("application/json");

    private readonly ServerConfiguration _configuration;
    private readonly TimeProvider _time;
    private readonly AnswerBudget _budget;
    private readonly ILogger _logger;

    // Requests safe to repeat share kept-alive connections. A request that must not run twice gets a connection of its
    // own: the HTTP stack then never resends it, and a kept-alive connection that the daemon (or a proxy) closes just
    // as it is written cannot turn a request that never arrived into an unknown outcome.
    private readonly HttpClient _shared;
    private readonly HttpClient _ownConnection;

    public DaemonRequestSender(
        ServerConfiguration configuration, TimeProvider time, ILoggerFactory loggerFactory, AnswerBudget? budget = null)
    {
        _configuration = configuration;
        _time = time;
        _budget = budget ?? new AnswerBudget(MaxAnswerBytesInFlight);
        _logger = loggerFactory.CreateLogger(LogCategories.Api);
        ConfigurationError = configuration.Problems.Count > 0
            ? new DaemonResult.ApiError(
                ServerErrorCodes.Configuration,
                SecretRedaction.Redact(string.Join(" ", configuration.Problems)),
                Retryable: false)
            {
                Cause = ErrorCause.ConfigurationProblem,
            }
            : null;
        _shared = CreateClient(reuseConnections: true);
        _ownConnection = CreateClient(reuseConnections: false);
    }

    /// <summary>
    /// What every tool call and resource read answers while the configuration has a problem, or null.
    /// </summary>
    public DaemonResult.ApiError? ConfigurationError { get; }

    /// <summary>
    /// Whether a new session can reach this server without a restart (see
    /// <see cref="ServerConfiguration.WatchesTokenFile"/>).
    /// </summary>
    public bool PicksUpNewToken => _configuration.WatchesTokenFile;

    /// <summary>
    /// Sends <paramref name="request"/> with <paramref name="token"/> (none when null). Only an unusable base URL stops
    /// the request here; the other configuration problems are the caller's to report.
    /// </summary>
    public async Task<DaemonResult> SendAsync(DaemonRequest request, string? token, CancellationToken cancellationToken)
    {
        if (_configuration.BaseUrl is not { } baseUrl)
        {
            return ConfigurationError!;
        }

        return await SendOnceAsync(baseUrl, request, token, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _shared.Dispose();
        _ownConnection.Dispose();
    }

    private static HttpClient CreateClient(bool reuseConnections)
    {
        var client = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionLifetime = reuseConnections ? Timeout.InfiniteTimeSpan : TimeSpan.Zero,
            AllowAutoRedirect = false,
            // The daemon only answers on loopback; a proxy from the environment can only get in the way.
            UseProxy = false,
            ConnectCallback = RequestDelivery.ConnectAsync,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("waiaas-mcp", ServerVersion.Current));
        client.DefaultRequestHeaders.Accept.Add(JsonMediaType);
        return client;
    }

    private async Task<DaemonResult> SendOnceAsync(
        Uri baseUrl, DaemonRequest request, string? token, CancellationToken cancellationToken)
    {
        var uri = new Uri(
            baseUrl.AbsoluteUri.TrimEnd('/') + request.PathAndQuery,
            new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var message = new HttpRequestMessage(request.Method, uri);
        if (token is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (request.Body is { } body)
        {
            message.Content = new ReadOnlyMemoryContent(body);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var timeout = new CancellationTokenSource(_configuration.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var delivery = RequestDelivery.Track();
        var answered = false;
        try
        {
            var client = request.SafeToRepeat ? _shared : _ownConnection;
            using var response = await client.SendAsync(
                message, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            answered = true;
            using var answer = await AnswerBody.ReadAsync(
                response.Content, _budget, MaxAnswerBytes, linked.Token).ConfigureAwait(false);
            return Classify(request, (int)response.StatusCode, answer.Bytes, token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            var seconds = _configuration.RequestTimeout.TotalSeconds;
            var reached = answered || delivery.MayHaveReachedDaemon;
            return Lost(request, reached, reached
                ? $"no answer within {seconds:0.#} s from {baseUrl.Authority}"
                : $"no connection to {baseUrl.Authority} within {seconds:0.#} s");
        }
        catch (AnswerTooLargeException ex)
        {
            var reason = TooLarge(ex.Limit);
            LogTooLarge(request.Method.Method, reason);
            return request.SafeToRepeat
                ? new DaemonResult.ApiError(
                    ServerErrorCodes.AnswerTooLarge,
                    string.Concat(reason[..1].ToUpperInvariant(), reason.AsSpan(1), "."),
                    Retryable: ex.Limit == AnswerLimit.AllAnswers)
                {
                    Cause = ex.Limit == AnswerLimit.AllAnswers
                        ? ErrorCause.AnswersInFlightTooLarge
                        : ErrorCause.AnswerTooLarge,
                }
                : new DaemonResult.OutcomeUnknown(reason);
        }
        catch (Exception ex)
        {
            // Whatever the connection or the HTTP stack throws (refused, reset, cut body, invalid HTTP) is a lost
            // answer.
            var reason = answered ? $"its answer was cut off: {Describe(ex, baseUrl)}" : Describe(ex, baseUrl);
            return Lost(request, answered || delivery.MayHaveReachedDaemon, reason);
        }
    }

    /// <summary>
    /// A request whose answer never arrived: unknown outcome when it must not run twice and may have arrived.
    /// </summary>
    private DaemonResult Lost(DaemonRequest request, bool mayHaveReachedDaemon, string reason)
    {
        if (mayHaveReachedDaemon && !request.SafeToRepeat)
        {
            LogOutcomeUnknown(request.Method.Method, reason);
            return new DaemonResult.OutcomeUnknown(reason);
        }

        LogUnreachable(request.Method.Method, reason);
        return new DaemonResult.DaemonUnavailable(reason);
    }

    private DaemonResult Classify(DaemonRequest request, int status, byte[] body, string? token)
    {
        var length = JsonCompaction.CompactInPlace(body);
        if (length > 0 && token is not null && !request.AnswerCarriesToken)
        {
            length = RedactToken(body.AsSpan(0, length), token);
        }

        if (status is >= 200 and < 300)
        {
            if (length > 0)
            {
                return new DaemonResult.Ok(body.AsMemory(0, length));
            }

            var reason = $"the daemon answered {status} without a JSON body; is "
                + $"{EnvironmentVariables.BaseUrl} pointing at the WAIaaS daemon?";
            // An answer means the request arrived: for one that must not run twice, whatever it did is unknown.
            return request.SafeToRepeat
                ? new DaemonResult.DaemonUnavailable(reason)
                : new DaemonResult.OutcomeUnknown(reason);
        }

        var error = length > 0 ? DaemonErrorBody.Parse(body.AsMemory(0, length)) : default;
        var picksUpNewToken = PicksUpNewToken;
        if (error.Code == DaemonErrorCodes.SystemLocked && status == 503)
        {
            if (error.Message?.Contains(
                DaemonErrorCodes.LocalhostOnlyMessage, StringComparison.OrdinalIgnoreCase) == true)
            {
                return new DaemonResult.ApiError(
                    error.Code, error.Message, Retryable: false) { Cause = ErrorCause.WrongHost };
            }

            return new DaemonResult.KillSwitchActive(picksUpNewToken);
        }

        if (error.Code == DaemonErrorCodes.KillSwitchActive)
        {
            return new DaemonResult.KillSwitchActive(picksUpNewToken);
        }

        // A 404 SESSION_NOT_FOUND on an ordinary call: the token verifies, but its session is gone (revoked and
        // purged).
        if ((status == 401 && DaemonErrorCodes.IsSessionRejection(error.Code))
            || (status == 404 && error.Code == DaemonErrorCodes.SessionNotFound))
        {
            return new DaemonResult.SessionExpired(error.Code, picksUpNewToken);
        }

        return new DaemonResult.ApiError(
            error.Code ?? $"HTTP_{status}",
            error.Message ?? $"Request failed with status {status}",
            error.Retryable ?? status >= 500,
            error.Hint,
            error.Details,
            DaemonValidation.FieldsOf(error.Code, error.Message, error.Details));
    }

    /// <summary>
    /// Removes an echo of the token this request carried (a proxy or daemon repeating the Authorization header), with
    /// or without its prefix: the part after the JWT header is what identifies it. Returns the new length.
    /// </summary>
    private static int RedactToken(Span<byte> json, string token)
    {
        var secretStart = token.IndexOf('.', StringComparison.Ordinal) + 1;
        if (secretStart <= 0 || token.Length - secretStart < SecretRedaction.RedactedToken.Length)
        {
            return json.Length;
        }

        var secret = Encoding.UTF8.GetBytes(token, secretStart, token.Length - secretStart);
        return SecretRedaction.RedactInPlace(json, secret);
    }

    /// <summary>Why an answer was not read.</summary>
    private static string TooLarge(AnswerLimit limit) => limit switch
    {
        AnswerLimit.OneAnswer => $"the daemon's answer is larger than the {MiB(MaxAnswerBytes)} this server reads",
        _ => $"this answer and the others in progress would take more than the {MiB(MaxAnswerBytesInFlight)} "
            + "this server holds for daemon answers at once",
    };

    private static string MiB(long bytes) =>
        (bytes / (1024.0 * 1024.0)).ToString("0.#", CultureInfo.InvariantCulture) + " MiB";

    private static string Describe(Exception exception, Uri baseUrl)
    {
        var socketError = default(SocketError?);
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                socketError = socket.SocketErrorCode;
                break;
            }
        }

        var httpError = exception switch
        {
            HttpRequestException request => request.HttpRequestError,
            HttpIOException io => io.HttpRequestError,
            _ => HttpRequestError.Unknown,
        };
        return (httpError, socketError) switch
        {
            (_, SocketError.ConnectionRefused) => $"connection refused at {baseUrl.Authority}",
            (HttpRequestError.NameResolutionError, _) => $"cannot resolve host {baseUrl.Host}",
            (_, SocketError.ConnectionReset) => $"the connection to {baseUrl.Authority} was reset",
            (HttpRequestError.ConnectionError, _) => $"cannot connect to {baseUrl.Authority}",
            (HttpRequestError.ResponseEnded, _) =>
                $"the connection to {baseUrl.Authority} closed before the answer was complete",
            (HttpRequestError.InvalidResponse, _) => $"{baseUrl.Authority} answered with something that is not HTTP",
            _ => $"request to {baseUrl.Authority} failed ({exception.GetType().Name})",
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} request failed: daemon unreachable ({Reason}).")]
    private partial void LogUnreachable(string method, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} request may have reached the daemon, but its "
        + "answer was lost ({Reason}): its outcome is unknown.")]
    private partial void LogOutcomeUnknown(string method, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} answer not read: {Reason}.")]
    private partial void LogTooLarge(string method, string reason);
}
