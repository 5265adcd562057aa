using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Waiaas.Mcp.Tests.Support;

/// <summary>One request as the fake daemon saw it: raw target (still percent-encoded), headers, body.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A programmed answer. <see cref="Gate"/>, when set, holds the answer back until it completes, to keep a
/// request in flight (or let it time out) while the test looks at the client.
/// </summary>
public sealed record FakeResponse(int Status, string Body, Task? Gate = null)
{
    /// <summary>A real daemon body from the fixtures folder, with the status the daemon sent it with.</summary>
    public static FakeResponse Fixture(int status, string fileName) => new(status, FakeDaemon.ReadFixture(fileName));

    /// <summary>The real 200 answer of <c>PUT /v1/sessions/{id}/renew</c> with the redacted token replaced by <paramref name="token"/>.</summary>
    public static FakeResponse RenewalOk(string token, int? renewalCount = null)
    {
        var body = FakeDaemon.ReadFixture("PUT-v1-sessions-id-renew.200.json").Replace("wai_sess_REDACTED", token, StringComparison.Ordinal);
        if (renewalCount is { } count)
        {
            body = body.Replace("\"renewalCount\": 1", $"\"renewalCount\": {count}", StringComparison.Ordinal);
        }

        return new FakeResponse(200, body);
    }

    /// <summary>A daemon-shaped error body for codes without a recorded fixture.</summary>
    public static FakeResponse Error(int status, string code, string message, bool retryable = false) =>
        new(status, $$"""{"code":"{{code}}","message":"{{message}}","requestId":"00000000-0000-0000-0000-000000000000","retryable":{{(retryable ? "true" : "false")}}}""");
}

/// <summary>
/// A fake WAIaaS daemon: a real HTTP server (Kestrel) on 127.0.0.1 with an OS-chosen port, so the client
/// code under test runs its real HTTP stack. Records every request; answers from a FIFO of programmed
/// responses, then from <see cref="Fallback"/> (default: 404 NOT_FOUND).
/// </summary>
public sealed class FakeDaemon : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeResponse> _queue = new();
    private readonly Channel<RecordedRequest> _arrivals = Channel.CreateUnbounded<RecordedRequest>();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private FakeDaemon(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Answers requests when no programmed response is queued.</summary>
    public Func<RecordedRequest, FakeResponse> Fallback { get; set; } =
        _ => FakeResponse.Error(404, "NOT_FOUND", "Not found");

    /// <summary>
    /// Answers a request before the queue when it returns a response; such requests are not recorded (for
    /// background requests a test does not look at, e.g. the action-tools fetch).
    /// </summary>
    public Func<RecordedRequest, FakeResponse?>? Preempt { get; set; }

    public static async Task<FakeDaemon> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0);
            // Record very long targets (hostile path tests) instead of refusing them with 414 before the handler.
            options.Limits.MaxRequestLineSize = 256 * 1024;
            options.Limits.MaxRequestHeadersTotalSize = 512 * 1024;
        });
        var app = builder.Build();
        var daemon = new FakeDaemon(app);
        app.Run(daemon.HandleAsync);
        await app.StartAsync();
        daemon.BaseUrl = new Uri(app.Urls.Single());
        return daemon;
    }

    /// <summary>Queues answers for the next requests, in order.</summary>
    public void Enqueue(params FakeResponse[] responses)
    {
        foreach (var response in responses)
        {
            _queue.Enqueue(response);
        }
    }

    /// <summary>The next request to arrive (or already arrived and not yet taken), within a safety timeout.</summary>
    public async Task<RecordedRequest> NextRequestAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _arrivals.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>True when a request arrived that no <see cref="NextRequestAsync"/> has taken yet.</summary>
    public bool HasUnreadRequest => _arrivals.Reader.TryPeek(out _);

    public static string ReadFixture(string fileName) => File.ReadAllText(Path.Join(RepositoryPaths.DaemonFixtures, fileName));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (context.Request.Path + context.Request.QueryString).ToString();
        var request = new RecordedRequest(context.Request.Method, target, headers, body);
        if (Preempt?.Invoke(request) is { } preempted)
        {
            if (preempted.Gate is { } preemptedGate)
            {
                await preemptedGate.WaitAsync(context.RequestAborted);
            }

            context.Response.StatusCode = preempted.Status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(preempted.Body, context.RequestAborted);
            return;
        }

        _requests.Enqueue(request);

        var response = _queue.TryDequeue(out var queued) ? queued : Fallback(request);
        _arrivals.Writer.TryWrite(request);
        if (response.Gate is { } gate)
        {
            await gate.WaitAsync(context.RequestAborted);
        }

        context.Response.StatusCode = response.Status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(response.Body, context.RequestAborted);
    }
}
