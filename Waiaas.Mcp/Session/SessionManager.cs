using System.Text.Json;
using Microsoft.Extensions.Logging;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Hosting;

namespace Waiaas.Mcp.Session;

/// <summary>
/// Owns the session token: loads it, renews it before it expires, follows rotations by other writers
/// and waits for a new token when the session is gone (spec sections 4 and 5).
/// Concurrency: everything a request needs (state + token + expiry) is one immutable record in a volatile
/// field, swapped whole, so <see cref="GetToken"/> never sees half an update and keeps answering the old
/// token while a renewal is in flight. All timing runs in ONE background loop (renewal schedule, retries,
/// expiry, recovery polling), so there is never more than one renewal or one recovery loop; other threads
/// only swap the record and wake the loop.
/// </summary>
internal sealed partial class SessionManager : IAsyncDisposable
{
    private static readonly ReadOnlyMemory<byte> EmptyJsonObject = "{}"u8.ToArray();

    private readonly ServerConfiguration _configuration;
    private readonly DaemonHttp _http;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TokenFile _file;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();

    private volatile Current _current = Current.NotStarted;

    // Guarded by _gate: cancelled to make the loop re-read _current; replaced at each loop turn.
    private CancellationTokenSource _wake = new();

    // The renewal in flight, if any; a session 401 waits for it before deciding anything.
    private volatile TaskCompletionSource? _renewal;

    private Task? _loop;
    private int _started;
    private int _disposed;

    public SessionManager(ServerConfiguration configuration, DaemonHttp http, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _configuration = configuration;
        _http = http;
        _time = time;
        _logger = loggerFactory.CreateLogger(LogCategories.Session);
        _file = new TokenFile(configuration.DataDir, configuration.WalletId, _logger);
    }

    /// <summary>
    /// Raised (on a background thread) each time the state becomes active: at start with a usable token and
    /// whenever a new token is adopted after expired/error. Handlers must be quick and must not throw.
    /// </summary>
    public event Action? BecameActive;

    public SessionState State => _current.State;

    /// <summary>Test hook: called each time a wait starts, after its timer exists.</summary>
    internal Action<SessionWait, TimeSpan>? WaitStarted { get; set; }

    /// <summary>Test hook: called right after each swap of the state record (for ordering checks).</summary>
    internal Action? StateChanged { get; set; }

    /// <summary>The current token in the active state, else null. During a renewal: the old token until the new one is stored.</summary>
    public string? GetToken()
    {
        var current = _current;
        return current.State == SessionState.Active ? current.Token?.Value : null;
    }

    /// <summary>
    /// As <see cref="GetToken"/>, but without a usable token first re-reads the token file (a local read, no
    /// request): a token written by `waiaas mcp setup` serves the very next call instead of waiting for the
    /// recovery poll.
    /// </summary>
    public string? GetTokenOrReadFile()
    {
        if (GetToken() is { } token)
        {
            return token;
        }

        if (_file.IsConfigured && Volatile.Read(ref _started) == 1 && Volatile.Read(ref _disposed) == 0)
        {
            PollTokenFile();
        }

        return GetToken();
    }

    public SessionSnapshot GetSnapshot()
    {
        var c = _current;
        return new SessionSnapshot(
            c.State,
            c.Token?.SessionId,
            c.Token?.ExpiresAt,
            c.RenewalCount,
            c.LastError,
            c.LastRenewalAt,
            c.State == SessionState.Active && c.Mode == RenewalMode.Renewing ? c.NextAttemptAt : null,
            c.KillSwitchNoted);
    }

    /// <summary>Loads the token (file first, then WAIAAS_SESSION_TOKEN) and starts the background loop. Never fails for a missing or bad token.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1 || Volatile.Read(ref _disposed) == 1)
        {
            return Task.CompletedTask;
        }

        // A writer killed between creating its temp file and renaming it leaves the file behind (holding a token).
        _file.RemoveStaleTempFiles();
        var now = _time.GetUtcNow();
        var (token, source, reason) = LoadAtStart(now);
        if (token is not null && source is not null)
        {
            Transition(_ => Current.ActiveWith(token, now) with { RenewalCount = 0 });
            LogLoaded(source, token.SessionId, DescribeExpiry(token));
        }
        else
        {
            var expired = token is not null;
            Transition(_ => Current.NotStarted with
            {
                State = expired ? SessionState.Expired : SessionState.Error,
                Token = token,
                LastError = reason,
            });
            LogDegraded(reason!, _file.IsConfigured
                ? $"polling the token file every {RenewalPolicy.RecoveryPollInterval.TotalSeconds:0} s"
                : "set WAIAAS_DATA_DIR or a new WAIAAS_SESSION_TOKEN and restart");
        }

