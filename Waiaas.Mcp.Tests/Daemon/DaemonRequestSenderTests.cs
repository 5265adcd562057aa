using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Hosting;
using Waiaas.Mcp.Tests.Support;
using Waiaas.Mcp.Results;

namespace Waiaas.Mcp.Tests.Daemon;

/// <summary>One request, one classified outcome: every kind of answer and failure, against a real HTTP server.</summary>
public sealed class DaemonRequestSenderTests : IAsyncLifetime
{
    private const string Token = "wai_sess_header.payload.signature";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private FakeDaemon _daemon = null!;
    private DaemonRequestSender _http = null!;

    public async Task InitializeAsync()
    {
        _daemon = await FakeDaemon.StartAsync();
        _http = Create(_daemon.BaseUrl.ToString());
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _daemon.DisposeAsync();
    }

    [Fact]
    public async Task Send_Json200_OkWithCompactDaemonJson()
    {
        _daemon.Enqueue(FakeResponse.Fixture(200, "GET-v1-wallet-balance.evm.200.json"));

        var result = await _http.SendAsync(DaemonRequest.Get("/v1/wallet/balance"), Token, CancellationToken.None);

        var ok = Assert.IsType<DaemonResult.Ok>(result);
        var expected = JsonSerializer.Serialize(
            JsonDocument.Parse(FakeDaemon.ReadFixture("GET-v1-wallet-balance.evm.200.json")).RootElement,
            new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, TypeInfoResolver = TestJson.Default });
        Assert.Equal(expected, Encoding.UTF8.GetString(ok.Json.Span));
    }

    [Fact]
    public async Task Send_Get_SendsBearerUserAgentAcceptAndNoContentType()
    {
        _daemon.Enqueue(new FakeResponse(200, "{}"));

        await _http.SendAsync(DaemonRequest.Get("/v1/connect-info"), Token, CancellationToken.None);

        var request = await _daemon.NextRequestAsync();
        Assert.Equal("GET", request.Method);
        Assert.Equal("/v1/connect-info", request.PathAndQuery);
        Assert.Equal($"Bearer {Token}", request.Header("Authorization"));
        Assert.Equal($"waiaas-mcp/{ServerVersion.Current}", request.Header("User-Agent"));
        Assert.Equal("application/json", request.Header("Accept"));
        Assert.Null(request.Header("Content-Type"));
    }

    [Fact]
    public async Task Send_PostWithBody_SendsJsonContentTypeAndBody()
    {
        _daemon.Enqueue(new FakeResponse(200, "{}"));

        await _http.SendAsync(new DaemonRequest(HttpMethod.Post, "/v1/transactions/send", Encoding.UTF8.GetBytes("""{"to":"0x1"}""")), Token, CancellationToken.None);

        var request = await _daemon.NextRequestAsync();
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal("""{"to":"0x1"}""", request.Body);
    }

    [Fact]
    public async Task Send_NoToken_SendsNoAuthorization()
    {
        _daemon.Enqueue(FakeResponse.Fixture(200, "GET-health.200.json"));

        await _http.SendAsync(DaemonRequest.Get("/health", requiresSession: false), token: null, CancellationToken.None);

        Assert.Null((await _daemon.NextRequestAsync()).Header("Authorization"));
    }

    [Theory]
    [InlineData("../admin/status")]
    [InlineData("a/b")]
    [InlineData("%2e%2e")]
    [InlineData("..")]
    [InlineData("x?y#z")]
    [InlineData("지갑")]
    public async Task Send_EncodedPathSegment_ArrivesAsOneSegmentUnchanged(string transactionId)
    {
        _daemon.Enqueue(new FakeResponse(200, "{}"));
        var path = "/v1/transactions/" + UrlBuilder.EncodePathSegment(transactionId);

        await _http.SendAsync(DaemonRequest.Get(path), Token, CancellationToken.None);

        var request = await _daemon.NextRequestAsync();
        Assert.Equal(path, request.PathAndQuery);
        Assert.Equal(3, request.PathAndQuery.Split('?')[0].Count(c => c == '/'));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("")]
    [InlineData("<html>proxy</html>")]
    public async Task Send_2xxWithoutJson_DaemonUnavailableSayingSo(string body)
    {
        _daemon.Enqueue(new FakeResponse(200, body));

        var result = await _http.SendAsync(DaemonRequest.Get("/v1/wallet/balance"), Token, CancellationToken.None);

        Assert.Contains("without a JSON body", Assert.IsType<DaemonResult.DaemonUnavailable>(result).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_503SystemLocked_KillSwitch()
    {
        _daemon.Enqueue(FakeResponse.Fixture(503, "any-call.kill-switch-active.json"));

        var result = await _http.SendAsync(DaemonRequest.Get("/v1/wallet/balance"), Token, CancellationToken.None);

        Assert.IsType<DaemonResult.KillSwitchActive>(result);
    }

    [Theory]
    [InlineData(409)]
    [InlineData(503)]
    public async Task Send_KillSwitchActiveCode_KillSwitch(int status)
    {
        _daemon.Enqueue(FakeResponse.Error(status, "KILL_SWITCH_ACTIVE", "Kill switch is active"));

        var result = await _http.SendAsync(DaemonRequest.Get("/v1/wallet/balance"), Token, CancellationToken.None);

        Assert.IsType<DaemonResult.KillSwitchActive>(result);
    }

    [Fact]
    public async Task Send_503SystemLockedLocalhostOnly_WrongHostApiErrorWithBaseUrlHint()
    {
        _daemon.Enqueue(FakeResponse.Error(503, "SYSTEM_LOCKED", "Only localhost access allowed"));

        var result = await _http.SendAsync(DaemonRequest.Get("/v1/wallet/balance"), Token, CancellationToken.None);

        var error = Assert.IsType<DaemonResult.ApiError>(result);
        Assert.Equal("SYSTEM_LOCKED", error.Code);
        Assert.Equal(ErrorCause.WrongHost, error.Cause);
        Assert.False(error.Retryable);
        var text = Assert.IsType<ModelContextProtocol.Protocol.TextContentBlock>(Assert.Single(ResultMapper.ToToolResult(error).Content)).Text;
        Assert.Contains("WAIAAS_BASE_URL", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("any-session-call.expired-token.json", "TOKEN_EXPIRED")]
    [InlineData("any-session-call.invalid-token.json", "INVALID_TOKEN")]
    [InlineData("any-session-call.revoked-session.json", "SESSION_REVOKED")]
    public async Task Send_401SessionCode_SessionExpiredCarryingCode(string fixture, string code)
    {
        _daemon.Enqueue(FakeResponse.Fixture(401, fixture));

        var result = await _http.SendAsync(DaemonRequest.Get("/v1/wallet/balance"), Token, CancellationToken.None);

        Assert.Equal(code, Assert.IsType<DaemonResult.SessionExpired>(result).Reason);
    }

    [Fact]
    public async Task Send_401InvalidMasterPassword_ApiErrorNotSession()
    {
        _daemon.Enqueue(FakeResponse.Error(401, "INVALID_MASTER_PASSWORD", "Invalid master password"));

        var result = await _http.SendAsync(DaemonRequest.Get("/v1/sessions"), Token, CancellationToken.None);

        Assert.Equal("INVALID_MASTER_PASSWORD", Assert.IsType<DaemonResult.ApiError>(result).Code);
    }

    [Fact]
    public async Task Send_400ValidationFailed_ApiErrorWithDetailsAndRetryableFromBody()
    {
        _daemon.Enqueue(FakeResponse.Fixture(400, "any-call.validation-error.json"));

        var result = await _http.SendAsync(DaemonRequest.Get("/v1/wallet/balance"), Token, CancellationToken.None);

        var error = Assert.IsType<DaemonResult.ApiError>(result);
        var body = JsonDocument.Parse(FakeDaemon.ReadFixture("any-call.validation-error.json")).RootElement;
        Assert.Equal(body.GetProperty("code").GetString(), error.Code);
        Assert.Equal(body.GetProperty("message").GetString(), error.Message);
        Assert.Equal(body.GetProperty("retryable").GetBoolean(), error.Retryable);
        Assert.True(JsonElement.DeepEquals(body.GetProperty("details"), error.Details!.Value));
    }

    [Fact]
    public async Task Send_502ChainError_ApiErrorHonouringBodyRetryable()
    {
        _daemon.Enqueue(FakeResponse.Fixture(502, "GET-v1-wallet-balance.chain-rpc-down.json"));

        var result = await _http.SendAsync(DaemonRequest.Get("/v1/wallet/balance"), Token, CancellationToken.None);

        var error = Assert.IsType<DaemonResult.ApiError>(result);
        var body = JsonDocument.Parse(FakeDaemon.ReadFixture("GET-v1-wallet-balance.chain-rpc-down.json")).RootElement;
        Assert.Equal(body.GetProperty("code").GetString(), error.Code);
        Assert.Equal(body.GetProperty("retryable").GetBoolean(), error.Retryable);
    }

    [Fact]
    public async Task Send_5xxRetryableFalseInBody_Honoured()
    {
        _daemon.Enqueue(FakeResponse.Error(500, "INTERNAL", "broken", retryable: false));

        var result = await _http.SendAsync(DaemonRequest.Get("/v1/wallet/balance"), Token, CancellationToken.None);

        Assert.False(Assert.IsType<DaemonResult.ApiError>(result).Retryable);
    }

    [Theory]
    [InlineData(500, true)]
    [InlineData(404, false)]
    public async Task Send_ErrorWithoutJsonBody_HttpStatusCodeAndDefaultMessage(int status, bool retryable)
    {
        _daemon.Enqueue(new FakeResponse(status, "oops"));

        var result = await _http.SendAsync(DaemonRequest.Get("/v1/wallet/balance"), Token, CancellationToken.None);

        var error = Assert.IsType<DaemonResult.ApiError>(result);
        Assert.Equal($"HTTP_{status}", error.Code);
        Assert.Equal($"Request failed with status {status}", error.Message);
        Assert.Equal(retryable, error.Retryable);
        Assert.Null(error.Hint);
        Assert.Null(error.Details);
    }

    [Fact]
    public async Task Send_NothingListening_DaemonUnavailableConnectionRefused()
    {
        using var http = Create($"http://127.0.0.1:{LoopbackPort.Unused()}");

        var result = await http.SendAsync(DaemonRequest.Get("/health", requiresSession: false), null, CancellationToken.None);

        Assert.Contains("connection refused", Assert.IsType<DaemonResult.DaemonUnavailable>(result).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_DaemonHangsPastTimeout_DaemonUnavailableNamingTheTimeout()
    {
        var never = new TaskCompletionSource();
        _daemon.Enqueue(new FakeResponse(200, "{}", never.Task));

        var sending = _http.SendAsync(DaemonRequest.Get("/v1/wallet/balance"), Token, CancellationToken.None);
        await _daemon.NextRequestAsync();
        _time.Advance(ServerConfiguration.DefaultRequestTimeout);
        var result = await sending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains("no answer within 30 s", Assert.IsType<DaemonResult.DaemonUnavailable>(result).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_CallerCancels_OperationCanceledPropagates()
    {
        var never = new TaskCompletionSource();
        _daemon.Enqueue(new FakeResponse(200, "{}", never.Task));
        using var cancellation = new CancellationTokenSource();

        var sending = _http.SendAsync(DaemonRequest.Get("/v1/wallet/balance"), Token, cancellation.Token);
        await _daemon.NextRequestAsync();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Send_InvalidBaseUrl_ConfigurationErrorWithoutRequest()
    {
        using var http = new DaemonRequestSender(
            ServerConfiguration.FromVariables(name => name == EnvironmentVariables.BaseUrl ? "ftp://nope" : null),
            _time, NullLoggerFactory.Instance);

        var result = await http.SendAsync(DaemonRequest.Get("/health", requiresSession: false), null, CancellationToken.None);

        Assert.Equal(ServerErrorCodes.Configuration, Assert.IsType<DaemonResult.ApiError>(result).Code);
        Assert.Empty(_daemon.Requests);
    }

    [Fact]
    public async Task Send_404SessionNotFound_SessionExpiredCarryingCode()
    {
        _daemon.Enqueue(FakeResponse.Fixture(404, "any-session-call.session-not-found.json"));

        var result = await _http.SendAsync(DaemonRequest.Get("/v1/wallet/balance"), Token, CancellationToken.None);

        Assert.Equal("SESSION_NOT_FOUND", Assert.IsType<DaemonResult.SessionExpired>(result).Reason);
    }

    [Fact]
    public async Task Send_404OtherCode_ApiError()
    {
        _daemon.Enqueue(FakeResponse.Fixture(404, "POST-v1-transactions-id-cancel.unknown-id.json"));

        var result = await _http.SendAsync(DaemonRequest.Get("/v1/transactions/x"), Token, CancellationToken.None);

        Assert.IsType<DaemonResult.ApiError>(result);
    }

    public static TheoryData<string, string[]> ValidationErrors => new()
    {
        { "any-call.validation-error.json", ["ttl"] },
        { "GET-v1-transactions.limit-out-of-range.json", ["limit"] },
        { "POST-v1-transactions-send.gas-condition-invalid.json", ["gasCondition.timeout"] },
        { "POST-v1-transactions-send.nft-standard-lowercase.json", ["token.standard"] },
        { "POST-v1-transactions-simulate.without-type.json", ["type"] },
        // The action's own schema names paths inside the body's params.
        { "POST-v1-actions-provider-action.input-invalid.json", ["params.asset"] },
    };

    [Theory]
    [MemberData(nameof(ValidationErrors))]
    public async Task Send_ValidationErrorOfAnyShape_NamesEachFieldAndKeepsTheDaemonsMessageAndDetails(string fixture, string[] fields)
    {
        _daemon.Enqueue(FakeResponse.Fixture(400, fixture));

        var result = await _http.SendAsync(DaemonRequest.Get("/v1/transactions"), Token, CancellationToken.None);

        var error = Assert.IsType<DaemonResult.ApiError>(result);
        var body = JsonDocument.Parse(FakeDaemon.ReadFixture(fixture)).RootElement;
        Assert.Equal(fields, error.Fields!.Select(f => f.Field));
        Assert.All(error.Fields!, f => Assert.False(string.IsNullOrEmpty(f.Problem)));
        Assert.Equal(body.GetProperty("message").GetString(), error.Message);
        Assert.Equal(body.TryGetProperty("details", out var details), error.Details is not null);
        Assert.True(!error.Details.HasValue || JsonElement.DeepEquals(details, error.Details.Value));
    }

    [Fact]
    public async Task Send_HandlerCheckWithoutDetails_MessageNamesTheFieldsAndNoFieldList()
    {
        _daemon.Enqueue(FakeResponse.Fixture(400, "POST-v1-transactions-send.amount-and-human-amount.json"));

        var result = await _http.SendAsync(DaemonRequest.Get("/v1/transactions"), Token, CancellationToken.None);

        var error = Assert.IsType<DaemonResult.ApiError>(result);
        Assert.Null(error.Fields);
        Assert.Contains("humanAmount", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(200, """{"name":"cut \ud83d","ok":"\ud83d\ude00"}""")]
    [InlineData(400, """{"code":"X","message":"bad \ud83d name","hint":"\udc00","requestId":"r","retryable":false,"details":{"n":"\ud83d"}}""")]
    public async Task Send_LoneSurrogateEscape_ReadableResultKeepingEverythingElse(int status, string body)
    {
        _daemon.Enqueue(new FakeResponse(status, body));

        var result = await _http.SendAsync(DaemonRequest.Get("/v1/wallet/balance"), Token, CancellationToken.None);

        if (result is DaemonResult.Ok ok)
        {
            Assert.Equal("""{"name":"cut \ufffd","ok":"\ud83d\ude00"}""", Encoding.UTF8.GetString(ok.Json.Span));
            return;
        }

        var error = Assert.IsType<DaemonResult.ApiError>(result);
        Assert.Equal(("X", "bad \ufffd name", "\ufffd"), (error.Code, error.Message, error.Hint));
        Assert.Equal("\ufffd", error.Details!.Value.GetProperty("n").GetString());
    }

    [Theory]
    [InlineData(200)]
    [InlineData(403)]
    public async Task Send_AnswerEchoesTheSentToken_EchoRedactedWithOrWithoutItsPrefix(int status)
    {
        var token = TestTokens.Create("s-1", _time.GetUtcNow(), _time.GetUtcNow().AddHours(1));
        var jwt = token["wai_sess_".Length..];
        _daemon.Enqueue(new FakeResponse(status, $$"""{"code":"PROXY","message":"Authorization: Bearer {{token}}","hint":"jwt {{jwt}} refused","details":{"header":"Bearer {{token}}"},"retryable":false}"""));

        var result = await _http.SendAsync(DaemonRequest.Get("/v1/wallet/balance"), token, CancellationToken.None);

        var text = result switch
        {
            DaemonResult.Ok ok => Encoding.UTF8.GetString(ok.Json.Span),
            DaemonResult.ApiError error => $"{error.Message} {error.Hint} {error.Details?.GetRawText()}",
            _ => throw new Xunit.Sdk.XunitException(result.ToString()),
        };
        SecretScan.AssertNoToken([token], ("result", text));
        Assert.Equal(3, text.Split(SecretRedaction.RedactedToken).Length - 1);
    }

    [Fact]
    public async Task Send_AnswerLargerThanOneAnswerMayBe_ApiErrorNamingTheLimit()
    {
        _daemon.Enqueue(new FakeResponse(200, "\"" + new string('x', DaemonRequestSender.MaxAnswerBytes) + "\""));

        var result = await _http.SendAsync(DaemonRequest.Get("/v1/transactions"), Token, CancellationToken.None);

        var error = Assert.IsType<DaemonResult.ApiError>(result);
        Assert.Equal((ServerErrorCodes.AnswerTooLarge, false), (error.Code, error.Retryable));
        Assert.Contains("16 MiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_AnswersHeldUntilReplied_NextAnswerOverTheBudgetRefusedUntilTheReplyIsOut()
    {
        var body = "\"" + new string('x', 600) + "\"";
        using var http = new DaemonRequestSender(Configuration(_daemon.BaseUrl.ToString()), _time, NullLoggerFactory.Instance, new AnswerBudget(1000));
        _daemon.Fallback = _ => new FakeResponse(200, body);

        DaemonResult second;
        using (AnswerBudget.HoldUntilReplied())
        {
            Assert.IsType<DaemonResult.Ok>(await http.SendAsync(DaemonRequest.Get("/v1/transactions"), Token, CancellationToken.None));
            second = await http.SendAsync(DaemonRequest.Get("/v1/transactions"), Token, CancellationToken.None);
        }

        var third = await http.SendAsync(DaemonRequest.Get("/v1/transactions"), Token, CancellationToken.None);

        var refused = Assert.IsType<DaemonResult.ApiError>(second);
        Assert.Equal((ServerErrorCodes.AnswerTooLarge, true), (refused.Code, refused.Retryable));
        Assert.IsType<DaemonResult.Ok>(third);
    }

    [Fact]
    public async Task Send_AnswerWithoutContentLength_ReadInFullAndCountedAgainstTheBudget()
    {
        // FakeDaemon answers chunked (no Content-Length).
        var body = "[" + string.Join(",", Enumerable.Range(0, 40_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";
        using var http = new DaemonRequestSender(Configuration(_daemon.BaseUrl.ToString()), _time, NullLoggerFactory.Instance, new AnswerBudget(body.Length + 10));
        _daemon.Fallback = _ => new FakeResponse(200, body);

        var ok = Assert.IsType<DaemonResult.Ok>(await http.SendAsync(DaemonRequest.Get("/v1/transactions"), Token, CancellationToken.None));
        using var tooSmall = new DaemonRequestSender(Configuration(_daemon.BaseUrl.ToString()), _time, NullLoggerFactory.Instance, new AnswerBudget(body.Length - 10));
        var refused = await tooSmall.SendAsync(DaemonRequest.Get("/v1/transactions"), Token, CancellationToken.None);

        Assert.Equal(body, Encoding.UTF8.GetString(ok.Json.Span));
        Assert.Equal(ServerErrorCodes.AnswerTooLarge, Assert.IsType<DaemonResult.ApiError>(refused).Code);
    }

    private DaemonRequestSender Create(string baseUrl) => new(Configuration(baseUrl), _time, NullLoggerFactory.Instance);

    private static ServerConfiguration Configuration(string baseUrl) =>
        ServerConfiguration.FromVariables(name => name == EnvironmentVariables.BaseUrl ? baseUrl : null);
}
