using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Waiaas.Mcp.Json;
using Microsoft.Extensions.Logging;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Hosting;
using Waiaas.Mcp.Session;

namespace Waiaas.Mcp.Daemon;

/// <summary>
/// Sends requests to the WAIaaS daemon and classifies every answer into a <see cref="DaemonResult"/>.
/// One pooled HttpClient; a timeout on every request so a hanging daemon never hangs a tool call.
/// </summary>
internal sealed partial class DaemonClient : IDisposable
{
    private const int MaxResponseBytes = 16 * 1024 * 1024;
    private static readonly MediaTypeWithQualityHeaderValue JsonMediaType = new("application/json");

    private readonly ServerConfiguration _configuration;
    private readonly SessionManager _session;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    private readonly ILogger _logger;

    public DaemonClient(ServerConfiguration configuration, SessionManager session, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _configuration = configuration;
        _session = session;
        _time = time;
        _logger = loggerFactory.CreateLogger(LogCategories.Api);
        _http = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            AllowAutoRedirect = false,
            // The daemon only answers on loopback; a proxy from the environment can only get in the way.
            UseProxy = false,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("waiaas-mcp", ServerVersion.Current));
        _http.DefaultRequestHeaders.Accept.Add(JsonMediaType);
    }

    public async Task<DaemonResult> SendAsync(DaemonRequest request, CancellationToken cancellationToken)
    {
        if (_configuration.BaseUrl is not { } baseUrl)
        {
            return new DaemonResult.ApiError(
                Guidance.ConfigurationErrorCode, string.Join(" ", _configuration.Problems), Retryable: false, Guidance.ConfigurationHint);
        }

        string? token = null;
        if (request.RequiresSession && (token = _session.GetToken()) is null)
        {
            return new DaemonResult.SessionExpired();
        }

        var result = await SendOnceAsync(baseUrl, request, token, cancellationToken).ConfigureAwait(false);
        if (result is Rejected rejected)
        {
            // The token-rotation steps: at most one retry, with a token different from the refused one.
            var replacement = await _session.RecoverFromUnauthorizedAsync(token!, cancellationToken).ConfigureAwait(false);
            if (replacement is null || replacement == token)
            {
                return new DaemonResult.SessionExpired(rejected.Code);
            }

            result = await SendOnceAsync(baseUrl, request, replacement, cancellationToken).ConfigureAwait(false);
            if (result is Rejected again)
            {
                return new DaemonResult.SessionExpired(again.Code);
            }
        }

        return result.Result;
    }

    public void Dispose() => _http.Dispose();

    private async Task<Attempt> SendOnceAsync(Uri baseUrl, DaemonRequest request, string? token, CancellationToken cancellationToken)
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
        try
        {
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var bytes = await ReadBodyAsync(response, linked.Token).ConfigureAwait(false);
            return Classify((int)response.StatusCode, bytes);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            LogTimeout(request.Method.Method, _configuration.RequestTimeout.TotalSeconds);
            return new Attempt(new DaemonResult.DaemonUnavailable(
                $"no answer within {_configuration.RequestTimeout.TotalSeconds:0.#} s from {baseUrl.Authority}"));
        }
        catch (HttpRequestException ex)
        {
            LogUnreachable(request.Method.Method, ex.HttpRequestError.ToString());
            return new Attempt(new DaemonResult.DaemonUnavailable(Describe(ex, baseUrl)));
        }
        catch (ResponseTooLargeException)
        {
            return new Attempt(new DaemonResult.DaemonUnavailable($"the daemon's answer is larger than {MaxResponseBytes / (1024 * 1024)} MiB"));
        }
    }

    private static Attempt Classify(int status, byte[] body)
    {
        if (status is >= 200 and < 300)
        {
            return new Attempt(CompactJson(body) is { } json
                ? new DaemonResult.Ok(json)
                : new DaemonResult.DaemonUnavailable($"the daemon answered {status} without a JSON body; is WAIAAS_BASE_URL pointing at the WAIaaS daemon?"));
        }

        var error = DaemonErrorBody.Parse(body);
        if (error.Code == DaemonErrorCodes.SystemLocked && status == 503)
        {
            if (error.Message?.Contains(DaemonErrorCodes.LocalhostOnlyMessage, StringComparison.OrdinalIgnoreCase) == true)
            {
                return new Attempt(new DaemonResult.ApiError(error.Code, error.Message, Retryable: false,
                    "The daemon only accepts requests addressed to 127.0.0.1, localhost or [::1]: set WAIAAS_BASE_URL to such a URL, e.g. http://127.0.0.1:3100."));
            }

            return new Attempt(new DaemonResult.KillSwitchActive());
        }

        if (error.Code == DaemonErrorCodes.KillSwitchActive)
        {
            return new Attempt(new DaemonResult.KillSwitchActive());
        }

        if (status == 401 && DaemonErrorCodes.IsSessionRejection(error.Code))
        {
            return new Rejected(error.Code!);
        }

        return new Attempt(new DaemonResult.ApiError(
            error.Code ?? $"HTTP_{status}",
            error.Message ?? $"Request failed with status {status}",
            error.Retryable ?? status >= 500,
            error.Hint,
            error.Details));
    }

    /// <summary>The daemon JSON re-written compactly, or null when the body is empty or not JSON.</summary>
    private static byte[]? CompactJson(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var output = new ArrayBufferWriter<byte>(body.Length);
            using (var writer = new Utf8JsonWriter(output, WaiaasJsonContext.WriterOptions))
            {
                document.WriteTo(writer);
            }

            return output.WrittenSpan.ToArray();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxResponseBytes)
        {
            throw new ResponseTooLargeException();
        }

        // The stream belongs to the response, which the caller disposes.
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxResponseBytes)
            {
                throw new ResponseTooLargeException();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string Describe(HttpRequestException exception, Uri baseUrl)
    {
        var socketError = (exception.InnerException as SocketException)?.SocketErrorCode;
        return (exception.HttpRequestError, socketError) switch
        {
            (_, SocketError.ConnectionRefused) => $"connection refused at {baseUrl.Authority}",
            (HttpRequestError.NameResolutionError, _) => $"cannot resolve host {baseUrl.Host}",
            (HttpRequestError.ConnectionError, _) => $"cannot connect to {baseUrl.Authority}",
            (HttpRequestError.ResponseEnded, _) => $"the connection to {baseUrl.Authority} closed before an answer",
            _ => $"request to {baseUrl.Authority} failed ({exception.HttpRequestError})",
        };
    }

    /// <summary>One attempt's outcome; <see cref="Rejected"/> marks a session 401 that the rotation steps handle.</summary>
    private record Attempt(DaemonResult Result);

    private sealed record Rejected(string Code) : Attempt(new DaemonResult.SessionExpired(Code));

    private sealed class ResponseTooLargeException : Exception;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} request timed out after {Seconds} s.")]
    private partial void LogTimeout(string method, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} request failed: daemon unreachable ({Error}).")]
    private partial void LogUnreachable(string method, string error);
}