        _loop = Task.Run(() => RunLoopAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The token-rotation steps after the daemon refused <paramref name="rejectedToken"/> with a session 401
    /// (spec section 5): wait for a renewal in flight or a moment for a swap, then the file, else expired.
    /// Returns a token different from the refused one to retry with once, or null when there is none.
    /// </summary>
    public async Task<string?> RecoverFromUnauthorizedAsync(string rejectedToken, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) == 1)
        {
            return null;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        try
        {
            // 1. A renewal in flight will swap the token: wait for it (bounded). Else give a swap a moment.
            if (_renewal?.Task is { } renewal)
            {
                var bound = _configuration.RequestTimeout + TimeSpan.FromSeconds(5);
                var wait = renewal.WaitAsync(bound, _time, linked.Token);
                WaitStarted?.Invoke(SessionWait.RenewalInFlight, bound);
                try
                {
                    await wait.ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // Decide with what we have.
                }
            }
            else
            {
                var wait = Task.Delay(RenewalPolicy.TokenSwapWait, _time, linked.Token);
                WaitStarted?.Invoke(SessionWait.TokenSwap, RenewalPolicy.TokenSwapWait);
                await wait.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        // 2. The token changed meanwhile: retry with it.
        if (ActiveTokenOtherThan(rejectedToken) is { } changed)
        {
            return changed;
        }

        // 3. Lazy reload: another writer may have put a new token in the file.
        var now = _time.GetUtcNow();
        if (_file.Read(now) is { } fromFile && !fromFile.IsExpired(now) && fromFile.Value != rejectedToken)
        {
            Adopt(fromFile, "the token file (after a refused token)");
            return ActiveTokenOtherThan(rejectedToken);
        }

        // 4. Nothing better: the session is expired until a new token appears.
        Expire(rejectedToken, "the daemon refused the token");
        return ActiveTokenOtherThan(rejectedToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // The loop stops at its next await; a token file write in progress is synchronous and finishes first.
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is { } loop)
        {
            try
            {
                await loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        }
    }

    private (SessionToken? Token, string? Source, string? Reason) LoadAtStart(DateTimeOffset now)
    {
        SessionToken? expired = null;
        var reason = "no session token (no token file and no WAIAAS_SESSION_TOKEN)";

        if (_file.Read(now) is { } fromFile)
        {
            if (!fromFile.IsExpired(now))
            {
                return (fromFile, "the token file", null);
            }

            expired = fromFile;
            reason = "the token in the token file has expired";
        }

        if (_configuration.SessionToken is { } configured)
        {
            var decoding = SessionToken.Decode(configured, now);
            if (!decoding.IsValid)
            {
                LogConfiguredTokenRefused(decoding.Reason);
                reason = expired is null ? $"WAIAAS_SESSION_TOKEN refused: {decoding.Reason}" : reason;
            }
            else if (!decoding.Token.IsExpired(now))
            {
                return (decoding.Token, "WAIAAS_SESSION_TOKEN", null);
            }
            else
            {
                expired ??= decoding.Token;
                reason = expired == decoding.Token ? "WAIAAS_SESSION_TOKEN has expired" : reason;
            }
        }

        return (expired, null, reason);
    }

    /// <summary>The one background loop: renewal schedule, retries, expiry and recovery polling.</summary>
    private async Task RunLoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Never let the loop die: that would freeze the session silently.
                LogLoopFault(ex);
                await WaitUntilAsync(_time.GetUtcNow() + RenewalPolicy.SlowRetryDelay, SessionWait.Retry, CancellationToken.None, stop)
                    .ConfigureAwait(false);
            }
        }
    }

