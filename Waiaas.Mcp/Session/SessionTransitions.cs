using System.Text.Json;
using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Json;

namespace Waiaas.Mcp.Session;

/// <summary>
/// The session's rules as one pure function: (state, event, time) → (state, effects). No I/O, no clock, no
/// threads: the session loop feeds it events and carries out the effects, and the tests read it as a table.
/// </summary>
internal static class SessionTransitions
{
    private static readonly string PollingRecovery = "polling the token file "
        + $"every {RenewalPolicy.RecoveryPollInterval.TotalSeconds:0} s";

    public static SessionStep Apply(SessionModel state, SessionEvent e, DateTimeOffset now)
    {
        var effects = new List<SessionEffect>();
        var next = e switch
        {
            SessionEvent.Start start => OnStart(state, start, effects),
            SessionEvent.Tick => state,
            SessionEvent.RenewalAnswered answered =>
                OnRenewalAnswered(state with { Renewing = null }, answered, now, effects),
            SessionEvent.TokenRefused refused => state with
            {
                // A renewal in flight will swap the token: wait for it. Else give a concurrent swap a moment.
                Refusals = state.Refusals.Add(new Refusal(
                    refused.Id, refused.Rejected, state.Renewing is null ? now + RenewalPolicy.TokenSwapWait : now)),
            },
            SessionEvent.FileMayHaveChanged lookup => OnLookup(state, lookup, effects),
            SessionEvent.TokenFileRead read => OnFileRead(state, read, now, effects),
            _ => throw new ArgumentOutOfRangeException(nameof(e), e, "unknown session event"),
        };

        next = DoWhatIsDue(next, now, effects);
        next = AnswerRefusals(next, now, effects);
        // Waiting callers resume last, once everything they may look at has happened.
        List<SessionEffect> ordered = [.. effects.Where(effect => effect is not SessionEffect.Answer)];
        if (!state.IsActive && next.IsActive)
        {
            ordered.Add(SessionEffect.BecameActive.Instance);
        }

        ordered.AddRange(effects.OfType<SessionEffect.Answer>());
        return new SessionStep(next, ordered);
    }

    /// <summary>
    /// When the loop must wake up next to do what is due in <paramref name="state"/>; null: only an event can change
    /// it.
    /// </summary>
    public static DateTimeOffset? NextWake(SessionModel state)
    {
        DateTimeOffset? wake = null;
        // A stopped renewal (unlimited, or the daemon said none is required) has nothing to wait for, not even exp.
        if (state is { IsActive: true, Mode: not RenewalMode.Stopped, Token.ExpiresAt: { } expiresAt })
        {
            wake = expiresAt;
            if (state is { Mode: RenewalMode.Renewing, Renewing: null, NextAttemptAt: { } due } && due < expiresAt)
            {
                wake = due;
            }
        }

        if (state is { IsActive: false, HasTokenFile: true, Started: true, NextPollAt: { } poll })
        {
            wake = Earliest(wake, poll);
        }

        if (state.Renewing is null)
        {
            foreach (var refusal in state.Refusals)
            {
                wake = Earliest(wake, refusal.NotBefore);
            }
        }

        return wake;
    }

    private static SessionModel OnStart(SessionModel state, SessionEvent.Start start, List<SessionEffect> effects)
    {
        if (state.Started)
        {
            effects.Add(new SessionEffect.Answer(start.Id, state.UsableToken));
            return state;
        }

        if (state.HasTokenFile)
        {
            // A writer killed between creating its temp file and renaming it leaves the file behind (holding a token).
            effects.Add(SessionEffect.RemoveStaleTempFiles.Instance);
        }

        effects.Add(new SessionEffect.ReadTokenFile(new FileReadPurpose.Start(start.Id, start.ConfiguredToken)));
        return state;
    }

    private static SessionModel OnLookup(
        SessionModel state, SessionEvent.FileMayHaveChanged lookup, List<SessionEffect> effects)
    {
        if (state.IsActive || !state.HasTokenFile || !state.Started)
        {
            effects.Add(new SessionEffect.Answer(lookup.Id, state.UsableToken));
        }
        else
        {
            effects.Add(new SessionEffect.ReadTokenFile(new FileReadPurpose.Lookup(lookup.Id)));
        }

        return state;
    }

