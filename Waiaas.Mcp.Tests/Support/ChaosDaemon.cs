using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Waiaas.Mcp.Tests.Support;

/// <summary>
/// A stateful fake WAIaaS daemon for fault injection: a real Kestrel server on 127.0.0.1 that can be stopped and
/// restarted on the same port, switched into a <see cref="ChaosFault"/>, and that issues and checks session tokens
/// through <see cref="DaemonSessions"/> (renewals answer a fresh token). Healthy answers come from the fixtures.
/// </summary>
public sealed class ChaosDaemon : IAsyncDisposable
{
    public const string Balance =
        """{"walletId":"01a20cca-7af3-7883-800f-3c1b3d8dcc78","chain":"ethereum","network":"ethereum-sepolia","address":"0x0e793E10975dDd5D89b4425ABF0bbEC9B5f69C6e","balance":"1000000000000000","decimals":18,"symbol":"ETH"}""";

    private readonly Channel<string> _arrivals = Channel.CreateUnbounded<string>();
    private WebApplication? _app;
    private CancellationTokenSource _stopping = new();
    private int _port;
    private int _stormCounter;
    private volatile ChaosFault _fault;

    private ChaosDaemon(DaemonSessions sessions) => Sessions = sessions;

    public DaemonSessions Sessions { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{_port}");

    public ChaosFault Fault
    {
        get => _fault;
        set => _fault = value;
    }

    /// <summary>How long <see cref="ChaosFault.SlowAnswers"/> holds each answer back.</summary>
    public TimeSpan SlowAnswerDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>When set, renewal answers wait for it (a renewal kept in flight).</summary>
    public Task? RenewalGate { get; set; }

    /// <summary>The answer to <c>GET /v1/actions/providers</c> (default: no providers, so no action tools).</summary>
    public string Providers { get; set; } = """{"providers":[]}""";

    public static async Task<ChaosDaemon> StartAsync(DaemonSessions sessions)
    {
        var daemon = new ChaosDaemon(sessions);
        await daemon.ListenAsync();
        return daemon;
    }

    /// <summary>Stops listening (connections are refused) until <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_app is not { } app)
        {
            return;
        }

        _app = null;
        await _stopping.CancelAsync();
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await app.StopAsync(grace.Token);
        await app.DisposeAsync();
    }

    /// <summary>Listens again on the same port, with the same sessions.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await ListenAsync();
    }

    /// <summary>Waits (bounded) until a request for <paramref name="path"/> arrives, or took it if it already came.</summary>
    public async Task WaitForRequestAsync(string path)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        string arrived;
        do
        {
            arrived = await _arrivals.Reader.ReadAsync(timeout.Token);
        }
        while (!arrived.StartsWith(path, StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }

    private async Task ListenAsync()
    {
        _stopping = new CancellationTokenSource();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options => options.Listen(IPAddress.Loopback, _port));
        var app = builder.Build();
        var stopping = _stopping.Token;
        app.Run(context => HandleAsync(context, stopping));
        await app.StartAsync();
        _port = new Uri(app.Urls.Single()).Port;
        _app = app;
    }

    private async Task HandleAsync(HttpContext context, CancellationToken stopping)
    {
        var path = context.Request.Path.Value ?? "/";
        _arrivals.Writer.TryWrite(path);
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            var (status, body) = await AnswerAsync(context, path, aborted.Token);
            if (status == 0)
            {
                context.Abort();
                return;
            }

            context.Response.StatusCode = status;
            context.Response.ContentType = body.StartsWith('{') ? "application/json" : "text/plain";
            await context.Response.WriteAsync(body, aborted.Token);
        }
        catch (OperationCanceledException)
        {
            // The client gave up (its timeout) or the daemon is stopping.
        }
    }

    /// <summary>The answer to send: status 0 means abort the connection instead.</summary>
    private async Task<(int Status, string Body)> AnswerAsync(HttpContext context, string path, CancellationToken aborted)
    {
        switch (_fault)
        {
            case ChaosFault.Hang:
                await Task.Delay(Timeout.Infinite, aborted);
                break;
            case ChaosFault.ResetConnections:
                return (0, "");
            case ChaosFault.SlowAnswers:
                await Task.Delay(SlowAnswerDelay, aborted);
                break;
            case ChaosFault.ServerErrorStorm:
                return (Interlocked.Increment(ref _stormCounter) % 3) switch
                {
                    0 => (500, """{"code":"INTERNAL_ERROR","message":"Internal server error"}"""),
                    1 => (502, "Bad Gateway"),
                    _ => (503, """{"code":"SERVICE_UNAVAILABLE","message":"Service unavailable"}"""),
                };
            case ChaosFault.RateLimitStorm:
                return (429, """{"code":"RATE_LIMITED","message":"Too many requests","requestId":"r","retryable":true}""");
            case ChaosFault.KillSwitch when !IsExemptFromKillSwitch(path):
                return (503, FakeDaemon.ReadFixture("any-call.kill-switch-active.json"));
        }

        return await HealthyAnswerAsync(context, path, aborted);
    }

    private async Task<(int Status, string Body)> HealthyAnswerAsync(HttpContext context, string path, CancellationToken aborted)
    {
        switch (path)
        {
            case "/health":
                return (200, FakeDaemon.ReadFixture("GET-health.200.json"));
            case "/v1/admin/kill-switch":
                return (200, FakeDaemon.ReadFixture(_fault == ChaosFault.KillSwitch
                    ? "GET-v1-admin-kill-switch.suspended.json"
                    : "GET-v1-admin-kill-switch.normal.json"));
            case "/v1/actions/providers":
                return (200, Providers);
        }

        if (Sessions.RefusalFixture(context.Request.Headers.Authorization) is { } refusal)
        {
            return (401, FakeDaemon.ReadFixture(refusal));
        }

        var segments = path.Split('/');
        if (context.Request.Method == "PUT" && segments is ["", "v1", "sessions", var sessionId, "renew"])
        {
            if (RenewalGate is { } gate)
            {
                await gate.WaitAsync(aborted);
            }

            var id = Uri.UnescapeDataString(sessionId);
            if (Sessions.RefusesSupersededRenewals && Sessions.IsSuperseded(context.Request.Headers.Authorization, id))
            {
                return (403, FakeDaemon.ReadFixture("PUT-v1-sessions-id-renew.old-token-after-renewal.json"));
            }

            return (200, FakeResponse.RenewalOk(Sessions.Issue(id)).Body);
        }

        return path switch
        {
            "/v1/connect-info" => (200, FakeDaemon.ReadFixture("GET-v1-connect-info.200.json")),
            // The recorded balance answers are chain errors (the RPC was down): a success shaped like the OpenAPI one.
            "/v1/wallet/balance" => (200, Balance),
            _ => (200, """{"ok":true}"""),
        };
    }

    private static bool IsExemptFromKillSwitch(string path) =>
        path == "/health" || path.StartsWith("/v1/admin/", StringComparison.Ordinal) || path.StartsWith("/v1/owner/", StringComparison.Ordinal);
}
