using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Session;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.Session;

/// <summary>
/// The session's rules as a table: (state, event, time) → (state, effects). Each row names the situation; the
/// effects are written compactly (tokens by their names here) so a row reads as one sentence.
/// </summary>
public class SessionTransitionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan RenewAfter = TimeSpan.FromMinutes(36);
    private static readonly DateTimeOffset Due = T0 + RenewAfter;

    private static readonly SessionToken A = Token("s-1", T0, T0 + Hour);
    private static readonly SessionToken A2 = Token("s-1", Due, Due + Hour);
    private static readonly SessionToken B = Token("s-2", Due, Due + Hour);
    private static readonly SessionToken Old = Token("s-1", T0 - (3 * Hour), T0 - (2 * Hour));

    // Renewal answers a daemon should not give: the first token's iat with a later exp; 40 s of life (for a token
    // with 20 s left).
    private static readonly SessionToken SameIat = Token("s-1", T0, Due + Hour);
    private static readonly SessionToken Nearly = Token("s-1", T0, Due + TimeSpan.FromSeconds(20));
    private static readonly SessionToken Short = Token("s-1", Due, Due + TimeSpan.FromSeconds(40));

    private static readonly Dictionary<SessionToken, string> Names = new()
    {
        [A] = "A", [A2] = "A2", [B] = "B", [Old] = "Old", [SameIat] = "SameIat", [Nearly] = "Nearly", [Short] = "Short",
    };

    private static readonly SessionModel NotStarted = SessionModel.NotStarted(hasTokenFile: true);
    private static readonly SessionModel ActiveA = Activated(A, T0);
    private static readonly SessionModel RenewingA = ActiveA with { Renewing = A };
    private static readonly SessionModel ExpiredA = ActiveA with { State = SessionState.Expired, NextAttemptAt = null, NextPollAt = Due + TimeSpan.FromMinutes(1), LastError = "refused" };

    private sealed record Row(SessionModel State, SessionEvent Event, DateTimeOffset At, Func<SessionModel, SessionModel> Expected, string Effects);

    private static readonly Dictionary<string, Row> Table = new()
    {
        ["start: remove stale temp files, then read the file"] = new(
            NotStarted, new SessionEvent.Start(1, null), T0, s => s, "RemoveStaleTempFiles, Read(Start)"),
        ["start, file holds a usable token: active, renewal at 60 %"] = new(
            NotStarted, new SessionEvent.TokenFileRead(new FileReadPurpose.Start(1, null), A), T0,
            _ => ActiveA, "Log(Loaded), BecameActive, Answer(1, A)"),
        ["start, expired file token and a usable configured one: the configured one"] = new(
            NotStarted, new SessionEvent.TokenFileRead(new FileReadPurpose.Start(1, A.Value), Old), T0,
            _ => ActiveA, "Log(Loaded), BecameActive, Answer(1, A)"),
        ["start, no token anywhere: error, file polled in a minute"] = new(
            NotStarted, new SessionEvent.TokenFileRead(new FileReadPurpose.Start(1, null), null), T0,
            s => s with { Started = true, LastError = "no session token (no token file and no WAIAAS_SESSION_TOKEN)", NextPollAt = T0 + TimeSpan.FromMinutes(1) },
            "Log(Degraded), Answer(1, none)"),
        ["renewal point reached: renew"] = new(
            ActiveA, SessionEvent.Tick.Instance, Due, s => s with { Renewing = A }, "Renew(A)"),
        ["renewed: the file is read before anything is saved, still renewing meanwhile"] = new(
            RenewingA, Answered(A, RenewalOk(A2)), Due, s => s, "Read(BeforeSavingRenewal)"),
        ["renewed, the file holds the old token: file written first, next renewal at 60 % of what the new token has left"] = new(
            RenewingA, Saving(A, A2, A), Due,
            _ => Activated(A2, Due) with { RenewalCount = 1, LastRenewalAt = Due },
            "Write(A2), Log(Renewed)"),
        ["renewed, another writer saved a new session meanwhile: that one is adopted, nothing overwritten"] = new(
            RenewingA, Saving(A, A2, B), Due,
            _ => Activated(B, Due) with { RenewalCount = 0 },
            "Log(Adopted)"),
        ["renewal answer echoes the token: kept until its exp, no renewal again"] = new(
            RenewingA, Answered(A, RenewalOk(A)), Due,
            s => s with { Renewing = null, Mode = RenewalMode.UntilExpiry, LastError = "the renewal answer did not move exp forward" },
            "Log(NotExtended)"),
        ["renewed token whose iat did not move: 60 % of what it has left, from now"] = new(
            RenewingA, Saving(A, SameIat, A), Due,
            _ => Activated(SameIat, Due) with { NextAttemptAt = Due + RenewAfter, RenewalCount = 1, LastRenewalAt = Due },
            "Write(SameIat), Log(Renewed)"),
        ["renewed token with seconds left: next attempt not before the minimum interval"] = new(
            Activated(Nearly, T0) with { Renewing = Nearly }, Saving(Nearly, Short, Nearly), Due,
            _ => Activated(Short, Due) with { NextAttemptAt = Due + TimeSpan.FromSeconds(30), RenewalCount = 1, LastRenewalAt = Due },
            "Write(Short), Log(Renewed)"),
        ["renewal answered after another token was adopted: discarded, nothing written"] = new(
            Activated(B, Due) with { Renewing = A }, Answered(A, RenewalOk(A2)), Due,
            s => s with { Renewing = null }, "Log(RenewalDiscarded)"),
        ["renewal too early: retry in 30 s"] = new(
            RenewingA, Answered(A, ApiError(DaemonErrorCodes.RenewalTooEarly)), Due,
            s => s with { Renewing = null, NextAttemptAt = Due + TimeSpan.FromSeconds(30), TooEarlyRetries = 1, LastError = DaemonErrorCodes.RenewalTooEarly },
            "Log(TooEarly)"),
        ["renewal limit reached: kept until its exp"] = new(
            RenewingA, Answered(A, ApiError(DaemonErrorCodes.RenewalLimitReached)), Due,
            s => s with { Renewing = null, Mode = RenewalMode.UntilExpiry, LastError = DaemonErrorCodes.RenewalLimitReached },
            "Log(CannotRenew)"),
        ["renewal refused (401): still renewing until the file is read"] = new(
            RenewingA, Answered(A, new DaemonResult.SessionExpired("SESSION_REVOKED")), Due,
            s => s, "Read(RenewalRefused)"),
        ["renewal: session not found (404, classified either way): the file is read"] = new(
            RenewingA, Answered(A, new DaemonResult.SessionExpired(DaemonErrorCodes.SessionNotFound)), Due,
            s => s, "Read(RenewalRefused)"),
        ["renewal refused, file holds nothing new: expired, file polled"] = new(
            RenewingA, new SessionEvent.TokenFileRead(new FileReadPurpose.RenewalRefused(A, "refused"), A), Due,
            s => s with { State = SessionState.Expired, Renewing = null, NextAttemptAt = null, LastError = "refused", NextPollAt = Due + TimeSpan.FromMinutes(1) },
            "Log(Expired)"),
        ["renewal refused, file holds another token: adopted"] = new(
            RenewingA, new SessionEvent.TokenFileRead(new FileReadPurpose.RenewalRefused(A, "refused"), B), Due,
            _ => Activated(B, Due), "Log(Adopted)"),
        ["renewal mismatch, file holds nothing new: kept until its exp"] = new(
            RenewingA, new SessionEvent.TokenFileRead(new FileReadPurpose.RenewalMismatch(A), A), Due,
            s => s with { Renewing = null, Mode = RenewalMode.UntilExpiry, LastError = DaemonErrorCodes.SessionRenewalMismatch },
            "Log(CannotRenew)"),
        ["renewal not required: renewing stops, nothing to wait for"] = new(
            RenewingA, Answered(A, ApiError(DaemonErrorCodes.RenewalNotRequired)), Due,
            s => s with { Renewing = null, Mode = RenewalMode.Stopped }, "Log(RenewalNotRequired)"),
        ["renewal failed transiently: retry in 1 s"] = new(
            RenewingA, Answered(A, new DaemonResult.DaemonUnavailable("refused")), Due,
            s => s with { Renewing = null, NextAttemptAt = Due + TimeSpan.FromSeconds(1), TransientFailures = 1, LastError = "daemon unavailable: refused" },
            "Log(TransientFailure)"),
        ["token refused, no renewal in flight: wait 50 ms for a swap"] = new(
            ActiveA, new SessionEvent.TokenRefused(7, A.Value), T0,
            s => s with { Refusals = [new Refusal(7, A.Value, T0 + TimeSpan.FromMilliseconds(50))] }, ""),
        ["token refused, swap wait over: read the file"] = new(
            ActiveA with { Refusals = [new Refusal(7, A.Value, T0)] }, SessionEvent.Tick.Instance, T0, s => s, "Read(Refused)"),
        ["token refused, file holds nothing new: expired, call answered with none"] = new(
            ActiveA with { Refusals = [new Refusal(7, A.Value, T0)] }, new SessionEvent.TokenFileRead(FileReadPurpose.Refused.Instance, A), T0,
            s => s with { State = SessionState.Expired, NextAttemptAt = null, LastError = "the daemon refused the token", NextPollAt = T0 + TimeSpan.FromMinutes(1), Refusals = [] },
            "Log(Expired), Answer(7, none)"),
        ["token refused, file holds another token: adopted, call retries with it"] = new(
            ActiveA with { Refusals = [new Refusal(7, A.Value, T0)] }, new SessionEvent.TokenFileRead(FileReadPurpose.Refused.Instance, B), T0,
            _ => Activated(B, T0), "Log(Adopted), Answer(7, B)"),
        ["token refused while another is in use: answered at once"] = new(
            Activated(B, T0), new SessionEvent.TokenRefused(7, A.Value), T0, s => s, "Answer(7, B)"),
        ["token refused during a renewal: answered with the renewed token when it lands"] = new(
            RenewingA with { Refusals = [new Refusal(7, A.Value, Due)] }, Saving(A, A2, A), Due,
            _ => Activated(A2, Due) with { RenewalCount = 1, LastRenewalAt = Due },
            "Write(A2), Log(Renewed), Answer(7, A2)"),
        ["expired, poll due: read the file, next poll in a minute"] = new(
            ExpiredA, SessionEvent.Tick.Instance, Due + TimeSpan.FromMinutes(1),
            s => s with { NextPollAt = Due + TimeSpan.FromMinutes(2) }, "Read(Poll)"),
        ["expired, the poll finds a new token: adopted, active again"] = new(
            ExpiredA, new SessionEvent.TokenFileRead(FileReadPurpose.Poll.Instance, B), Due,
            _ => Activated(B, Due) with { RenewalCount = 0 }, "Log(Adopted), BecameActive"),
        ["expired, a call asks: the file is read for it"] = new(
            ExpiredA, new SessionEvent.FileMayHaveChanged(3), Due, s => s, "Read(Lookup)"),
        ["active, a call asks: answered with the token"] = new(
            ActiveA, new SessionEvent.FileMayHaveChanged(3), T0, s => s, "Answer(3, A)"),
        ["kept until exp, exp reached: expired"] = new(
            ActiveA with { Mode = RenewalMode.UntilExpiry, LastError = "RENEWAL_LIMIT_REACHED" }, SessionEvent.Tick.Instance, T0 + Hour,
            s => s with { State = SessionState.Expired, NextAttemptAt = null, NextPollAt = T0 + Hour + TimeSpan.FromMinutes(1), LastError = "the token reached its expiry and cannot be renewed (RENEWAL_LIMIT_REACHED)" },
            "Log(Expired)"),
    };

    public static TheoryData<string> Rows => [.. Table.Keys];

    /// <summary>The file read after <paramref name="old"/> was renewed into <paramref name="renewed"/>, finding <paramref name="inFile"/>.</summary>
    private static SessionEvent Saving(SessionToken old, SessionToken renewed, SessionToken? inFile) =>
        new SessionEvent.TokenFileRead(new FileReadPurpose.BeforeSavingRenewal(old, renewed, null), inFile);

    [Theory]
    [MemberData(nameof(Rows))]
    public void Apply_Row_GivesTheStateAndEffectsOfTheTable(string row)
    {
        var (state, e, at, expected, effects) = Table[row];

        var step = SessionTransitions.Apply(state, e, at);

        Assert.Equivalent(expected(state), step.State, strict: true);
        Assert.Equal(effects, string.Join(", ", step.Effects.Select(Describe)));
    }

    [Fact]
    public void NextWake_EachState_IsTheEarliestThingDue()
    {
        Assert.Equal(Due, SessionTransitions.NextWake(ActiveA));
        Assert.Equal(T0 + Hour, SessionTransitions.NextWake(RenewingA));
        Assert.Equal(T0 + Hour, SessionTransitions.NextWake(ActiveA with { Mode = RenewalMode.UntilExpiry }));
        Assert.Null(SessionTransitions.NextWake(ActiveA with { Mode = RenewalMode.Stopped }));
        Assert.Equal(ExpiredA.NextPollAt, SessionTransitions.NextWake(ExpiredA));
        Assert.Null(SessionTransitions.NextWake(ExpiredA with { HasTokenFile = false }));
        Assert.Equal(T0 + TimeSpan.FromMilliseconds(50), SessionTransitions.NextWake(ActiveA with { Refusals = [new Refusal(1, A.Value, T0 + TimeSpan.FromMilliseconds(50))] }));
    }

    private static SessionModel Activated(SessionToken token, DateTimeOffset at) => SessionModel.NotStarted(hasTokenFile: true) with
    {
        State = SessionState.Active,
        Token = token,
        Mode = RenewalMode.Renewing,
        NextAttemptAt = RenewalPolicy.RenewalPoint(token, at),
        LastError = null,
        Started = true,
    };

    private static SessionToken Token(string sessionId, DateTimeOffset issuedAt, DateTimeOffset expiresAt) =>
        SessionToken.Decode(TestTokens.Create(sessionId, issuedAt, expiresAt), T0).Token!;

    private static SessionEvent.RenewalAnswered Answered(SessionToken token, DaemonResult result) => new(token, result);

    private static DaemonResult.Ok RenewalOk(SessionToken token) => new(System.Text.Encoding.UTF8.GetBytes(FakeResponse.RenewalOk(token.Value).Body));

    private static DaemonResult.ApiError ApiError(string code) => new(code, "refused", Retryable: false);

    private static string Describe(SessionEffect effect) => effect switch
    {
        SessionEffect.RemoveStaleTempFiles => "RemoveStaleTempFiles",
        SessionEffect.ReadTokenFile read => $"Read({read.Purpose.GetType().Name})",
        SessionEffect.WriteTokenFile write => $"Write({Name(write.Token)})",
        SessionEffect.Renew renew => $"Renew({Name(renew.Token)})",
        SessionEffect.Answer answer => $"Answer({answer.Id}, {(answer.Token is { } t ? Names.FirstOrDefault(n => n.Key.Value == t).Value ?? "?" : "none")})",
        SessionEffect.BecameActive => "BecameActive",
        SessionEffect.Log log => $"Log({log.Line.GetType().Name})",
        _ => effect.ToString(),
    };

    private static string Name(SessionToken token) => Names.TryGetValue(token, out var name) ? name : "?";
}