    private static SessionModel OnFileRead(
        SessionModel state, SessionEvent.TokenFileRead read, DateTimeOffset now, List<SessionEffect> effects)
    {
        var file = read.Token is { } token && !token.IsExpired(now) ? token : null;
        switch (read.Purpose)
        {
            case FileReadPurpose.Start start:
                return state.Started ? Answer(state, start.Id, effects) : Load(state, read.Token, start, now, effects);

            case FileReadPurpose.Poll:
                return !state.IsActive && file is not null && file.Value != state.Token?.Value
                    ? Adopt(state, file, "the token file", now, effects)
                    : state;

            case FileReadPurpose.Lookup lookup:
                var looked = !state.IsActive && file is not null && file.Value != state.Token?.Value
                    ? Adopt(state, file, "the token file", now, effects)
                    : state;
                return Answer(looked, lookup.Id, effects);

            case FileReadPurpose.Refused:
                return DecideRefusals(state, file, now, effects);

            case FileReadPurpose.RenewalRefused refused:
                state = state with { Renewing = null };
                if (state.Token?.Value != refused.Renewed.Value)
                {
                    return state;
                }

                return file is not null && file.Value != refused.Renewed.Value
                    ? Adopt(state, file, "the token file (after the daemon refused the renewal)", now, effects)
                    : Expire(state, refused.Renewed.Value, refused.Reason, now, effects);

            case FileReadPurpose.RenewalMismatch mismatch:
                state = state with { Renewing = null };
                if (state.Token?.Value != mismatch.Renewed.Value)
                {
                    return state;
                }

                // Renewed elsewhere: the new token may be in the file. If not (another writer kept it, or this server
                // was killed after the daemon renewed and before the file was written), the token in hand is still
                // accepted until its own exp: keep it, as for the renewal limit, instead of dropping a working session.
                return file is not null && file.Value != mismatch.Renewed.Value
                    ? Adopt(state, file, "the token file (after SESSION_RENEWAL_MISMATCH)", now, effects)
                    : CannotRenew(state, mismatch.Renewed, DaemonErrorCodes.SessionRenewalMismatch, effects);

            case FileReadPurpose.BeforeSavingRenewal saving:
                state = state with { Renewing = null };
                if (state.Token?.Value != saving.Old.Value)
                {
                    return state;
                }

                return file is not null
                    && file.Value != saving.Old.Value && file.Value != saving.Renewed.Value
                    && IsNewerThan(file, saving.Old)
                    ? Adopt(
                        state,
                        file,
                        "the token file (written by another writer while this server renewed)",
                        now,
                        effects)
                    : Renewed(state, saving.Renewed, saving.RenewalCount, now, effects);

            default:
                return state;
        }
    }

    /// <summary>
    /// The renewal is not over until the token file has been read: nothing else is scheduled meanwhile.
    /// </summary>
    private static SessionModel StillRenewing(SessionModel state, SessionToken renewed) =>
        state with { Renewing = renewed };

    private static SessionModel Load(
        SessionModel state,
        SessionToken? fromFile,
        FileReadPurpose.Start start,
        DateTimeOffset now,
        List<SessionEffect> effects)
    {
        SessionToken? expired = null;
        var reason = "no session token (no token file and no WAIAAS_SESSION_TOKEN)";
        SessionToken? chosen = null;
        string? source = null;

        if (fromFile is not null)
        {
            if (!fromFile.IsExpired(now))
            {
                (chosen, source) = (fromFile, "the token file");
            }
            else
            {
                expired = fromFile;
                reason = "the token in the token file has expired";
            }
        }

        if (chosen is null && start.ConfiguredToken is { } configured)
        {
            var decoding = SessionToken.Decode(configured, now);
            if (!decoding.IsValid)
            {
                effects.Add(new SessionEffect.Log(new SessionLogLine.ConfiguredTokenRefused(decoding.Reason)));
                reason = expired is null ? $"WAIAAS_SESSION_TOKEN refused: {decoding.Reason}" : reason;
            }
            else if (!decoding.Token.IsExpired(now))
            {
                (chosen, source) = (decoding.Token, "WAIAAS_SESSION_TOKEN");
            }
            else if (expired is null)
            {
                expired = decoding.Token;
                reason = "WAIAAS_SESSION_TOKEN has expired";
            }
        }

        SessionModel next;
        if (chosen is not null)
        {
            next = Activate(state, chosen, now) with { Started = true, RenewalCount = 0 };
            effects.Add(
                new SessionEffect.Log(new SessionLogLine.Loaded(source!, chosen.SessionId, DescribeExpiry(chosen))));
        }
        else
        {
            next = state with
            {
                State = expired is null ? SessionState.Error : SessionState.Expired,
                Token = expired,
                LastError = reason,
                Started = true,
                NextPollAt = state.HasTokenFile ? now + RenewalPolicy.RecoveryPollInterval : null,
            };
            effects.Add(new SessionEffect.Log(new SessionLogLine.Degraded(
                reason, state.HasTokenFile
                    ? PollingRecovery
                    : "set WAIAAS_DATA_DIR or a new WAIAAS_SESSION_TOKEN and restart")));
        }

        return Answer(next, start.Id, effects);
    }

