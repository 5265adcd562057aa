using Waiaas.Mcp.Session;
using Waiaas.Mcp.Tests.Support;
using static Waiaas.Mcp.Tests.Session.SessionHarness;

namespace Waiaas.Mcp.Tests.Session;

/// <summary>A 401: reread the token file, adopt a newer token or report the session expired (RecoverFromUnauthorizedAsync).</summary>
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
        await h.Time.ElapseAsync(RenewAfter);
        await h.Daemon.NextRequestAsync();

        // The old token still answers while the renewal is in flight.
        Assert.Equal(old, h.Session.GetToken());
        var recover = h.Session.RecoverFromUnauthorizedAsync(old, CancellationToken.None);
        Assert.False(recover.IsCompleted);
        gate.SetResult();

        Assert.Equal(renewed, await recover);
        Assert.Equal(SessionState.Active, h.Session.State);
    }

    [Fact]
    public async Task Recover_TokenAlreadyReplaced_ReturnsCurrentTokenAtOnce()
    {
        await using var h = await CreateAsync();
        var current = await h.StartWithFileTokenAsync(Hour);

        // No clock advance: a token other than the refused one is already in use.
        Assert.Equal(current, await h.Session.RecoverFromUnauthorizedAsync(h.NewToken(Hour), CancellationToken.None));
        Assert.Equal(SessionState.Active, h.Session.State);
    }

    [Fact]
    public async Task Recover_FileHasNewToken_AdoptsItAndReschedules()
    {
        await using var h = await CreateAsync(walletId: "wallet-1");
        var old = await h.StartWithFileTokenAsync(Hour);
        await h.Time.WaitForTimerAsync(RenewAfter);
        h.Time.Advance(TimeSpan.FromMinutes(10));
        var rotated = h.NewToken(Hour);
        h.WriteTokenFile(rotated);

        var recover = h.Session.RecoverFromUnauthorizedAsync(old, CancellationToken.None);
        await h.Time.WaitForTimerAsync(SwapWait);
        h.Time.Advance(SwapWait);

        Assert.Equal(rotated, await recover);
        Assert.Equal(rotated, h.Session.GetToken());
        await h.Time.WaitForTimerAsync(RenewAfter - SwapWait);
    }

    [Fact]
    public async Task Recover_NothingNew_ExpiresAndStartsRecoveryLoop()
    {
        await using var h = await CreateAsync();
        var old = await h.StartWithFileTokenAsync(Hour);
        await h.Time.WaitForTimerAsync(RenewAfter);

        var recover = h.Session.RecoverFromUnauthorizedAsync(old, CancellationToken.None);
        await h.Time.WaitForTimerAsync(SwapWait);
        h.Time.Advance(SwapWait);

        Assert.Null(await recover);
        Assert.Equal(SessionState.Expired, h.Session.State);
        Assert.Null(h.Session.GetToken());
        await h.Time.WaitForTimerAsync(TimeSpan.FromSeconds(60));
        h.AssertNoTokenLogged(old);
    }

    [Fact]
    public async Task Recover_FileStillHoldsRejectedToken_DoesNotAdoptIt()
    {
        await using var h = await CreateAsync();
        var old = await h.StartWithFileTokenAsync(Hour);

        var recover = h.Session.RecoverFromUnauthorizedAsync(old, CancellationToken.None);
        await h.Time.WaitForTimerAsync(SwapWait);
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
        await h.Time.WaitForTimerAsync(SwapWait);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => recover);
        Assert.Equal(SessionState.Active, h.Session.State);
    }
}