    private async Task RunOnceAsync(CancellationToken stop)
    {
        CancellationToken wake;
        lock (_gate)
        {
            _wake = new CancellationTokenSource();
            wake = _wake.Token;
        }

        // Read after the wake source exists: a change from now on cancels this turn's wait.
        var c = _current;
        var now = _time.GetUtcNow();
        switch (c)
        {
            case { State: SessionState.Active, Token.ExpiresAt: { } expiresAt, Mode: RenewalMode.Renewing }:
                var due = c.NextAttemptAt ?? now;
                if (due >= expiresAt)
                {
                    if (await WaitUntilAsync(expiresAt, SessionWait.Expiry, wake, stop).ConfigureAwait(false))
                    {
                        Expire(c.Token.Value, c.LastError is { } error
                            ? $"the token reached its expiry without a successful renewal (last error: {error})"
                            : "the token reached its expiry");
                    }
                }
                else if (await WaitUntilAsync(due, c.Retrying ? SessionWait.Retry : SessionWait.Renewal, wake, stop).ConfigureAwait(false))
                {
                    await RenewAsync(c.Token, stop).ConfigureAwait(false);
                }

                break;

            case { State: SessionState.Active, Token.ExpiresAt: { } expiresAt, Mode: RenewalMode.UntilExpiry }:
                if (await WaitUntilAsync(expiresAt, SessionWait.Expiry, wake, stop).ConfigureAwait(false))
                {
                    Expire(c.Token.Value, $"the token reached its expiry and cannot be renewed ({c.LastError})");
                }

                break;

            case { State: SessionState.Active }:
                // Unlimited, or the daemon said no renewal is required: nothing to schedule.
                await WaitUntilAsync(null, SessionWait.Idle, wake, stop).ConfigureAwait(false);
                break;

            default:
                if (!_file.IsConfigured)
                {
                    // No data dir: no file to poll; only a restart with a new token helps.
                    await WaitUntilAsync(null, SessionWait.Idle, wake, stop).ConfigureAwait(false);
                }
                else if (await WaitUntilAsync(now + RenewalPolicy.RecoveryPollInterval, SessionWait.Recovery, wake, stop).ConfigureAwait(false))
                {
                    PollTokenFile();
                }

                break;
        }
    }