    private static SessionModel OnRenewalAnswered(
        SessionModel state, SessionEvent.RenewalAnswered answered, DateTimeOffset now, List<SessionEffect> effects)
    {
        var renewed = answered.Renewed;
        if (state.Token?.Value != renewed.Value)
        {
            // Another token was adopted while the request ran (a newer writer): its file wins.
            effects.Add(new SessionEffect.Log(new SessionLogLine.RenewalDiscarded()));
            return state;
        }

        switch (answered.Result)
        {
            case DaemonResult.Ok ok:
                return OnRenewed(state, renewed, ok.Json, now, effects);
            case DaemonResult.SessionExpired { Reason: DaemonErrorCodes.SessionNotFound }:
            case DaemonResult.ApiError { Code: DaemonErrorCodes.SessionNotFound }:
                effects.Add(new SessionEffect.ReadTokenFile(
                    new FileReadPurpose.RenewalRefused(renewed, "the session no longer exists (SESSION_NOT_FOUND)")));
                return StillRenewing(state, renewed);
            case DaemonResult.SessionExpired refused:
                effects.Add(new SessionEffect.ReadTokenFile(new FileReadPurpose.RenewalRefused(
                    renewed, $"the daemon refused the token ({refused.Reason ?? "401"})")));
                return StillRenewing(state, renewed);
            case DaemonResult.KillSwitchActive:
                return TransientFailure(
                    state, "the daemon's kill switch is active (503 SYSTEM_LOCKED)", killSwitch: true, now, effects);
            case DaemonResult.DaemonUnavailable unavailable:
                return TransientFailure(
                    state, $"daemon unavailable: {unavailable.Reason}", killSwitch: false, now, effects);
            case DaemonResult.ApiError { Code: DaemonErrorCodes.RenewalTooEarly }:
                return TooEarly(state, renewed, now, effects);
            case DaemonResult.ApiError
            {
                Code: DaemonErrorCodes.RenewalLimitReached or DaemonErrorCodes.SessionAbsoluteLifetimeExceeded,
            } limit:
                return CannotRenew(state, renewed, limit.Code, effects);
            case DaemonResult.ApiError { Code: DaemonErrorCodes.SessionRenewalMismatch }:
                effects.Add(new SessionEffect.ReadTokenFile(new FileReadPurpose.RenewalMismatch(renewed)));
                return StillRenewing(state, renewed);
            case DaemonResult.ApiError { Code: DaemonErrorCodes.RenewalNotRequired }:
                effects.Add(new SessionEffect.Log(new SessionLogLine.RenewalNotRequired()));
                return state with { Mode = RenewalMode.Stopped, LastError = null, KillSwitchNoted = false };
            case DaemonResult.ApiError error:
                // 429, 5xx and anything unknown: the token may still be good, so keep it and retry slowly.
                return TransientFailure(state, $"{error.Code}: {error.Message}", killSwitch: false, now, effects);
            default:
                return TransientFailure(state, "unexpected renewal answer", killSwitch: false, now, effects);
        }
    }

