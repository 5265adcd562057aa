using Microsoft.Extensions.Logging;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Hosting;

namespace Waiaas.Mcp.Session;

/// <summary>
/// Holds the session token and its state. This first version loads the token once (file first, then
/// WAIAAS_SESSION_TOKEN) and never renews; renewal, rotation and the recovery loop come with the session layer.
/// </summary>
internal sealed partial class SessionManager : IAsyncDisposable
{
    private const string TokenPrefix = "wai_sess_";

    private readonly ServerConfiguration _configuration;
    private readonly ILogger _logger;
    private volatile string? _token;

    public SessionManager(ServerConfiguration configuration, ILoggerFactory loggerFactory)
    {
        _configuration = configuration;
        _logger = loggerFactory.CreateLogger(LogCategories.Session);
    }

    public SessionState State => _token is null ? SessionState.Error : SessionState.Active;

    /// <summary>The current token in the active state, else null.</summary>
    public string? GetToken() => _token;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var token = ReadTokenFile() ?? _configuration.SessionToken;
        if (token is not null && token.StartsWith(TokenPrefix, StringComparison.Ordinal))
        {
            _token = token;
            LogLoaded();
        }
        else
        {
            LogDegraded();
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Called when the daemon refuses <paramref name="rejectedToken"/> with a session 401.
    /// Returns a different token to retry with once, or null when the session is gone.
    /// </summary>
    public Task<string?> RecoverFromUnauthorizedAsync(string rejectedToken, CancellationToken cancellationToken)
    {
        Interlocked.CompareExchange(ref _token, null, rejectedToken);
        return Task.FromResult<string?>(null);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private string? ReadTokenFile()
    {
        if (_configuration.DataDir is not { } dataDir)
        {
            return null;
        }

        var path = Path.Join(dataDir, "mcp-token");
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session token loaded.")]
    private partial void LogLoaded();

    [LoggerMessage(Level = LogLevel.Warning, Message = "No usable session token; tools answer session_expired until one is configured (run `waiaas mcp setup`).")]
    private partial void LogDegraded();
}
