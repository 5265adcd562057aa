using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.Daemon;

/// <summary>
/// A request that must not run twice is never reported as "not sent, retry" once it may have reached the daemon:
/// every way of losing the answer after the request was written is an unknown outcome; only a failure known to be
/// before delivery (refused, no connection yet) is the daemon being unavailable. Requests safe to repeat keep the
/// old rule: any lost answer is daemon_unavailable.
/// </summary>
public sealed class RequestDeliveryTests
{
    private const string Token = "wai_sess_header.payload.signature";
    private const string Accepted = """{"id":"01a23064-2e3c-7d02-969a-d85c191477c2","status":"PENDING"}""";

    private static readonly DaemonRequest Send = new(HttpMethod.Post, "/v1/transactions/send", Encoding.UTF8.GetBytes("""{"to":"0x1","amount":"1"}"""))
    {
        SafeToRepeat = false,
    };

    private static readonly DaemonRequest Balance = DaemonRequest.Get("/v1/wallet/balance");

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    public static TheoryData<string> AnswerLost => LostAnswers.Names;

    [Theory]
    [MemberData(nameof(AnswerLost))]
    public async Task Send_NotSafeToRepeatAndAnswerLost_OutcomeUnknownAndSentOnce(string fault)
    {
        await using var daemon = new RawDaemon(_ => Fault(fault));
        using var http = Create(daemon.BaseUrl);

        var result = await http.SendAsync(Send, Token, CancellationToken.None);

        Assert.IsType<DaemonResult.OutcomeUnknown>(result);
        Assert.Single(daemon.Requests);
    }

    [Theory]
    [MemberData(nameof(AnswerLost))]
    public async Task Send_SafeToRepeatAndAnswerLost_DaemonUnavailable(string fault)
    {
        await using var daemon = new RawDaemon(_ => Fault(fault));
        using var http = Create(daemon.BaseUrl);

        var result = await http.SendAsync(Balance, Token, CancellationToken.None);

        Assert.IsType<DaemonResult.DaemonUnavailable>(result);
    }

    [Theory]
    [InlineData("Content-Length longer than the body")]
    [InlineData("chunked body cut inside a chunk")]
    [InlineData("reset in the middle of the body")]
    public async Task Send_BodyCutMidAnswer_ReasonSaysTheAnswerWasCutOff(string fault)
    {
        await using var daemon = new RawDaemon(_ => Fault(fault));
        using var http = Create(daemon.BaseUrl);

        var result = await http.SendAsync(Balance, Token, CancellationToken.None);

        Assert.Contains("cut off", Assert.IsType<DaemonResult.DaemonUnavailable>(result).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_NotSafeToRepeatAndNoAnswerWithinTheTimeout_OutcomeUnknown()
    {
        await using var daemon = new RawDaemon(_ => RawAnswer.Silence);
        using var http = Create(daemon.BaseUrl);

        var sending = http.SendAsync(Send, Token, CancellationToken.None);
        await daemon.NextRequestAsync();
        _time.Advance(ServerConfiguration.DefaultRequestTimeout);
        var result = await sending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains("no answer within 30 s", Assert.IsType<DaemonResult.OutcomeUnknown>(result).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_NotSafeToRepeatAndConnectionRefused_DaemonUnavailable()
    {
        using var http = Create(new Uri($"http://127.0.0.1:{LoopbackPort.Unused()}"));

        var result = await http.SendAsync(Send, Token, CancellationToken.None);

        Assert.Contains("connection refused", Assert.IsType<DaemonResult.DaemonUnavailable>(result).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_NotSafeToRepeatAndTimeoutBeforeTheConnectionExisted_DaemonUnavailable()
    {
        if (!OperatingSystem.IsLinux())
        {
            // Linux drops a SYN once the accept queue of a listener is full, so the connect stays pending.
            return;
        }

        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;
        using var queued = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await queued.ConnectAsync(endpoint);
        using var http = Create(new Uri($"http://127.0.0.1:{endpoint.Port}"));

        // The accept queue is full: the connect cannot complete, so nothing of the request can be written.
        var sending = http.SendAsync(Send, Token, CancellationToken.None);
        _time.Advance(ServerConfiguration.DefaultRequestTimeout);
        var result = await sending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains("no connection to", Assert.IsType<DaemonResult.DaemonUnavailable>(result).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_NotSafeToRepeat_EachOnAConnectionOfItsOwnWhileSafeRequestsShareOne()
    {
        await using var daemon = new RawDaemon(request => RawAnswer.Json(request.Method == "POST" ? 201 : 200, Accepted));
        using var http = Create(daemon.BaseUrl);

        foreach (var request in new[] { Balance, Balance, Send, Send })
        {
            Assert.IsType<DaemonResult.Ok>(await http.SendAsync(request, Token, CancellationToken.None));
        }

        var connections = daemon.Requests.Select(r => r.Connection).ToList();
        // The two GETs on one kept-alive connection, each POST on a new one.
        Assert.Equal(connections[0], connections[1]);
        Assert.Equal(3, connections.Distinct().Count());
    }

    [Fact]
    public async Task Send_NotSafeToRepeatAndAnswerLargerThanTheBudget_OutcomeUnknownNamingTheLimit()
    {
        await using var daemon = new RawDaemon(_ => RawAnswer.Json(201, new string('x', 2000)));
        using var http = new DaemonRequestSender(Configuration(daemon.BaseUrl), _time, NullLoggerFactory.Instance, new AnswerBudget(1000));

        var result = await http.SendAsync(Send, Token, CancellationToken.None);

        Assert.Contains("MiB", Assert.IsType<DaemonResult.OutcomeUnknown>(result).Reason, StringComparison.Ordinal);
    }

    private static RawAnswer Fault(string fault) => LostAnswers.For(fault, Accepted);

    private DaemonRequestSender Create(Uri baseUrl) => new(Configuration(baseUrl), _time, NullLoggerFactory.Instance);

    private static ServerConfiguration Configuration(Uri baseUrl) =>
        ServerConfiguration.FromVariables(name => name == EnvironmentVariables.BaseUrl ? baseUrl.ToString() : null);
}