    private static SessionModel OnRenewed(
        SessionModel state,
        SessionToken old,
        ReadOnlyMemory<byte> json,
        DateTimeOffset now,
        List<SessionEffect> effects)
    {
        var (value, renewalCount) = ReadRenewalAnswer(json);
        var decoding = SessionToken.Decode(value, now);
        if (!decoding.IsValid || decoding.Token.IsExpired(now))
        {
            return TransientFailure(
                state,
                $"the renewal answer has no usable token ({decoding.Reason ?? "already expired"})",
                killSwitch: false,
                now,
                effects);
        }

        var renewed = decoding.Token;
        if (renewed.SessionId != old.SessionId)
        {
            // Not a renewal of this session: its calls could act for another wallet than the one the user set up.
            return KeepUntilExpiry(
                state,
                new SessionLogLine.OtherSession(DescribeExpiry(old)),
                "the renewal answer holds a token of another session",
                effects);
        }

        if (old.ExpiresAt is { } oldExpiry && renewed.ExpiresAt is { } newExpiry && newExpiry <= oldExpiry)
        {
            // The same token echoed back, or one that ends no later: nothing was gained, and renewing again would get
            // the same answer.
            return KeepUntilExpiry(
                state,
                new SessionLogLine.NotExtended(DescribeExpiry(old)),
                "the renewal answer did not move exp forward",
                effects);
        }

        if (!state.HasTokenFile)
        {
            return Renewed(state, renewed, renewalCount, now, effects);
        }

        // Someone (`waiaas mcp setup`) may have written a new session while the renewal was under way: look first, so
        // the renewed token never overwrites it.
        effects.Add(
            new SessionEffect.ReadTokenFile(new FileReadPurpose.BeforeSavingRenewal(old, renewed, renewalCount)));
        return StillRenewing(state, old);
    }

    /// <summary>
    /// A renewal answer that cannot be used and would come again: the token in hand stays in use until its own exp,
    /// as when the daemon refuses further renewals.
    /// </summary>
    private static SessionModel KeepUntilExpiry(
        SessionModel state, SessionLogLine line, string error, List<SessionEffect> effects)
    {
        if (state.Mode == RenewalMode.UntilExpiry)
        {
            return state;
        }

        effects.Add(new SessionEffect.Log(line));
        return state with { Mode = RenewalMode.UntilExpiry, LastError = error, KillSwitchNoted = false };
    }

    /// <summary>
    /// Whether <paramref name="file"/> was written by someone else after <paramref name="renewing"/> was issued.
    /// </summary>
    private static bool IsNewerThan(SessionToken file, SessionToken renewing) =>
        file.SessionId != renewing.SessionId || file.IssuedAt > renewing.IssuedAt;

    private static SessionModel Renewed(
        SessionModel state, SessionToken renewed, int? renewalCount, DateTimeOffset now, List<SessionEffect> effects)
    {
        // File first: if the process dies right after, the file (read at next start) holds the new token. The loop
        // writes it before the new state is visible; if the write fails the new token is still used in memory
        // (the old one is no longer renewable).
        if (state.HasTokenFile)
        {
            effects.Add(new SessionEffect.WriteTokenFile(renewed));
        }

        effects.Add(new SessionEffect.Log(new SessionLogLine.Renewed(renewed.SessionId, DescribeExpiry(renewed))));

        // Also from expired with the same token (a refused call raced the renewal): a renewed token is a usable token.
        return Activate(state, renewed, now) with
        {
            NextAttemptAt = RenewalPolicy.AfterRenewal(renewed, now),
            RenewalCount = renewalCount ?? state.RenewalCount + 1,
            LastRenewalAt = now,
        };
    }

    private static SessionModel TooEarly(
        SessionModel state, SessionToken token, DateTimeOffset now, List<SessionEffect> effects)
    {
        if (!state.IsActive)
        {
            return state;
        }

        // Clock skew: retry soon a few times, then fall back to 60 % of the time left.
        var next = state.TooEarlyRetries < RenewalPolicy.MaxTooEarlyRetries
            ? state with
            {
                NextAttemptAt = now + RenewalPolicy.TooEarlyRetryDelay,
                TooEarlyRetries = state.TooEarlyRetries + 1,
            }
            : state with
            {
                NextAttemptAt = RenewalPolicy.NaturalPointFrom(token.ExpiresAt ?? now, now),
                TooEarlyRetries = 0,
            };
        effects.Add(new SessionEffect.Log(new SessionLogLine.TooEarly(next.TooEarlyRetries > 0
            ? $"retry {next.TooEarlyRetries} of {RenewalPolicy.MaxTooEarlyRetries} "
                + $"in {RenewalPolicy.TooEarlyRetryDelay.TotalSeconds:0} s"
            : "waiting for the next renewal point")));
        return next with { LastError = DaemonErrorCodes.RenewalTooEarly, KillSwitchNoted = false };
    }

