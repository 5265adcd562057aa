using Waiaas.Mcp.Session;
using Waiaas.Mcp.Tests.Support;
using static Waiaas.Mcp.Tests.Session.SessionHarness;

namespace Waiaas.Mcp.Tests.Session;

/// <summary>The recovery loop (expired/error: poll the token file every 60 s) and dispose.</summary>
public class SessionManagerRecoveryTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public async Task Recovery_NewFiniteTokenInFile_AdoptsItAndSchedulesRenewal()
    {
        await using var h = await CreateAsync(walletId: "wallet-1");
        await h.StartAsync();
        await h.Time.ElapseAsync(Minute);
        await h.Time.WaitForTimerAsync(Minute);

        var fresh = h.NewToken(Hour);
        h.WriteTokenFile(fresh);
        h.Time.Advance(Minute);

        // Issued a minute before it was found: 36 min after issue is 35 min from now.
        await h.Time.WaitForTimerAsync(TimeSpan.FromMinutes(35));
        Assert.Equal(SessionState.Active, h.Session.State);
        Assert.Equal(fresh, h.Session.GetToken());
        Assert.Equal(1, h.BecameActiveCount);
        h.AssertNoTokenLogged(fresh);
    }

    [Fact]
    public async Task GetTokenOrReadFileAsync_ExpiredAndNewTokenInFile_AdoptsItAtOnceWithoutWaitingForThePoll()
    {
        await using var h = await CreateAsync();
        h.WriteTokenFile(TestTokens.Create(SessionId, Start - (2 * Hour), Start - Hour));
        await h.StartAsync();
        Assert.Null(await h.Session.GetTokenOrReadFileAsync(CancellationToken.None));

        var fresh = h.NewToken(Hour);
        h.WriteTokenFile(fresh);

        Assert.Equal(fresh, await h.Session.GetTokenOrReadFileAsync(CancellationToken.None));
        Assert.Equal(SessionState.Active, h.Session.State);
        Assert.Equal(1, h.BecameActiveCount);
        Assert.Empty(h.Daemon.Requests);
    }

    [Fact]
    public async Task GetTokenOrReadFileAsync_NoDataDir_StaysExpired()
    {
        await using var h = await CreateAsync(dataDir: false);
        await h.StartAsync();

        Assert.Null(await h.Session.GetTokenOrReadFileAsync(CancellationToken.None));
        Assert.Equal(SessionState.Error, h.Session.State);
    }

    [Fact]
    public async Task Recovery_NewUnlimitedTokenInFile_AdoptsItWithoutTimer()
    {
        await using var h = await CreateAsync();
        h.WriteTokenFile(TestTokens.Create(SessionId, Start - (2 * Hour), Start - Hour));
        await h.StartAsync();
        Assert.Equal(SessionState.Expired, h.Session.State);

        var unlimited = h.NewToken(lifetime: null, sessionId: "unlimited-1");
        h.WriteTokenFile(unlimited);
        await h.Time.ElapseAsync(Minute);

        await h.WaitForLogAsync("adopted from the token file");
        await h.Time.WaitForNoTimerAsync();
        Assert.Equal(SessionState.Active, h.Session.State);
        Assert.Equal(unlimited, h.Session.GetToken());
        Assert.Equal("unlimited-1", h.Session.GetReport().SessionId);
        Assert.Equal(1, h.BecameActiveCount);
    }

    [Fact]
    public async Task Recovery_SameExpiredOrInvalidToken_KeepsPollingAndLogsTheProblemOnce()
    {
        await using var h = await CreateAsync();
        var expired = TestTokens.Create(SessionId, Start - (2 * Hour), Start - Hour);
        h.WriteTokenFile(expired);
        await h.StartAsync();

        await h.Time.ElapseAsync(Minute);
        h.WriteTokenFile("garbage");
        await h.Time.ElapseAsync(Minute);
        await h.Time.ElapseAsync(Minute);
        h.WriteTokenFile(TestTokens.Create("other", Start - (2 * Hour), Start - Hour));
        await h.Time.ElapseAsync(Minute);

        await h.Time.WaitForTimerAsync(Minute);
        Assert.Equal(SessionState.Expired, h.Session.State);
        Assert.Null(h.Session.GetToken());
        Assert.Single(h.Logs.Entries, e => e.Message.Contains("does not start with", StringComparison.Ordinal));
        Assert.Empty(h.Daemon.Requests);
    }

    [Fact]
    public async Task Recovery_ExpiredTwiceAndStartedTwice_RunsOneLoop()
    {
        await using var h = await CreateAsync();
        var old = await h.StartWithFileTokenAsync(Hour);
        await h.StartAsync();
        await h.Time.WaitForTimerAsync(TimeSpan.FromMinutes(36));

        var first = h.Session.RecoverFromUnauthorizedAsync(old, CancellationToken.None);
        var second = h.Session.RecoverFromUnauthorizedAsync(old, CancellationToken.None);
        await h.Time.ElapseAsync(TimeSpan.FromMilliseconds(50));
        Assert.Null(await first);
        Assert.Null(await second);

        for (var poll = 0; poll < 3; poll++)
        {
            await h.Time.ElapseAsync(Minute);
        }

        await h.Time.WaitForOnlyTimersAsync(Minute);
        Assert.Single(h.Logs.Entries, e => e.Message.StartsWith("Session expired", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dispose_WhileActive_NothingFiresAfterwards()
    {
        var h = await CreateAsync();
        try
        {
            h.WriteTokenFile(h.NewToken(Hour));
            await h.StartAsync();
            await h.Time.WaitForTimerAsync(TimeSpan.FromMinutes(36));

            await h.Session.DisposeAsync();
            h.Time.Advance(TimeSpan.FromDays(2));

            Assert.Empty(h.Daemon.Requests);
            await h.Time.WaitForNoTimerAsync();
        }
        finally
        {
            await h.DisposeAsync();
        }
    }

    [Fact]
    public async Task Dispose_WhileRecovering_StopsPollingAndPendingCalls()
    {
        await using var h = await CreateAsync();
        var old = await h.StartWithFileTokenAsync(Hour);
        var pending = h.Session.RecoverFromUnauthorizedAsync(old, CancellationToken.None);
        await h.Time.WaitForTimerAsync(TimeSpan.FromMilliseconds(50));

        await h.Session.DisposeAsync();

        Assert.Null(await pending);
        h.WriteTokenFile(h.NewToken(Hour, "new-session"));
        h.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(old, h.Session.GetToken());
        Assert.Equal(1, h.BecameActiveCount);
        await h.Time.WaitForNoTimerAsync();
        Assert.Null(await h.Session.RecoverFromUnauthorizedAsync(old, CancellationToken.None));
    }
}
