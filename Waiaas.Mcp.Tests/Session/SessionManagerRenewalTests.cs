using Waiaas.Mcp.Session;
using Waiaas.Mcp.Tests.Support;
using static Waiaas.Mcp.Tests.Session.SessionHarness;

namespace Waiaas.Mcp.Tests.Session;

/// <summary>The renewal schedule, and what the session does on every answer the daemon can give a renewal.</summary>
public class SessionManagerRenewalTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan RenewAfter = TimeSpan.FromMinutes(36);

    [Fact]
    public async Task Renewal_FiniteToken_PutsRenewAt60PercentWithBearerAndEmptyBody()
    {
        await using var h = await CreateAsync();
        var old = await h.StartWithFileTokenAsync(Hour);
        var renewed = TestTokens.Create(SessionId, Start + RenewAfter, Start + RenewAfter + Hour);
        h.Daemon.Enqueue(FakeResponse.RenewalOk(renewed, renewalCount: 1));

        Assert.Equal(SessionState.Active, h.Session.State);
        Assert.Equal(old, h.Session.GetToken());
        await h.Time.ElapseAsync(RenewAfter);
        var request = await h.Daemon.NextRequestAsync();

        Assert.Equal("PUT", request.Method);
        Assert.Equal($"/v1/sessions/{SessionId}/renew", request.PathAndQuery);
        Assert.Equal($"Bearer {old}", request.Header("Authorization"));
        Assert.Equal("{}", request.Body);
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);

        // Rescheduled from the new token: 60 % of its own lifetime.
        await h.Time.WaitForTimerAsync(RenewAfter);
        Assert.Equal(renewed, h.Session.GetToken());
        Assert.Equal(renewed, h.ReadTokenFile());
        var snapshot = h.Session.GetReport();
        Assert.Equal(SessionState.Active, snapshot.State);
        Assert.Equal(1, snapshot.RenewalCount);
        Assert.Equal(Start + RenewAfter, snapshot.LastRenewalAt);
        Assert.Equal(Start + RenewAfter + RenewAfter, snapshot.NextRenewalAt);
        Assert.Equal(Start + RenewAfter + Hour, snapshot.ExpiresAt);
        Assert.Null(snapshot.LastError);
        h.AssertNoTokenLogged(old, renewed);
    }

    [Fact]
    public async Task Renewal_TokenWithoutIat_RenewsAt60PercentOfRemainingTime()
    {
        await using var h = await CreateAsync();
        h.WriteTokenFile(TestTokens.Create(SessionId, issuedAt: null, Start + TimeSpan.FromMinutes(100)));

        await h.StartAsync();

        await h.Time.WaitForTimerAsync(TimeSpan.FromMinutes(60));
    }

    [Fact]
    public async Task Renewal_TokenLoadedPastItsRenewalPoint_RenewsAtOnce()
    {
        await using var h = await CreateAsync();
        h.WriteTokenFile(TestTokens.Create(SessionId, Start - TimeSpan.FromMinutes(50), Start + TimeSpan.FromMinutes(10)));
        var renewed = h.NewToken(Hour);
        h.Daemon.Enqueue(FakeResponse.RenewalOk(renewed));

        await h.StartAsync();
        var request = await h.Daemon.NextRequestAsync();

        Assert.Equal("PUT", request.Method);
        await h.Time.WaitForTimerAsync(RenewAfter);
        Assert.Equal(renewed, h.Session.GetToken());
    }

    [Fact]
    public async Task Renewal_Success_WritesFileBeforeSwappingMemory()
    {
        await using var h = await CreateAsync(walletId: "wallet-1");
        var old = h.NewToken(Hour);
        h.WriteTokenFile(old);
        var renewed = TestTokens.Create(SessionId, Start + RenewAfter, Start + RenewAfter + Hour);
        h.Daemon.Enqueue(FakeResponse.RenewalOk(renewed));
        await h.StartAsync();

        // An observer reads memory, then the file, as fast as it can while the renewal lands: whenever memory holds
        // the new token, the file already does.
        using var stop = new CancellationTokenSource();
        var observing = new TaskCompletionSource();
        var observer = Task.Run(() =>
        {
            var sawNewInMemory = false;
            observing.SetResult();
            do
            {
                if (h.Session.GetToken() == renewed)
                {
                    sawNewInMemory = true;
                    Assert.Equal(renewed, h.ReadTokenFile());
                }
            }
            while (!stop.IsCancellationRequested);

            return sawNewInMemory || h.Session.GetToken() == renewed;
        });
        await observing.Task;
        await h.Time.ElapseAsync(RenewAfter);
        await h.Time.WaitForTimerAsync(RenewAfter);
        await stop.CancelAsync();

        Assert.True(await observer);
        Assert.Equal(renewed, File.ReadAllText(h.Dir.Combine("mcp-tokens", "wallet-1")));
    }

    [Fact]
    public async Task Renewal_FileWriteFails_KeepsRenewedTokenInMemoryAndLogs()
    {
        await using var h = await CreateAsync(configuredToken: TestTokens.Create(SessionId, Start, Start + Hour));
        // A folder where the token file should be: the final rename fails.
        Directory.CreateDirectory(h.TokenPath);
        var renewed = TestTokens.Create(SessionId, Start + RenewAfter, Start + RenewAfter + Hour);
        h.Daemon.Enqueue(FakeResponse.RenewalOk(renewed));
        await h.StartAsync();

        await h.Time.ElapseAsync(RenewAfter);
        await h.Time.WaitForTimerAsync(RenewAfter);

        Assert.Equal(renewed, h.Session.GetToken());
        Assert.Contains(h.Logs.Entries, e => e.Message.Contains("could not be saved", StringComparison.Ordinal));
        Assert.Equal([h.TokenPath], Directory.GetFileSystemEntries(h.Dir.Path));
        h.AssertNoTokenLogged(renewed);
    }

    [Fact]
    public async Task Renewal_SessionIdWithPathCharacters_IsPercentEncoded()
    {
        await using var h = await CreateAsync();
        h.WriteTokenFile(TestTokens.Create("../admin", Start - Hour, Start + TimeSpan.FromMinutes(1)));
        h.Daemon.Enqueue(FakeResponse.Fixture(400, "PUT-v1-sessions-id-renew.unlimited-session.json"));

        await h.StartAsync();
        var request = await h.Daemon.NextRequestAsync();

        Assert.Equal("/v1/sessions/%2E%2E%2Fadmin/renew", request.PathAndQuery);
    }

    [Fact]
    public async Task Renewal_WithoutDataDir_RenewsInMemoryOnly()
    {
        var old = TestTokens.Create(SessionId, Start, Start + Hour);
        await using var h = await CreateAsync(dataDir: false, configuredToken: old);
        var renewed = TestTokens.Create(SessionId, Start + RenewAfter, Start + RenewAfter + Hour);
        h.Daemon.Enqueue(FakeResponse.RenewalOk(renewed));
        await h.StartAsync();

        await h.Time.ElapseAsync(RenewAfter);
        await h.Time.WaitForTimerAsync(RenewAfter);

        Assert.Equal(renewed, h.Session.GetToken());
        Assert.Empty(Directory.GetFileSystemEntries(h.Dir.Path));
    }

    [Fact]
    public async Task Renewal_OneYearToken_WaitsInPiecesBelowTheTimerLimit()
    {
        await using var h = await CreateAsync();
        h.WriteTokenFile(h.NewToken(TimeSpan.FromDays(365)));
        h.Daemon.Enqueue(FakeResponse.Fixture(400, "PUT-v1-sessions-id-renew.unlimited-session.json"));
        await h.StartAsync();

        // 219 days to the renewal point, in timers of at most 20 days (the platform limit is ~49.7 days).
        for (var piece = 0; piece < 10; piece++)
        {
            await h.Time.ElapseAsync(TimeSpan.FromDays(20));
            Assert.Empty(h.Daemon.Requests);
        }

        await h.Time.ElapseAsync(TimeSpan.FromDays(19));
        var request = await h.Daemon.NextRequestAsync();
        Assert.Equal("PUT", request.Method);
    }

    [Fact]
    public async Task Renewal_TooEarly_RetriesAfter30sThreeTimesThenWaitsForTheNextNaturalPoint()
    {
        await using var h = await CreateAsync();
        var old = h.NewToken(Hour);
        h.WriteTokenFile(old);
        h.Daemon.Fallback = _ => FakeResponse.Fixture(403, "PUT-v1-sessions-id-renew.too-early.json");
        await h.StartAsync();

        await h.Time.ElapseAsync(RenewAfter);
        for (var retry = 0; retry < 3; retry++)
        {
            await h.Daemon.NextRequestAsync();
            await h.Time.ElapseAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(old, h.Session.GetToken());
        }

        await h.Daemon.NextRequestAsync();

        // 37.5 min in: 60 % of the 22.5 min left.
        await h.Time.WaitForTimerAsync(TimeSpan.FromMinutes(13.5));
        Assert.Equal(4, h.Daemon.Requests.Count);
        Assert.Equal(SessionState.Active, h.Session.State);
        Assert.Equal(old, h.Session.GetToken());
    }

    [Theory]
    [InlineData("RENEWAL_LIMIT_REACHED")]
    [InlineData("SESSION_ABSOLUTE_LIFETIME_EXCEEDED")]
    // Renewed elsewhere and the file holds nothing newer (e.g. killed after the daemon renewed, before the write).
    [InlineData("SESSION_RENEWAL_MISMATCH")]
    public async Task Renewal_CannotRenewAnyMore_KeepsTokenUntilExpThenExpired(string code)
    {
        await using var h = await CreateAsync();
        var old = h.NewToken(Hour);
        h.WriteTokenFile(old);
        h.Daemon.Fallback = _ => FakeResponse.Error(403, code, "Session cannot be renewed");
        await h.StartAsync();

        await h.Time.ElapseAsync(RenewAfter);
        await h.Daemon.NextRequestAsync();

        await h.WaitForLogAsync(code);
        await h.Time.WaitForOnlyTimersAsync(Hour - RenewAfter);
        Assert.Equal(SessionState.Active, h.Session.State);
        Assert.Equal(old, h.Session.GetToken());
        Assert.Single(h.Logs.Entries, e => e.Message.Contains(code, StringComparison.Ordinal));

        h.Time.Advance(Hour - RenewAfter);

        await h.Time.WaitForTimerAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(SessionState.Expired, h.Session.State);
        Assert.Null(h.Session.GetToken());
        Assert.Single(h.Daemon.Requests);
        Assert.Single(h.Logs.Entries, e => e.Message.Contains("refuses further renewals", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Renewal_AnswerHoldsATokenOfAnotherSession_NeverUsedAndTheOldTokenKeptUntilExp()
    {
        // Calls with it could act for another wallet than the one this server was set up for.
        await using var h = await CreateAsync();
        var old = h.NewToken(Hour);
        h.WriteTokenFile(old);
        var other = h.NewToken(2 * Hour, sessionId: "01a20cd0-0000-7000-8000-0000000000ff");
        h.Daemon.Fallback = _ => FakeResponse.RenewalOk(other);
        await h.StartAsync();

        await h.Time.ElapseAsync(RenewAfter);
        await h.Daemon.NextRequestAsync();

        await h.WaitForLogAsync("another session");
        await h.Time.WaitForOnlyTimersAsync(Hour - RenewAfter);
        Assert.Equal(old, h.Session.GetToken());
        Assert.Equal(old, h.ReadTokenFile());
        Assert.Single(h.Daemon.Requests);
        h.AssertNoTokenLogged(old, other);
    }

    [Theory]
    [InlineData(403, "PUT-v1-sessions-id-renew.old-token-after-renewal.json")]
    [InlineData(401, "PUT-v1-sessions-id-renew.expired-token.json")]
    [InlineData(401, "any-session-call.invalid-token.json")]
    [InlineData(401, "any-session-call.revoked-session.json")]
    public async Task Renewal_RefusedAndFileHasAnotherToken_AdoptsIt(int status, string fixture)
    {
        await using var h = await CreateAsync();
        h.WriteTokenFile(h.NewToken(Hour));
        h.Daemon.Enqueue(FakeResponse.Fixture(status, fixture));
        await h.StartAsync();
        await h.Time.WaitForTimerAsync(RenewAfter);

        // Another writer (CLI, daemon) rotated the token 10 minutes in.
        var rotated = TestTokens.Create(SessionId, Start + TimeSpan.FromMinutes(10), Start + TimeSpan.FromMinutes(70));
        h.WriteTokenFile(rotated);
        h.Time.Advance(RenewAfter);
        await h.Daemon.NextRequestAsync();

        await h.Time.WaitForTimerAsync(TimeSpan.FromMinutes(10));
        Assert.Equal(SessionState.Active, h.Session.State);
        Assert.Equal(rotated, h.Session.GetToken());
    }

    [Theory]
    [InlineData(401, "PUT-v1-sessions-id-renew.expired-token.json")]
    [InlineData(401, "any-session-call.invalid-token.json")]
    [InlineData(401, "any-session-call.revoked-session.json")]
    [InlineData(404, "PUT-v1-sessions-id-renew.other-session.json")]
    public async Task Renewal_RefusedAndNoNewToken_ExpiresAndStartsRecovery(int status, string fixture)
    {
        await using var h = await CreateAsync();
        var old = await h.StartWithFileTokenAsync(Hour, FakeResponse.Fixture(status, fixture));

        await h.Time.ElapseAsync(RenewAfter);
        await h.Daemon.NextRequestAsync();

        await h.Time.WaitForTimerAsync(TimeSpan.FromSeconds(60));
        var snapshot = h.Session.GetReport();
        Assert.Equal(SessionState.Expired, snapshot.State);
        Assert.NotNull(snapshot.LastError);
        Assert.Null(h.Session.GetToken());
        h.AssertNoTokenLogged(old);
    }

    [Fact]
    public async Task Renewal_NotRequired_StopsRenewingAndStaysActive()
    {
        await using var h = await CreateAsync();
        var old = await h.StartWithFileTokenAsync(Hour, FakeResponse.Fixture(400, "PUT-v1-sessions-id-renew.unlimited-session.json"));

        await h.Time.ElapseAsync(RenewAfter);
        await h.Daemon.NextRequestAsync();

        await h.Time.WaitForNoTimerAsync();
        Assert.Equal(SessionState.Active, h.Session.State);
        Assert.Equal(old, h.Session.GetToken());
        Assert.Null(h.Session.GetReport().NextRenewalAt);
    }

    public static TheoryData<int, string> TransientAnswers => new()
    {
        { 500, """{"code":"INTERNAL_ERROR","message":"Internal server error","requestId":"x","retryable":false}""" },
        { 502, "Bad Gateway" },
        { 503, """{"code":"SERVICE_UNAVAILABLE","message":"Starting","requestId":"x","retryable":true}""" },
        { 429, """{"code":"RATE_LIMITED","message":"Too many requests","requestId":"x","retryable":true}""" },
    };

    [Theory]
    [MemberData(nameof(TransientAnswers))]
    public async Task Renewal_TransientFailure_BacksOff1s2s4sThenEveryMinuteUntilExpThenExpired(int status, string body)
    {
        await using var h = await CreateAsync();
        var old = h.NewToken(TimeSpan.FromMinutes(10));
        h.WriteTokenFile(old);
        h.Daemon.Fallback = _ => new FakeResponse(status, body);
        await h.StartAsync();

        await h.Time.ElapseAsync(TimeSpan.FromMinutes(6));

        // 6 min + 1 + 2 + 4 + 3 × 60 s = 9 min 7 s; the next retry would pass exp, so the next wait is for exp.
        foreach (var seconds in new[] { 1, 2, 4, 60, 60, 60 })
        {
            await h.Daemon.NextRequestAsync();
            await h.Time.ElapseAsync(TimeSpan.FromSeconds(seconds));
            Assert.Equal(old, h.Session.GetToken());
        }

        await h.Daemon.NextRequestAsync();
        await h.Time.ElapseAsync(TimeSpan.FromSeconds(53));
        Assert.Equal(7, h.Daemon.Requests.Count);
        await h.Time.WaitForTimerAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(SessionState.Expired, h.Session.State);
        Assert.Null(h.Session.GetToken());
    }

    [Fact]
    public async Task Renewal_TransientFailureThenSuccess_ResetsBackoff()
    {
        await using var h = await CreateAsync();
        h.WriteTokenFile(h.NewToken(Hour));
        var renewed = TestTokens.Create(SessionId, Start + RenewAfter, Start + RenewAfter + Hour);
        h.Daemon.Enqueue(new FakeResponse(500, "oops"), FakeResponse.RenewalOk(renewed));
        await h.StartAsync();

        await h.Time.ElapseAsync(RenewAfter);
        await h.Time.ElapseAsync(TimeSpan.FromSeconds(1));

        // 60 % of the 59 min 59 s the renewed token has left.
        await h.Time.WaitForTimerAsync(TimeSpan.FromSeconds(0.6 * 3599));
        Assert.Equal(renewed, h.Session.GetToken());
        Assert.Null(h.Session.GetReport().LastError);
    }

    [Fact]
    public async Task Renewal_KillSwitchActive_RetriesAsTransientAndNotesIt()
    {
        await using var h = await CreateAsync();
        var old = h.NewToken(Hour);
        h.WriteTokenFile(old);
        var renewed = TestTokens.Create(SessionId, Start + RenewAfter, Start + RenewAfter + Hour);
        h.Daemon.Enqueue(FakeResponse.Fixture(503, "any-call.kill-switch-active.json"), FakeResponse.RenewalOk(renewed));
        await h.StartAsync();

        await h.Time.ElapseAsync(RenewAfter);

        await h.Time.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        var snapshot = h.Session.GetReport();
        Assert.True(snapshot.KillSwitchNoted);
        Assert.Equal(SessionState.Active, snapshot.State);
        Assert.Equal(old, h.Session.GetToken());

        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.Time.WaitForTimerAsync(TimeSpan.FromSeconds(0.6 * 3599));
        Assert.False(h.Session.GetReport().KillSwitchNoted);
        Assert.Equal(renewed, h.Session.GetToken());
    }

    [Fact]
    public async Task Renewal_DaemonHangs_TimesOutAndRetries()
    {
        await using var h = await CreateAsync();
        h.WriteTokenFile(h.NewToken(Hour));
        var gate = new TaskCompletionSource();
        h.Daemon.Enqueue(new FakeResponse(200, "{}", gate.Task));
        await h.StartAsync();

        try
        {
            await h.Time.ElapseAsync(RenewAfter);
            await h.Daemon.NextRequestAsync();
            h.Time.Advance(h.Configuration.RequestTimeout);

            await h.Time.WaitForTimerAsync(TimeSpan.FromSeconds(1));
            Assert.Contains("no answer within", h.Session.GetReport().LastError, StringComparison.Ordinal);
            Assert.Equal(SessionState.Active, h.Session.State);
        }
        finally
        {
            gate.SetResult();
        }
    }

    [Fact]
    public async Task Renewal_DaemonUnreachable_RetriesAsTransient()
    {
        // Port 1 on loopback: nothing listens there, the connection is refused at once.
        await using var h = await CreateAsync(baseUrl: new Uri("http://127.0.0.1:1"));
        await h.StartWithFileTokenAsync(Hour);

        await h.Time.ElapseAsync(RenewAfter);

        await h.Time.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        Assert.Contains("daemon unavailable", h.Session.GetReport().LastError, StringComparison.Ordinal);
        Assert.Equal(SessionState.Active, h.Session.State);
    }

    public static TheoryData<string> UnusableRenewalAnswers => new()
    {
        // The fixture's token is not a JWT this session can use.
        FakeDaemon.ReadFixture("PUT-v1-sessions-id-renew.200.json"),
        // Valid JSON whose token is not text: an unpaired surrogate.
        """{"id":"s","token":"wai_sess_\ud800","expiresAt":1,"renewalCount":1}""",
    };

    [Theory]
    [MemberData(nameof(UnusableRenewalAnswers))]
    public async Task Renewal_AnswerWithUnusableToken_IsTreatedAsTransient(string body)
    {
        await using var h = await CreateAsync();
        var old = await h.StartWithFileTokenAsync(Hour, new FakeResponse(200, body));

        await h.Time.ElapseAsync(RenewAfter);

        await h.Time.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(old, h.Session.GetToken());
        Assert.Equal(old, h.ReadTokenFile());
    }
}
