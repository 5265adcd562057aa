using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Waiaas.Mcp.Json;
using Microsoft.Extensions.Logging;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Hosting;

namespace Waiaas.Mcp.Daemon;

/// <summary>
/// Sends one request to the WAIaaS daemon with a given token and classifies the answer into a
/// <see cref="DaemonResult"/>. No session logic here: a refused token comes back as
/// <see cref="DaemonResult.SessionExpired"/> carrying the daemon's code, and callers decide what to do.
/// One pooled HttpClient; a timeout on every request so a hanging daemon never hangs a tool call.
/// </summary>
internal sealed partial class DaemonHttp : IDisposable
{
    private const int MaxResponseBytes = 16 * 1024 * 1024;
    private static readonly MediaTypeWithQualityHeaderValue JsonMediaType = new("application/json");

    private readonly ServerConfiguration _configuration;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    private readonly ILogger _logger;

    public DaemonHttp(ServerConfiguration configuration, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _configuration = configuration;
        _time = time;
        _logger = loggerFactory.CreateLogger(LogCategories.Api);
        ConfigurationError = configuration.BaseUrl is null
            ? new DaemonResult.ApiError(Guidance.ConfigurationErrorCode, string.Join(" ", configuration.Problems), Retryable: false, Guidance.ConfigurationHint)
            : null;
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

    /// <summary>Why no request can be sent at all (an unusable base URL), or null.</summary>
    public DaemonResult.ApiError? ConfigurationError { get; }

    /// <summary>Sends <paramref name="request"/> with <paramref name="token"/> (none when null).</summary>
    public async Task<DaemonResult> SendAsync(DaemonRequest request, string? token, CancellationToken cancellationToken)
    {
        if (_configuration.BaseUrl is not { } baseUrl)
        {
            return ConfigurationError!;
        }

        return await SendOnceAsync(baseUrl, request, token, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();

    private async Task<DaemonResult> SendOnceAsync(Uri baseUrl, DaemonRequest request, string? token, CancellationToken cancellationToken)
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
            return new DaemonResult.DaemonUnavailable(
                $"no answer within {_configuration.RequestTimeout.TotalSeconds:0.#} s from {baseUrl.Authority}");
        }
        catch (HttpRequestException ex)
        {
            LogUnreachable(request.Method.Method, ex.HttpRequestError.ToString());
            return new DaemonResult.DaemonUnavailable(Describe(ex, baseUrl));
        }
        catch (ResponseTooLargeException)
        {
            return new DaemonResult.DaemonUnavailable($"the daemon's answer is larger than {MaxResponseBytes / (1024 * 1024)} MiB");
        }
    }

    private static DaemonResult Classify(int status, byte[] body)
    {
        if (status is >= 200 and < 300)
        {
            return JsonCompaction.Compact(body) is { } json
                ? new DaemonResult.Ok(json)
                : new DaemonResult.DaemonUnavailable($"the daemon answered {status} without a JSON body; is WAIAAS_BASE_URL pointing at the WAIaaS daemon?");
        }

        var error = DaemonErrorBody.Parse(body);
        if (error.Code == DaemonErrorCodes.SystemLocked && status == 503)
        {
            if (error.Message?.Contains(DaemonErrorCodes.LocalhostOnlyMessage, StringComparison.OrdinalIgnoreCase) == true)
            {
                return new DaemonResult.ApiError(error.Code, error.Message, Retryable: false,
                    "The daemon only accepts requests addressed to 127.0.0.1, localhost or [::1]: set WAIAAS_BASE_URL to such a URL, e.g. http://127.0.0.1:3100.");
            }

            return new DaemonResult.KillSwitchActive();
        }

        if (error.Code == DaemonErrorCodes.KillSwitchActive)
        {
            return new DaemonResult.KillSwitchActive();
        }

        if (status == 401 && DaemonErrorCodes.IsSessionRejection(error.Code))
        {
            return new DaemonResult.SessionExpired(error.Code);
        }

        return new DaemonResult.ApiError(
            error.Code ?? $"HTTP_{status}",
            error.Message ?? $"Request failed with status {status}",
            error.Retryable ?? status >= 500,
            error.Hint,
            error.Details);
    }

    /// <summary>The daemon JSON re-written compactly, or null when the body is empty or not JSON.</summary>
    private static async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxResponseBytes)
        {
            throw new ResponseTooLargeException();
        }

        // The stream belongs to the response, which the caller disposes.
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        // Pooled: a fresh 16 KB array per call was zeroed by the GC on every tool call.
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxResponseBytes)
                {
                    throw new ResponseTooLargeException();
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
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

    private sealed class ResponseTooLargeException : Exception;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} request timed out after {Seconds} s.")]
    private partial void LogTimeout(string method, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} request failed: daemon unreachable ({Error}).")]
    private partial void LogUnreachable(string method, string error);
}
