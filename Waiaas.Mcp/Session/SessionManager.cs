using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Daemon;

namespace Waiaas.Mcp.Session;

/// <summary>
/// Owns the session token: loads it, renews it before it expires, follows rotations by other writers and waits
/// for a new token when the session is gone.
/// Concurrency: one loop owns the state. Everything else (the timer, the renewal request, request threads whose
/// token was refused or who found none) posts an event to it and, when it needs an answer, awaits one. The loop
/// applies <see cref="SessionTransitions"/> and carries out the effects: the token file is written before the new
/// state is published, and nothing else can adopt a token in between. Readers see one immutable
/// <see cref="SessionModel"/>, so <see cref="GetToken"/> keeps answering the old token while a renewal is in flight.
/// </summary>
internal sealed partial class SessionManager : IAsyncDisposable
{
    private static readonly ReadOnlyMemory<byte> EmptyJsonObject = "{}"u8.ToArray();

    private readonly ServerConfiguration _configuration;
    private readonly DaemonRequestSender _http;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TokenFile _file;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<SessionEvent> _inbox = Channel.CreateUnbounded<SessionEvent>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<long, TaskCompletionSource<string?>> _waiting = new();
    private readonly ITimer _timer;

    private volatile SessionModel _model;
    private long _nextId;
    private Task? _loop;

    // Set by the loop only; awaited by DisposeAsync after the loop has stopped.
    private Task _renewal = Task.CompletedTask;
    private readonly TaskCompletionSource _startEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;
    private int _disposed;

    public SessionManager(
        ServerConfiguration configuration, DaemonRequestSender http, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _configuration = configuration;
        _http = http;
        _time = time;
        _logger = loggerFactory.CreateLogger(LogCategories.Session);
        _file = new TokenFile(configuration.DataDir, configuration.WalletId, _logger);
        _model = SessionModel.NotStarted(_file.IsConfigured);
        _timer = time.CreateTimer(
            _ => Post(SessionEvent.Tick.Instance), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// Raised (on the session loop) each time the state becomes active: at start with a usable token and whenever a
    /// new token is adopted after expired/error. Handlers must be quick and must not throw.
    /// </summary>
    public event Action? BecameActive;

    public SessionState State => _model.State;

    /// <summary>
    /// The current token in the active state, else null. During a renewal: the old token until the new one is stored.
    /// </summary>
    public string? GetToken() => _model.UsableToken;

    public SessionReport GetReport() => _model.ToReport();

    /// <summary>
    /// Completes once <see cref="StartAsync"/> has ended, however it ended (or the session was disposed first): a call
    /// waits for it, so that none is served before the token has been read.
    /// </summary>
    public Task Started => _startEnded.Task;

    /// <summary>
    /// Loads the token (file first, then WAIAAS_SESSION_TOKEN) on the session loop and waits for it, at most
    /// <see cref="RenewalPolicy.LoopAnswerWait"/>. Never fails for a missing or bad token.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            return;
        }

        try
        {
            if (Volatile.Read(ref _disposed) == 1)
            {
                return;
            }

            _loop = Task.Run(RunLoopAsync, CancellationToken.None);
            if (await AskAsync(
                id => new SessionEvent.Start(id, _configuration.SessionToken),
                RenewalPolicy.LoopAnswerWait,
                cancellationToken)
                    .ConfigureAwait(false) is { TimedOut: true })
            {
                LogStartSlow(RenewalPolicy.LoopAnswerWait.TotalSeconds);
            }
        }
        finally
        {
            _startEnded.TrySetResult();
        }
    }

    /// <summary>
    /// As <see cref="GetToken"/>, but without a usable token first has the token file read (a local read, no
    /// request): a token written by `waiaas mcp setup` serves the very next call instead of waiting for the
    /// recovery poll.
    /// </summary>
    public ValueTask<string?> GetTokenOrReadFileAsync(CancellationToken cancellationToken)
    {
        if (GetToken() is { } token)
        {
            return ValueTask.FromResult<string?>(token);
        }

        if (!_file.IsConfigured || Volatile.Read(ref _started) == 0 || Volatile.Read(ref _disposed) == 1)
        {
            return ValueTask.FromResult<string?>(null);
        }

        return LookUpAsync(cancellationToken);

        async ValueTask<string?> LookUpAsync(CancellationToken cancellationToken) =>
            (await AskAsync(
                id => new SessionEvent.FileMayHaveChanged(id),
                RenewalPolicy.LoopAnswerWait,
                cancellationToken).ConfigureAwait(false))
                is { TimedOut: false, Token: { } found } ? found : GetToken();
    }