    private static SessionModel CannotRenew(
        SessionModel state, SessionToken token, string code, List<SessionEffect> effects)
    {
        if (!state.IsActive || state.Mode == RenewalMode.UntilExpiry)
        {
            return state;
        }

        effects.Add(new SessionEffect.Log(new SessionLogLine.CannotRenew(code, DescribeExpiry(token))));
        return state with { Mode = RenewalMode.UntilExpiry, LastError = code, KillSwitchNoted = false };
    }

    private static SessionModel TransientFailure(
        SessionModel state, string reason, bool killSwitch, DateTimeOffset now, List<SessionEffect> effects)
    {
        if (!state.IsActive)
        {
            return state;
        }

        var failures = state.TransientFailures + 1;
        var delay = RenewalPolicy.TransientRetryDelay(failures);
        if (failures == 1 || failures == RenewalPolicy.TransientBackoff.Length + 1)
        {
            effects.Add(
                new SessionEffect.Log(new SessionLogLine.TransientFailure(reason, failures, delay.TotalSeconds)));
        }

        return state with
        {
            NextAttemptAt = now + delay,
            TransientFailures = failures,
            LastError = reason,
            KillSwitchNoted = killSwitch,
        };
    }

    /// <summary>The renewal schedule, expiry and recovery poll: whatever is due at <paramref name="now"/>.</summary>
    private static SessionModel DoWhatIsDue(SessionModel state, DateTimeOffset now, List<SessionEffect> effects)
    {
        if (!state.Started)
        {
            return state;
        }

        if (state is { IsActive: true, Mode: not RenewalMode.Stopped, Token: { ExpiresAt: { } expiresAt } token })
        {
            if (expiresAt <= now)
            {
                var reason = state.Mode == RenewalMode.UntilExpiry
                    ? $"the token reached its expiry and cannot be renewed ({state.LastError})"
                    : state.LastError is { } error
                        ? $"the token reached its expiry without a successful renewal (last error: {error})"
                        : "the token reached its expiry";
                return Expire(state, token.Value, reason, now, effects);
            }

            if (state is { Mode: RenewalMode.Renewing, Renewing: null, NextAttemptAt: { } due } && due <= now)
            {
                effects.Add(new SessionEffect.Renew(token));
                return state with { Renewing = token };
            }
        }

        if (state is { IsActive: false, HasTokenFile: true, NextPollAt: { } poll } && poll <= now)
        {
            effects.Add(new SessionEffect.ReadTokenFile(FileReadPurpose.Poll.Instance));
            return state with { NextPollAt = now + RenewalPolicy.RecoveryPollInterval };
        }

        return state;
    }

    /// <summary>
    /// Answers the refused calls whose answer is known: a token other than the refused one is in use. The rest are
    /// decided by reading the file once they are done waiting (for the renewal in flight, or for a swap).
    /// </summary>
    private static SessionModel AnswerRefusals(SessionModel state, DateTimeOffset now, List<SessionEffect> effects)
    {
        if (state.Refusals.IsEmpty)
        {
            return state;
        }

        var waiting = state.Refusals;
        var decide = false;
        foreach (var refusal in state.Refusals)
        {
            if (state.UsableToken is { } current && current != refusal.Rejected)
            {
                effects.Add(new SessionEffect.Answer(refusal.Id, current));
                waiting = waiting.Remove(refusal);
            }
            else if (IsDoneWaiting(state, refusal, now))
            {
                decide = true;
            }
        }

        if (decide)
        {
            effects.Add(new SessionEffect.ReadTokenFile(FileReadPurpose.Refused.Instance));
        }

        return state with { Refusals = waiting };
    }