    /// <summary>
    /// Waits until <paramref name="due"/> (null: until woken) in timer-sized pieces measured against the
    /// clock. True when due; false when woken; throws when stopped.
    /// </summary>
    private async Task<bool> WaitUntilAsync(DateTimeOffset? due, SessionWait kind, CancellationToken wake, CancellationToken stop)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, wake);
        while (true)
        {
            Task delay;
            TimeSpan length;
            if (due is { } dueAt)
            {
                var remaining = dueAt - _time.GetUtcNow();
                if (remaining <= TimeSpan.Zero)
                {
                    return true;
                }

                length = remaining < RenewalPolicy.MaxTimerChunk ? remaining : RenewalPolicy.MaxTimerChunk;
                delay = Task.Delay(length, _time, linked.Token);
            }
            else
            {
                length = Timeout.InfiniteTimeSpan;
                delay = Task.Delay(Timeout.InfiniteTimeSpan, linked.Token);
            }

            WaitStarted?.Invoke(kind, length);
            try
            {
                await delay.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                stop.ThrowIfCancellationRequested();
                return false;
            }

            if (due is null)
            {
                return false;
            }
        }
    }

    private async Task RenewAsync(SessionToken token, CancellationToken stop)
    {
        var renewal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _renewal = renewal;
        try
        {
            var request = new DaemonRequest(
                HttpMethod.Put, $"/v1/sessions/{UrlBuilder.EncodePathSegment(token.SessionId)}/renew", EmptyJsonObject);
            DaemonResult result;
            try
            {
                result = await _http.SendAsync(request, token.Value, stop).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                result = new DaemonResult.DaemonUnavailable(ex.Message);
            }

            if (!ReferenceEquals(_current.Token, token))
            {
                // Another token was adopted while this call ran (a newer writer): its file wins.
                LogRenewalDiscarded();
                return;
            }

            HandleRenewalAnswer(token, result);
        }
        finally
        {
            _renewal = null;
            renewal.TrySetResult();
        }
    }

    private void HandleRenewalAnswer(SessionToken token, DaemonResult result)
    {
        switch (result)
        {
            case DaemonResult.Ok ok:
                OnRenewed(token, ok.Json);
                break;
            case DaemonResult.SessionExpired refused:
                ReloadOrExpire(token, $"the daemon refused the token ({refused.Reason ?? "401"})");
                break;
            case DaemonResult.KillSwitchActive:
                OnTransientFailure(token, "the daemon's kill switch is active (503 SYSTEM_LOCKED)", killSwitch: true);
                break;
            case DaemonResult.DaemonUnavailable unavailable:
                OnTransientFailure(token, $"daemon unavailable: {unavailable.Reason}", killSwitch: false);
                break;
            case DaemonResult.ApiError { Code: DaemonErrorCodes.RenewalTooEarly }:
                OnTooEarly(token);
                break;
            case DaemonResult.ApiError { Code: DaemonErrorCodes.RenewalLimitReached or DaemonErrorCodes.SessionAbsoluteLifetimeExceeded } limit:
                OnCannotRenew(token, limit.Code);
                break;
            case DaemonResult.ApiError { Code: DaemonErrorCodes.SessionRenewalMismatch }:
                // Renewed elsewhere: the new token may be in the file. If not (another writer kept it, or this server
                // was killed after the daemon renewed and before the file was written), the token in hand is still
                // accepted until its own exp: keep it, as for the renewal limit, instead of dropping a working session.
                if (!AdoptNewerFileToken(token, "the token file (after SESSION_RENEWAL_MISMATCH)"))
                {
                    OnCannotRenew(token, DaemonErrorCodes.SessionRenewalMismatch);
                }

                break;
            case DaemonResult.ApiError { Code: DaemonErrorCodes.SessionNotFound }:
                Expire(token.Value, "the session no longer exists (SESSION_NOT_FOUND)");
                break;
            case DaemonResult.ApiError { Code: DaemonErrorCodes.RenewalNotRequired }:
                Transition(c => SameToken(c, token) ? c with { Mode = RenewalMode.Stopped, LastError = null, KillSwitchNoted = false } : null);
                LogRenewalNotRequired();
                break;
            case DaemonResult.ApiError error:
                // 429, 5xx and anything unknown: the token may still be good, so keep it and retry slowly.
                OnTransientFailure(token, $"{error.Code}: {error.Message}", killSwitch: false);
                break;
        }
    }

    private void OnRenewed(SessionToken token, ReadOnlyMemory<byte> json)
    {
        var now = _time.GetUtcNow();
        var (value, renewalCount) = ReadRenewalAnswer(json);
        var decoding = SessionToken.Decode(value, now);
        if (!decoding.IsValid || decoding.Token.IsExpired(now))
        {
            OnTransientFailure(token, $"the renewal answer has no usable token ({decoding.Reason ?? "already expired"})", killSwitch: false);
            return;
        }

        var renewed = decoding.Token;

        // File first: if the process dies right after, the file (read at next start) holds the new token.
        // If the write fails the new token is still kept in memory: the old one is no longer renewable.
        if (_file.IsConfigured)
        {
            try
            {
                _file.Write(renewed.Value);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or InvalidOperationException)
            {
                LogWriteFailed(_file.WritePath!, ex.Message);
            }
        }

        // Also from expired with the same token (a 401 raced this call): a renewed token is a usable token.
        Transition(c => ReferenceEquals(c.Token, token)
            ? Current.ActiveWith(renewed, now) with
            {
                RenewalCount = renewalCount ?? c.RenewalCount + 1,
                LastRenewalAt = now,
            }
            : null);
        LogRenewed(renewed.SessionId, DescribeExpiry(renewed));
    }

    private void OnTooEarly(SessionToken token)
    {
        var now = _time.GetUtcNow();
        Transition(c =>
        {
            if (!SameToken(c, token))
            {
                return null;
            }

            // Clock skew: retry soon a few times, then fall back to 60 % of the time left.
            return c.TooEarlyRetries < RenewalPolicy.MaxTooEarlyRetries
                ? c with
                {
                    NextAttemptAt = now + RenewalPolicy.TooEarlyRetryDelay,
                    TooEarlyRetries = c.TooEarlyRetries + 1,
                    LastError = "RENEWAL_TOO_EARLY",
                    KillSwitchNoted = false,
                }
                : c with
                {
                    NextAttemptAt = RenewalPolicy.NaturalPointFrom(token.ExpiresAt ?? now, now),
                    TooEarlyRetries = 0,
                    LastError = "RENEWAL_TOO_EARLY",
                    KillSwitchNoted = false,
                };
        });
        var retries = _current.TooEarlyRetries;
        LogTooEarly(retries > 0
            ? $"retry {retries} of {RenewalPolicy.MaxTooEarlyRetries} in {RenewalPolicy.TooEarlyRetryDelay.TotalSeconds:0} s"
            : "waiting for the next renewal point");
    }

    private void OnCannotRenew(SessionToken token, string code)
    {
        var changed = Transition(c => SameToken(c, token) && c.Mode != RenewalMode.UntilExpiry
            ? c with { Mode = RenewalMode.UntilExpiry, LastError = code, KillSwitchNoted = false }
            : null);
        if (changed)
        {
            LogCannotRenew(code, DescribeExpiry(token));
        }
    }

    private void OnTransientFailure(SessionToken token, string reason, bool killSwitch)
    {
        var now = _time.GetUtcNow();
        var failures = 0;
        Transition(c =>
        {
            if (!SameToken(c, token))
            {
                return null;
            }

            failures = c.TransientFailures + 1;
            return c with
            {
                NextAttemptAt = now + RenewalPolicy.TransientRetryDelay(failures),
                TransientFailures = failures,
                LastError = reason,
                KillSwitchNoted = killSwitch,
            };
        });

        if (failures == 1 || failures == RenewalPolicy.TransientBackoff.Length + 1)
        {
            LogTransientFailure(reason, failures, RenewalPolicy.TransientRetryDelay(failures).TotalSeconds);
        }
    }

    /// <summary>The token was refused: another writer may have rotated it into the file; else expired.</summary>
    private void ReloadOrExpire(SessionToken token, string reason)
    {
        if (!AdoptNewerFileToken(token, "the token file (after the daemon refused the renewal)"))
        {
            Expire(token.Value, reason);
        }
    }

    /// <summary>Adopts the file's token when it is usable and not <paramref name="token"/>; false when there is none.</summary>
    private bool AdoptNewerFileToken(SessionToken token, string source)
    {
        var now = _time.GetUtcNow();
        if (_file.Read(now) is { } fromFile && !fromFile.IsExpired(now) && fromFile.Value != token.Value)
        {
            Adopt(fromFile, source);
            return true;
        }

        return false;
    }

    private void PollTokenFile()
    {
        var now = _time.GetUtcNow();
        if (_file.Read(now) is { } fromFile && !fromFile.IsExpired(now) && fromFile.Value != _current.Token?.Value)
        {
            Adopt(fromFile, "the token file");
        }
    }

    private void Adopt(SessionToken token, string source)
    {
        var now = _time.GetUtcNow();
        var changed = Transition(c => c.State == SessionState.Active && c.Token?.Value == token.Value
            ? null
            : Current.ActiveWith(token, now) with
            {
                RenewalCount = c.Token?.SessionId == token.SessionId ? c.RenewalCount : 0,
                LastRenewalAt = c.LastRenewalAt,
            });
        if (changed)
        {
            LogAdopted(source, token.SessionId, DescribeExpiry(token));
        }
    }

    private void Expire(string tokenValue, string reason)
    {
        var changed = Transition(c => c.State == SessionState.Active && c.Token?.Value == tokenValue
            ? c with { State = SessionState.Expired, LastError = reason, NextAttemptAt = null }
            : null);
        if (changed)
        {
            LogExpired(reason, _file.IsConfigured
                ? $"polling the token file every {RenewalPolicy.RecoveryPollInterval.TotalSeconds:0} s"
                : "set a new WAIAAS_SESSION_TOKEN and restart");
        }
    }

    /// <summary>Swaps the state record (null from <paramref name="change"/>: no change), wakes the loop, raises <see cref="BecameActive"/>.</summary>
    private bool Transition(Func<Current, Current?> change)
    {
        Current before;
        Current after;
        CancellationTokenSource wake;
        lock (_gate)
        {
            before = _current;
            if (change(before) is not { } next)
            {
                return false;
            }

            _current = after = next;
            wake = _wake;
        }

        // Outside the lock: cancellation runs the loop's continuation.
        wake.Cancel();
        StateChanged?.Invoke();
        if (before.State != SessionState.Active && after.State == SessionState.Active && Volatile.Read(ref _disposed) == 0)
        {
            RaiseBecameActive();
        }

        return true;
    }

    private void RaiseBecameActive()
    {
        try
        {
            BecameActive?.Invoke();
        }
        catch (Exception ex)
        {
            LogHandlerFault(ex);
        }
    }

    private string? ActiveTokenOtherThan(string rejectedToken)
    {
        var c = _current;
        return c.State == SessionState.Active && c.Token is { } token && token.Value != rejectedToken ? token.Value : null;
    }

    private static bool SameToken(Current c, SessionToken token) => c.State == SessionState.Active && ReferenceEquals(c.Token, token);

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

            var token = root.TryGetProperty("token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            int? count = root.TryGetProperty("renewalCount", out var n) && n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var v) ? v : null;
            return (token, count);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string DescribeExpiry(SessionToken token) =>
        token.ExpiresAt is { } expiresAt ? $"expires {expiresAt:yyyy-MM-dd HH:mm:ss}Z" : "unlimited";

    private enum RenewalMode
    {
        /// <summary>Renew at <see cref="Current.NextAttemptAt"/>.</summary>
        Renewing,

        /// <summary>Unlimited token or RENEWAL_NOT_REQUIRED: never renew.</summary>
        Stopped,

        /// <summary>Renewal refused for good: use the token until its exp, then expired.</summary>
        UntilExpiry,
    }

    /// <summary>Everything about the session, swapped as one value.</summary>
    private sealed record Current(
        SessionState State,
        SessionToken? Token,
        RenewalMode Mode,
        DateTimeOffset? NextAttemptAt,
        int TooEarlyRetries,
        int TransientFailures,
        int RenewalCount,
        string? LastError,
        DateTimeOffset? LastRenewalAt,
        bool KillSwitchNoted)
    {
        public static Current NotStarted { get; } =
            new(SessionState.Error, null, RenewalMode.Stopped, null, 0, 0, 0, "the session has not started", null, false);

        public bool Retrying => TooEarlyRetries > 0 || TransientFailures > 0;

        public static Current ActiveWith(SessionToken token, DateTimeOffset now) =>
            NotStarted with
            {
                State = SessionState.Active,
                Token = token,
                Mode = token.IsUnlimited ? RenewalMode.Stopped : RenewalMode.Renewing,
                NextAttemptAt = RenewalPolicy.RenewalPoint(token, now),
                LastError = null,
            };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} loaded from {Source} ({Expiry}).")]
    private partial void LogLoaded(string source, string sessionId, string expiry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No usable session token: {Reason}. Tools answer session_expired until one is available (run `waiaas mcp setup`); {Recovery}.")]
    private partial void LogDegraded(string reason, string recovery);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WAIAAS_SESSION_TOKEN ignored: {Reason}.")]
    private partial void LogConfiguredTokenRefused(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} renewed ({Expiry}).")]
    private partial void LogRenewed(string sessionId, string expiry);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} adopted from {Source} ({Expiry}).")]
    private partial void LogAdopted(string source, string sessionId, string expiry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session expired: {Reason}. Tools answer session_expired until a new token is available; {Recovery}.")]
    private partial void LogExpired(string reason, string recovery);

    [LoggerMessage(Level = LogLevel.Information, Message = "The daemon says this session needs no renewal (unlimited); renewal stopped.")]
    private partial void LogRenewalNotRequired();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The daemon refuses further renewals ({Code}); the token stays in use until it {Expiry}, then a new session is needed.")]
    private partial void LogCannotRenew(string code, string expiry);

    [LoggerMessage(Level = LogLevel.Information, Message = "Renewal refused as too early (clock skew?); {Next}.")]
    private partial void LogTooEarly(string next);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewal failed ({Reason}); attempt {Failures}, retrying in {Seconds} s while the token is valid.")]
    private partial void LogTransientFailure(string reason, int failures, double seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Renewal answer discarded: another token was adopted meanwhile.")]
    private partial void LogRenewalDiscarded();

    [LoggerMessage(Level = LogLevel.Error, Message = "Renewed token could not be saved to {Path} ({Error}); it is used in memory only.")]
    private partial void LogWriteFailed(string path, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Session loop fault; retrying in a minute.")]
    private partial void LogLoopFault(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A BecameActive handler failed.")]
    private partial void LogHandlerFault(Exception exception);
}