    /// <summary>
    /// The token-rotation steps after the daemon refused <paramref name="rejectedToken"/> with a session 401: the
    /// loop waits for a renewal in flight or a moment for a swap, then reads the file, else the session expires.
    /// Returns a token different from the refused one to retry with once, or null when there is none.
    /// </summary>
    public async Task<string?> RecoverFromUnauthorizedAsync(string rejectedToken, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _started) == 0 || Volatile.Read(ref _disposed) == 1)
        {
            return null;
        }

        // A renewal in flight ends within the request timeout; the margin covers the loop's own work.
        var bound = _configuration.RequestTimeout + TimeSpan.FromSeconds(5);
        var answer = await AskAsync(
            id => new SessionEvent.TokenRefused(id, rejectedToken), bound, cancellationToken).ConfigureAwait(false);
        if (answer.TimedOut)
        {
            // Decide with what we have.
            return GetToken() is { } current && current != rejectedToken ? current : null;
        }

        return answer.Token;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Nothing waits for a start that will never come.
        _startEnded.TrySetResult();

        // The loop stops before its next event; a token file write in progress is synchronous and finishes first.
        await _stop.CancelAsync().ConfigureAwait(false);
        _inbox.Writer.TryComplete();
        if (_loop is { } loop)
        {
            await loop.ConfigureAwait(false);
        }

        await _renewal.ConfigureAwait(false);
        await _timer.DisposeAsync().ConfigureAwait(false);
        foreach (var waiting in _waiting.Values)
        {
            waiting.TrySetResult(null);
        }
    }

    /// <summary>
    /// Posts the event <paramref name="create"/> makes with a fresh id and waits (bounded) for its answer.
    /// </summary>
    private async Task<LoopAnswer> AskAsync(
        Func<long, SessionEvent> create, TimeSpan bound, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[id] = answer;
        try
        {
            if (Volatile.Read(ref _disposed) == 1 || !_inbox.Writer.TryWrite(create(id)))
            {
                return new LoopAnswer(null, TimedOut: false);
            }

            return new LoopAnswer(
                await answer.Task.WaitAsync(bound, _time, cancellationToken).ConfigureAwait(false), TimedOut: false);
        }
        catch (TimeoutException)
        {
            return new LoopAnswer(null, TimedOut: true);
        }
        finally
        {
            _waiting.TryRemove(id, out _);
        }
    }

    private void Post(SessionEvent e) => _inbox.Writer.TryWrite(e);

    private async Task RunLoopAsync()
    {
        try
        {
            while (await _inbox.Reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                while (!_stop.IsCancellationRequested && _inbox.Reader.TryRead(out var e))
                {
                    Handle(e);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    /// <summary>
    /// Applies <paramref name="first"/> and the file reads it leads to, carries out the effects, sets the timer, and
    /// only then answers the callers: a caller resumes once the loop's turn is over.
    /// </summary>
    private void Handle(SessionEvent first)
    {
        var pending = new Queue<SessionEvent>();
        var answers = new List<SessionEffect.Answer>();
        pending.Enqueue(first);
        while (pending.TryDequeue(out var e) && !_stop.IsCancellationRequested)
        {
            try
            {
                var step = SessionTransitions.Apply(_model, e, _time.GetUtcNow());
                foreach (var effect in step.Effects)
                {
                    if (effect is SessionEffect.WriteTokenFile write)
                    {
                        WriteTokenFile(write.Token);
                    }
                }

                _model = step.State;
                foreach (var effect in step.Effects)
                {
                    if (effect is SessionEffect.Answer answer)
                    {
                        answers.Add(answer);
                    }
                    else
                    {
                        CarryOut(effect, pending);
                    }
                }
            }
            catch (Exception ex)
            {
                // Never let the loop die: that would freeze the session silently.
                LogLoopFault(ex);
            }
        }

        SetTimer();
        foreach (var answer in answers)
        {
            if (_waiting.TryGetValue(answer.Id, out var waiting))
            {
                waiting.TrySetResult(answer.Token);
            }
        }
    }

    private void CarryOut(SessionEffect effect, Queue<SessionEvent> pending)
    {
        switch (effect)
        {
            case SessionEffect.WriteTokenFile:
                // Done before the state was published.
                break;
            case SessionEffect.ReadTokenFile read:
                pending.Enqueue(new SessionEvent.TokenFileRead(read.Purpose, _file.Read(_time.GetUtcNow())));
                break;
            case SessionEffect.RemoveStaleTempFiles:
                _file.RemoveStaleTempFiles();
                break;
            case SessionEffect.Renew renew:
                _renewal = RenewAsync(renew.Token);
                break;
            case SessionEffect.BecameActive:
                RaiseBecameActive();
                break;
            case SessionEffect.Log log:
                Write(log.Line);
                break;
        }
    }

    private void SetTimer()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        var wake = SessionTransitions.NextWake(_model);
        if (wake is not { } due)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var delay = due - _time.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            // Due while the loop was busy.
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            Post(SessionEvent.Tick.Instance);
            return;
        }

        // Timers cannot wait longer than ~49.7 days: a longer wait is several ticks.
        _timer.Change(
            delay < RenewalPolicy.MaxTimerChunk ? delay : RenewalPolicy.MaxTimerChunk, Timeout.InfiniteTimeSpan);
    }

    private void WriteTokenFile(SessionToken token)
    {
        try
        {
            _file.Write(token.Value);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException
            or InvalidOperationException)
        {
            LogWriteFailed(_file.WritePath!, ex.Message);
        }
    }

    private async Task RenewAsync(SessionToken token)
    {
        var request = new DaemonRequest(
            HttpMethod.Put, $"/v1/sessions/{UrlBuilder.EncodePathSegment(token.SessionId)}/renew", EmptyJsonObject)
        {
            AnswerCarriesToken = true,
        };
        DaemonResult result;
        try
        {
            result = await _http.SendAsync(request, token.Value, _stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            result = new DaemonResult.DaemonUnavailable(ex.Message);
        }

        Post(new SessionEvent.RenewalAnswered(token, result));
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

    private void Write(SessionLogLine line)
    {
        switch (line)
        {
            case SessionLogLine.Loaded l:
                LogLoaded(l.Source, l.SessionId, l.Expiry);
                break;
            case SessionLogLine.Degraded l:
                LogDegraded(l.Reason, l.Recovery);
                break;
            case SessionLogLine.ConfiguredTokenRefused l:
                LogConfiguredTokenRefused(l.Reason);
                break;
            case SessionLogLine.Renewed l:
                LogRenewed(l.SessionId, l.Expiry);
                break;
            case SessionLogLine.Adopted l:
                LogAdopted(l.Source, l.SessionId, l.Expiry);
                break;
            case SessionLogLine.Expired l:
                LogExpired(l.Reason, l.Recovery);
                break;
            case SessionLogLine.RenewalNotRequired:
                LogRenewalNotRequired();
                break;
            case SessionLogLine.CannotRenew l:
                LogCannotRenew(l.Code, l.Expiry);
                break;
            case SessionLogLine.NotExtended l:
                LogNotExtended(l.Expiry);
                break;
            case SessionLogLine.OtherSession l:
                LogOtherSession(l.Expiry);
                break;
            case SessionLogLine.TooEarly l:
                LogTooEarly(l.Next);
                break;
            case SessionLogLine.TransientFailure l:
                LogTransientFailure(l.Reason, l.Failures, l.Seconds);
                break;
            case SessionLogLine.RenewalDiscarded:
                LogRenewalDiscarded();
                break;
        }
    }

    private readonly record struct LoopAnswer(string? Token, bool TimedOut);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} loaded from {Source} ({Expiry}).")]
    private partial void LogLoaded(string source, string sessionId, string expiry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No usable session token: {Reason}. Tools "
        + "answer session_expired until one is available (run `waiaas mcp setup`); {Recovery}.")]
    private partial void LogDegraded(string reason, string recovery);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WAIAAS_SESSION_TOKEN ignored: {Reason}.")]
    private partial void LogConfiguredTokenRefused(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loading the session token takes longer than {Seconds} s; "
        + "tools answer session_expired until it is loaded.")]
    private partial void LogStartSlow(double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} renewed ({Expiry}).")]
    private partial void LogRenewed(string sessionId, string expiry);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} adopted from {Source} ({Expiry}).")]
    private partial void LogAdopted(string source, string sessionId, string expiry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session expired: {Reason}. Tools answer session_expired "
        + "until a new token is available; {Recovery}.")]
    private partial void LogExpired(string reason, string recovery);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "The daemon says this session needs no renewal (unlimited); renewal stopped.")]
    private partial void LogRenewalNotRequired();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The daemon refuses further renewals ({Code}); the token "
        + "stays in use until it {Expiry}, then a new session is needed.")]
    private partial void LogCannotRenew(string code, string expiry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The renewal answer does not extend the session (its exp "
        + "did not move); the token stays in use until it {Expiry}, then a new session is needed.")]
    private partial void LogNotExtended(string expiry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The renewal answer holds a token of another session, which is "
        + "not used; this session's token stays in use until it {Expiry}, then a new session is needed.")]
    private partial void LogOtherSession(string expiry);

    [LoggerMessage(Level = LogLevel.Information, Message = "Renewal refused as too early (clock skew?); {Next}.")]
    private partial void LogTooEarly(string next);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Renewal failed ({Reason}); attempt {Failures}, retrying in {Seconds} s while the token is valid.")]
    private partial void LogTransientFailure(string reason, int failures, double seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Renewal answer discarded: another token was adopted meanwhile.")]
    private partial void LogRenewalDiscarded();

    [LoggerMessage(
        Level = LogLevel.Error,
        Message = "Renewed token could not be saved to {Path} ({Error}); it is used in memory only.")]
    private partial void LogWriteFailed(string path, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Session loop fault; the session goes on with its last state.")]
    private partial void LogLoopFault(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A BecameActive handler failed.")]
    private partial void LogHandlerFault(Exception exception);
}