    /// <summary>
    /// The refused calls done waiting: a newer token in the file is adopted, else the refused token expires.
    /// </summary>
    private static SessionModel DecideRefusals(
        SessionModel state, SessionToken? file, DateTimeOffset now, List<SessionEffect> effects)
    {
        var ready = state.Refusals.Where(refusal => IsDoneWaiting(state, refusal, now)).ToList();
        if (ready.Count == 0)
        {
            return state;
        }

        var next = state;
        if (file is not null && ready.TrueForAll(refusal => refusal.Rejected != file.Value))
        {
            next = Adopt(next, file, "the token file (after a refused token)", now, effects);
        }

        foreach (var refusal in ready)
        {
            if (next.UsableToken is not { } current || current == refusal.Rejected)
            {
                next = Expire(next, refusal.Rejected, "the daemon refused the token", now, effects);
            }

            var replacement = next.UsableToken is { } token && token != refusal.Rejected ? token : null;
            effects.Add(new SessionEffect.Answer(refusal.Id, replacement));
            next = next with { Refusals = next.Refusals.Remove(refusal) };
        }

        return next;
    }

    private static bool IsDoneWaiting(SessionModel state, Refusal refusal, DateTimeOffset now) =>
        state.Renewing is null && refusal.NotBefore <= now;

    private static SessionModel Adopt(
        SessionModel state, SessionToken token, string source, DateTimeOffset now, List<SessionEffect> effects)
    {
        if (state.IsActive && state.Token?.Value == token.Value)
        {
            return state;
        }

        effects.Add(new SessionEffect.Log(new SessionLogLine.Adopted(source, token.SessionId, DescribeExpiry(token))));
        return Activate(state, token, now) with
        {
            RenewalCount = state.Token?.SessionId == token.SessionId ? state.RenewalCount : 0,
        };
    }

    private static SessionModel Expire(
        SessionModel state, string tokenValue, string reason, DateTimeOffset now, List<SessionEffect> effects)
    {
        if (!state.IsActive || state.Token?.Value != tokenValue)
        {
            return state;
        }

        effects.Add(new SessionEffect.Log(new SessionLogLine.Expired(
            reason, state.HasTokenFile ? PollingRecovery : "set a new WAIAAS_SESSION_TOKEN and restart")));
        return state with
        {
            State = SessionState.Expired,
            LastError = reason,
            NextAttemptAt = null,
            NextPollAt = state.HasTokenFile ? now + RenewalPolicy.RecoveryPollInterval : null,
        };
    }

    /// <summary>
    /// <paramref name="token"/> in use from <paramref name="now"/>, renewal scheduled; counters and waits kept.
    /// </summary>
    private static SessionModel Activate(SessionModel state, SessionToken token, DateTimeOffset now) => state with
    {
        State = SessionState.Active,
        Token = token,
        Mode = token.IsUnlimited ? RenewalMode.Stopped : RenewalMode.Renewing,
        NextAttemptAt = RenewalPolicy.RenewalPoint(token, now),
        TooEarlyRetries = 0,
        TransientFailures = 0,
        LastError = null,
        KillSwitchNoted = false,
        NextPollAt = null,
    };

    private static SessionModel Answer(SessionModel state, long id, List<SessionEffect> effects)
    {
        effects.Add(new SessionEffect.Answer(id, state.UsableToken));
        return state;
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset b) =>
        a is { } first && first <= b ? first : b;

    private static (string? Token, int? RenewalCount) ReadRenewalAnswer(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            // Strict, unlike names and messages: a token with a broken character is no token, not one to repair.
            string? token = root.TryGetProperty("token", out var t) && t.ValueKind == JsonValueKind.String
                && JsonText.TryGetString(t, out var text) ? text : null;
            int? count = root.TryGetProperty("renewalCount", out var n)
                && n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var v) ? v : null;
            return (token, count);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string DescribeExpiry(SessionToken token) =>
        token.ExpiresAt is { } expiresAt ? $"expires {expiresAt:yyyy-MM-dd HH:mm:ss}Z" : "unlimited";
}

/// <summary>One transition: the state after it and what the loop must do.</summary>
internal sealed record SessionStep(SessionModel State, IReadOnlyList<SessionEffect> Effects);
