using Waiaas.Mcp.Session;
using Waiaas.Mcp.Tests.Support;
using static Waiaas.Mcp.Tests.Session.SessionHarness;

namespace Waiaas.Mcp.Tests.Session;

/// <summary>Loading the token at start (file first, then WAIAAS_SESSION_TOKEN) and degraded mode.</summary>
public class SessionManagerStartTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public async Task State_BeforeStart_IsErrorWithoutToken()
    {
        await using var h = await CreateAsync();

        Assert.Equal(SessionState.Error, h.Session.State);
        Assert.Null(h.Session.GetToken());
    }

    [Fact]
    public async Task Started_CompletesOnceStartHasReadTheToken()
    {
        var configured = TestTokens.Create(SessionId, Start, Start + Hour);
        await using var h = await CreateAsync(configuredToken: configured);
        Assert.False(h.Session.Started.IsCompleted);

        await h.StartAsync();

        Assert.True(h.Session.Started.IsCompletedSuccessfully);
        Assert.Equal(configured, h.Session.GetToken());
    }

    [Fact]
    public async Task Started_StartWithoutAnyToken_CompletesAllTheSame()
    {
        await using var h = await CreateAsync();

        await h.StartAsync();

        Assert.True(h.Session.Started.IsCompletedSuccessfully);
        Assert.Null(h.Session.GetToken());
    }

    [Fact]
    public async Task Started_DisposedBeforeStart_CompletesSoNothingWaitsForever()
    {
        var h = await CreateAsync();

        await h.DisposeAsync();

        Assert.True(h.Session.Started.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Start_FileAndConfiguredToken_FileWins()
    {
        var configured = TestTokens.Create("configured", Start, Start + Hour);
        await using var h = await CreateAsync(configuredToken: configured);
        var fromFile = h.NewToken(Hour);
        h.WriteTokenFile(fromFile);

        await h.StartAsync();

        Assert.Equal(fromFile, h.Session.GetToken());
        Assert.Equal(1, h.BecameActiveCount);
        Assert.Equal(SessionId, h.Session.GetReport().SessionId);
        h.AssertNoTokenLogged(fromFile, configured);
    }

    [Fact]
    public async Task Start_OnlyConfiguredToken_UsesIt()
    {
        var configured = TestTokens.Create(SessionId, Start, Start + Hour);
        await using var h = await CreateAsync(configuredToken: configured);

        await h.StartAsync();

        Assert.Equal(SessionState.Active, h.Session.State);
        Assert.Equal(configured, h.Session.GetToken());
        await h.Time.WaitForTimerAsync(TimeSpan.FromMinutes(36));
    }

    [Fact]
    public async Task Start_ExpiredFileTokenAndValidConfiguredToken_UsesConfiguredToken()
    {
        var configured = TestTokens.Create(SessionId, Start, Start + Hour);
        await using var h = await CreateAsync(configuredToken: configured);
        h.WriteTokenFile(TestTokens.Create(SessionId, Start - (2 * Hour), Start - Hour));

        await h.StartAsync();

        Assert.Equal(configured, h.Session.GetToken());
    }

    [Fact]
    public async Task Start_UnlimitedToken_ActiveWithoutRenewalTimer()
    {
        await using var h = await CreateAsync();
        var unlimited = h.NewToken(lifetime: null);
        h.WriteTokenFile(unlimited);

        await h.StartAsync();

        await h.Time.WaitForNoTimerAsync();
        Assert.Equal(unlimited, h.Session.GetToken());
        var snapshot = h.Session.GetReport();
        Assert.Null(snapshot.ExpiresAt);
        Assert.Null(snapshot.NextRenewalAt);
        h.Time.Advance(TimeSpan.FromDays(400));
        Assert.Empty(h.Daemon.Requests);
        Assert.Equal(SessionState.Active, h.Session.State);
    }

    [Fact]
    public async Task Start_NoToken_DegradedErrorStateAndRecoveryLoop()
    {
        await using var h = await CreateAsync();

        await h.StartAsync();

        Assert.Equal(SessionState.Error, h.Session.State);
        Assert.Null(h.Session.GetToken());
        Assert.Contains("no session token", h.Session.GetReport().LastError, StringComparison.Ordinal);
        await h.Time.WaitForTimerAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, h.BecameActiveCount);
    }

    [Fact]
    public async Task Start_ExpiredToken_DegradedExpiredState()
    {
        await using var h = await CreateAsync();
        h.WriteTokenFile(TestTokens.Create(SessionId, Start - (2 * Hour), Start - Hour));

        await h.StartAsync();

        Assert.Equal(SessionState.Expired, h.Session.State);
        Assert.Null(h.Session.GetToken());
        await h.Time.WaitForTimerAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Start_InvalidConfiguredToken_DegradedErrorStateWithReason()
    {
        const string configured = "wai_sess_not-a-jwt-SECRETPART";
        await using var h = await CreateAsync(configuredToken: configured);

        await h.StartAsync();

        Assert.Equal(SessionState.Error, h.Session.State);
        Assert.Contains("WAIAAS_SESSION_TOKEN", h.Session.GetReport().LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Logs.Entries, e => e.Message.Contains("SECRETPART", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_NoDataDir_NoRecoveryLoop()
    {
        await using var h = await CreateAsync(dataDir: false);

        await h.StartAsync();

        await h.Time.WaitForNoTimerAsync();
        Assert.Equal(SessionState.Error, h.Session.State);
    }

    [Fact]
    public async Task Start_CalledTwice_LoadsOnce()
    {
        await using var h = await CreateAsync();
        h.WriteTokenFile(h.NewToken(TimeSpan.FromHours(1)));

        await h.StartAsync();
        await h.StartAsync();

        Assert.Equal(1, h.BecameActiveCount);
        await h.Time.WaitForOnlyTimersAsync(TimeSpan.FromMinutes(36));
    }
}
