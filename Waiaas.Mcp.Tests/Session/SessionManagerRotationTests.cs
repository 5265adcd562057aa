using Waiaas.Mcp.Session;
using Waiaas.Mcp.Tests.Support;
using static Waiaas.Mcp.Tests.Session.SessionHarness;

namespace Waiaas.Mcp.Tests.Session;

/// <summary>The 401 token-rotation steps of spec section 5 (RecoverFromUnauthorizedAsync).</summary>
public class SessionManagerRotationTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan RenewAfter = TimeSpan.FromMinutes(36);
    private static readonly TimeSpan SwapWait = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task Recover_RenewalInFlight_WaitsForItAndReturnsTheRenewedToken()
    {
        await using var h = await CreateAsync();
        var old = h.NewToken(Hour);
        h.WriteTokenFile(old);
        var renewed = TestTokens.Create(SessionId, Start + RenewAfter, Start + RenewAfter + Hour);
        var gate = new TaskCompletionSource();
        h.Daemon.Enqueue(FakeResponse.RenewalOk(renewed) with { Gate = gate.Task });
        await h.StartAsync();
        await h.ElapseLoopWaitAsync(SessionWait.Renewal, RenewAfter);
        await h.Daemon.NextRequestAsync();

        // The old token still answers while the renewal is in flight.
        Assert.Equal(old, h.Session.GetToken());
        var recover = h.Session.RecoverFromUnauthorizedAsync(old, CancellationToken.None);
        Assert.Equal(SessionWait.RenewalInFlight, (await h.NextCallWaitAsync()).Kind);
        Assert.False(recover.IsCompleted);
        gate.SetResult();

        Assert.Equal(renewed, await recover);
        Assert.Equal(SessionState.Active, h.Session.State);
    }

    [Fact]
    public async Task Recover_TokenAlreadyReplaced_ReturnsCurrentTokenAfterShortWait()
    {
        await using var h = await CreateAsync();
        var current = await h.StartWithFileTokenAsync(Hour);

        var recover = h.Session.RecoverFromUnauthorizedAsync(h.NewToken(Hour), CancellationToken.None);
        Assert.Equal((SessionWait.TokenSwap, SwapWait), await h.NextCallWaitAsync());
        Assert.False(recover.IsCompleted);
        h.Time.Advance(SwapWait);

        Assert.Equal(current, await recover);
        Assert.Equal(SessionState.Active, h.Session.State);
    }

    [Fact]
    public async Task Recover_FileHasNewToken_AdoptsItAndReschedules()
    {
        await using var h = await CreateAsync(walletId: "wallet-1");
        var old = await h.StartWithFileTokenAsync(Hour);
        Assert.Equal((SessionWait.Renewal, RenewAfter), await h.NextLoopWaitAsync());
        h.Time.Advance(TimeSpan.FromMinutes(10));
        var rotated = h.NewToken(Hour);
        h.WriteTokenFile(rotated);

        var recover = h.Session.RecoverFromUnauthorizedAsync(old, CancellationToken.None);
        await h.NextCallWaitAsync();
        h.Time.Advance(SwapWait);

        Assert.Equal(rotated, await recover);
        Assert.Equal(rotated, h.Session.GetToken());
        Assert.Equal((SessionWait.Renewal, RenewAfter - SwapWait), await h.NextLoopWaitAsync());
    }

    [Fact]
    public async Task Recover_NothingNew_ExpiresAndStartsRecoveryLoop()
    {
        await using var h = await CreateAsync();
        var old = await h.StartWithFileTokenAsync(Hour);
        await h.NextLoopWaitAsync();

        var recover = h.Session.RecoverFromUnauthorizedAsync(old, CancellationToken.None);
        await h.NextCallWaitAsync();
        h.Time.Advance(SwapWait);

        Assert.Null(await recover);
        Assert.Equal(SessionState.Expired, h.Session.State);
        Assert.Null(h.Session.GetToken());
        Assert.Equal((SessionWait.Recovery, TimeSpan.FromSeconds(60)), await h.NextLoopWaitAsync());
        h.AssertNoTokenLogged(old);
    }

    [Fact]
    public async Task Recover_FileStillHoldsRejectedToken_DoesNotAdoptIt()
    {
        await using var h = await CreateAsync();
        var old = await h.StartWithFileTokenAsync(Hour);

        var recover = h.Session.RecoverFromUnauthorizedAsync(old, CancellationToken.None);
        await h.NextCallWaitAsync();
        h.Time.Advance(SwapWait);

        Assert.Null(await recover);
        Assert.Equal(SessionState.Expired, h.Session.State);
    }

    [Fact]
    public async Task Recover_CallerCancels_Throws()
    {
        await using var h = await CreateAsync();
        var old = await h.StartWithFileTokenAsync(Hour);
        using var cancel = new CancellationTokenSource();

        var recover = h.Session.RecoverFromUnauthorizedAsync(old, cancel.Token);
        await h.NextCallWaitAsync();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => recover);
        Assert.Equal(SessionState.Active, h.Session.State);
    }
}
