using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Session;
using Waiaas.Mcp.Tests.Session;
using Waiaas.Mcp.Tests.Support;
using Waiaas.Mcp.Client;

namespace Waiaas.Mcp.Tests.Client;

/// <summary>The session-aware client: token attached, no request without one, the 401 steps with one retry at most.</summary>
public sealed class DaemonClientTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan SwapWait = TimeSpan.FromMilliseconds(50);
    private static readonly DaemonRequest Balance = DaemonRequest.Get("/v1/wallet/balance");

    [Fact]
    public async Task Send_NoToken_SessionExpiredWithoutAnyRequest()
    {
        await using var h = await SessionHarness.CreateAsync(dataDir: false);
        await h.StartAsync();
        var client = new DaemonClient(h.Http, h.Session);

        var result = await client.SendAsync(Balance, CancellationToken.None);

        Assert.IsType<DaemonResult.SessionExpired>(result);
        Assert.Empty(h.Daemon.Requests);
    }

    [Fact]
    public async Task Send_ExpiredAndNewTokenInFile_SendsWithTheNewTokenWithoutWaitingForThePoll()
    {
        await using var h = await SessionHarness.CreateAsync();
        h.WriteTokenFile(TestTokens.Create(SessionHarness.SessionId, SessionHarness.Start - (2 * Hour), SessionHarness.Start - Hour));
        await h.StartAsync();
        var fresh = h.NewToken(Hour);
        h.WriteTokenFile(fresh);
        h.Daemon.Enqueue(new FakeResponse(200, """{"ok":true}"""));

        var result = await new DaemonClient(h.Http, h.Session).SendAsync(Balance, CancellationToken.None);

        Assert.IsType<DaemonResult.Ok>(result);
        Assert.Equal($"Bearer {fresh}", (await h.Daemon.NextRequestAsync()).Header("Authorization"));
        Assert.Equal(SessionState.Active, h.Session.State);
    }

    [Fact]
    public async Task Send_ActiveSession_AttachesCurrentToken()
    {
        await using var h = await SessionHarness.CreateAsync();
        var token = await h.StartWithFileTokenAsync(Hour);
        h.Daemon.Enqueue(FakeResponse.Fixture(200, "GET-v1-wallet-balance.evm.200.json"));

        var result = await new DaemonClient(h.Http, h.Session).SendAsync(Balance, CancellationToken.None);

        Assert.IsType<DaemonResult.Ok>(result);
        Assert.Equal($"Bearer {token}", (await h.Daemon.NextRequestAsync()).Header("Authorization"));
    }

    [Theory]
    [InlineData(401, "any-session-call.expired-token.json")]
    [InlineData(404, "any-session-call.session-not-found.json")]
    public async Task Send_SessionRefusedThenTokenFileRotated_RetriesOnceWithTheNewToken(int status, string fixture)
    {
        await using var h = await SessionHarness.CreateAsync();
        var old = await h.StartWithFileTokenAsync(Hour);
        var rotated = h.NewToken(Hour);
        h.WriteTokenFile(rotated);
        h.Daemon.Enqueue(FakeResponse.Fixture(status, fixture), new FakeResponse(200, """{"ok":true}"""));

        var sending = new DaemonClient(h.Http, h.Session).SendAsync(Balance, CancellationToken.None);
        await h.Time.WaitForTimerAsync(SwapWait);
        h.Time.Advance(SwapWait);

        Assert.IsType<DaemonResult.Ok>(await sending);
        var requests = h.Daemon.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal($"Bearer {old}", requests[0].Header("Authorization"));
        Assert.Equal($"Bearer {rotated}", requests[1].Header("Authorization"));
    }

    [Fact]
    public async Task Send_401AgainAfterRetry_SessionExpiredAndNoThirdRequest()
    {
        await using var h = await SessionHarness.CreateAsync();
        await h.StartWithFileTokenAsync(Hour);
        h.WriteTokenFile(h.NewToken(Hour));
        h.Daemon.Enqueue(
            FakeResponse.Fixture(401, "any-session-call.revoked-session.json"),
            FakeResponse.Fixture(401, "any-session-call.revoked-session.json"));

        var sending = new DaemonClient(h.Http, h.Session).SendAsync(Balance, CancellationToken.None);
        await h.Time.WaitForTimerAsync(SwapWait);
        h.Time.Advance(SwapWait);

        Assert.IsType<DaemonResult.SessionExpired>(await sending);
        Assert.Equal(2, h.Daemon.Requests.Count);
    }

    [Theory]
    [InlineData(401, "any-session-call.invalid-token.json", "INVALID_TOKEN")]
    [InlineData(404, "any-session-call.session-not-found.json", "SESSION_NOT_FOUND")]
    public async Task Send_SessionRefusedAndNoNewToken_SessionExpiredAndSessionMovesToExpired(int status, string fixture, string code)
    {
        await using var h = await SessionHarness.CreateAsync();
        await h.StartWithFileTokenAsync(Hour);
        h.Daemon.Enqueue(FakeResponse.Fixture(status, fixture));

        var sending = new DaemonClient(h.Http, h.Session).SendAsync(Balance, CancellationToken.None);
        await h.Time.WaitForTimerAsync(SwapWait);
        h.Time.Advance(SwapWait);

        Assert.Equal(code, Assert.IsType<DaemonResult.SessionExpired>(await sending).Reason);
        Assert.Single(h.Daemon.Requests);
        Assert.Equal(SessionState.Expired, h.Session.State);
    }

    [Fact]
    public async Task Send_NoTokenAndNoDataDir_SessionExpiredThatCannotPromiseAPickUp()
    {
        await using var h = await SessionHarness.CreateAsync(dataDir: false);
        await h.StartAsync();

        var result = await new DaemonClient(h.Http, h.Session).SendAsync(Balance, CancellationToken.None);

        Assert.False(Assert.IsType<DaemonResult.SessionExpired>(result).PicksUpNewToken);
    }

    [Fact]
    public async Task Send_401InvalidMasterPassword_ApiErrorAndSessionUntouched()
    {
        await using var h = await SessionHarness.CreateAsync();
        await h.StartWithFileTokenAsync(Hour);
        h.Daemon.Enqueue(FakeResponse.Error(401, "INVALID_MASTER_PASSWORD", "Invalid master password"));

        var result = await new DaemonClient(h.Http, h.Session).SendAsync(DaemonRequest.Get("/v1/sessions"), CancellationToken.None);

        Assert.Equal("INVALID_MASTER_PASSWORD", Assert.IsType<DaemonResult.ApiError>(result).Code);
        Assert.Equal(SessionState.Active, h.Session.State);
        Assert.Single(h.Daemon.Requests);
    }
}
