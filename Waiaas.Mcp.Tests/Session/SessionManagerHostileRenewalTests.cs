using Waiaas.Mcp.Session;
using Waiaas.Mcp.Tests.Support;
using static Waiaas.Mcp.Tests.Session.SessionHarness;

namespace Waiaas.Mcp.Tests.Session;

/// <summary>
/// Renewal answers a daemon should not give, and a renewal landing while a call adopts another token: hours of fake
/// time, the real HTTP stack and the real token file.
/// </summary>
public class SessionManagerHostileRenewalTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan RenewAfter = TimeSpan.FromMinutes(36);

    [Fact]
    public async Task Renewal_DaemonEchoesTheSameToken_OneRequestThenTokenKeptUntilItsExp()
    {
        await using var h = await CreateAsync();
        var token = h.NewToken(Hour);
        h.WriteTokenFile(token);
        h.Daemon.Fallback = _ => FakeResponse.RenewalOk(token);
        await h.StartAsync();

        await h.Time.ElapseAsync(RenewAfter);
        await h.Daemon.NextRequestAsync();
        await h.WaitForLogAsync("does not extend the session");

        // Still active with the token in hand, until its exp; then expired, polling the file for ten hours.
        await h.Time.WaitForOnlyTimersAsync(Hour - RenewAfter);
        Assert.Equal(token, h.Session.GetToken());
        h.Time.Advance(Hour - RenewAfter);
        for (var poll = 0; poll < 600; poll++)
        {
            await h.Time.ElapseAsync(TimeSpan.FromMinutes(1));
        }

        Assert.Single(h.Daemon.Requests);
        Assert.Equal(SessionState.Expired, h.Session.State);
    }

    [Fact]
    public async Task Renewal_DaemonNeverMovesIat_RenewsAt60PercentOfWhatIsLeftNotAgainAtOnce()
    {
        await using var h = await CreateAsync();
        h.WriteTokenFile(h.NewToken(Hour));
        // Each answer is valid for an hour from now but claims the first token's iat: by that iat it is always due.
        h.Daemon.Fallback = _ => FakeResponse.RenewalOk(TestTokens.Create(SessionId, Start, h.Time.GetUtcNow() + Hour));
        await h.StartAsync();

        // 16 renewals in 9 h 36 min: one every 36 min (60 % of the hour each new token has left).
        for (var renewal = 1; renewal <= 16; renewal++)
        {
            await h.Time.ElapseAsync(RenewAfter);
            await h.Daemon.NextRequestAsync();
            await h.WaitForLogAsync("renewed", renewal);
        }

        await h.Time.WaitForOnlyTimersAsync(RenewAfter);
        Assert.Equal(16, h.Daemon.Requests.Count);
        Assert.Equal(SessionState.Active, h.Session.State);
    }

    [Fact]
    public async Task Renewal_LandsWhileACallAdoptsANewerFileToken_MemoryAndFileAgree()
    {
        // The old code checked that the renewed token was still current, then wrote the file, then swapped memory: a
        // call adopting the newer file token in between left memory on the new session and the file on the old one.
        // That window is short, so many rounds sweep across it; every round must end with memory and file agreeing.
        await using var daemon = await FakeDaemon.StartAsync();
        for (var round = 0; round < 100; round++)
        {
            await using var h = await CreateAsync(sharedDaemon: daemon);
            var old = h.NewToken(Hour);
            h.WriteTokenFile(old);
            var renewed = TestTokens.Create(SessionId, Start + RenewAfter, Start + RenewAfter + Hour);
            var answer = new TaskCompletionSource();
            h.Daemon.Enqueue(FakeResponse.RenewalOk(renewed) with { Gate = answer.Task });
            await h.StartAsync();

            // A call is refused 10 ms before the renewal is due and waits 50 ms for a swap; the renewal goes out.
            h.Time.Advance(RenewAfter - TimeSpan.FromMilliseconds(10));
            await h.Time.WaitForTimerAsync(TimeSpan.FromMilliseconds(10));
            var refused = h.Session.RecoverFromUnauthorizedAsync(old, CancellationToken.None);
            h.Time.Advance(TimeSpan.FromMilliseconds(10));
            await h.Daemon.NextRequestAsync();

            // `waiaas mcp setup` writes a new session's token; the renewal answer and the call's swap wait end together.
            var newer = TestTokens.Create("new-session", Start + RenewAfter, Start + RenewAfter + Hour);
            h.WriteTokenFile(newer);
            answer.SetResult();

            // Not a synchronisation: each round lets the answer travel a little longer, sweeping the instant at which
            // the call's wait ends across the renewal's handling of its answer.
            var spin = System.Diagnostics.Stopwatch.StartNew();
            while (spin.Elapsed < TimeSpan.FromMicroseconds(round * 30))
            {
                Thread.SpinWait(10);
            }

            h.Time.Advance(TimeSpan.FromMilliseconds(40));
            await refused;
            await h.Logs.WaitForAsync(
                e => e.Message.Contains(" renewed (", StringComparison.Ordinal) || e.Message.Contains("answer discarded", StringComparison.Ordinal)
                    || e.Message.Contains("written by another writer", StringComparison.Ordinal),
                count: 1,
                "the renewal's end");

            // The user's new session survives the renewal: the renewed old-session token never overwrites it.
            Assert.Equal(SessionState.Active, h.Session.State);
            Assert.Equal(newer, h.ReadTokenFile());
            Assert.Equal(newer, h.Session.GetToken());
        }
    }
}
