using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Session;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.Session;

/// <summary>
/// A SessionManager wired to a fake clock, a fake daemon and a temporary data dir. Tests never sleep: they wait
/// until the session has armed the timer they expect (<see cref="ObservableClock"/>), then advance the clock past it.
/// </summary>
internal sealed class SessionHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    public const string SessionId = "01a20ccb-2d98-75b3-a03e-17eb553eca02";

    private int _becameActive;

    private readonly bool _ownsDaemon;

    private SessionHarness(FakeDaemon daemon, bool ownsDaemon, TempDirectory dir, ServerConfiguration configuration)
    {
        Daemon = daemon;
        _ownsDaemon = ownsDaemon;
        Dir = dir;
        Configuration = configuration;
        Http = new DaemonRequestSender(configuration, Time, Logs);
        Session = new SessionManager(configuration, Http, Time, Logs);
        Session.BecameActive += () => Interlocked.Increment(ref _becameActive);
    }

    public ObservableClock Time { get; } = new(Start);
    public RecordingLoggerFactory Logs { get; } = new();
    public FakeDaemon Daemon { get; }
    public TempDirectory Dir { get; }
    public ServerConfiguration Configuration { get; }
    public DaemonRequestSender Http { get; }
    public SessionManager Session { get; }
    public int BecameActiveCount => Volatile.Read(ref _becameActive);

    /// <summary>Where this harness's token file lives (wallet-specific when a wallet id is set).</summary>
    public string TokenPath => Configuration.WalletId is { } wallet
        ? Dir.Combine("mcp-tokens", wallet)
        : Dir.Combine("mcp-token");

    public static async Task<SessionHarness> CreateAsync(
        bool dataDir = true, string? walletId = null, string? configuredToken = null, Uri? baseUrl = null, FakeDaemon? sharedDaemon = null)
    {
        var daemon = sharedDaemon ?? await FakeDaemon.StartAsync();
        var dir = new TempDirectory();
        var configuration = new ServerConfiguration
        {
            BaseUrl = baseUrl ?? daemon.BaseUrl,
            DataDir = dataDir ? dir.Path : null,
            WalletId = walletId,
            SessionToken = configuredToken,
            // Unlike every wait of the session schedule, so a test waiting for one of those timers never takes this one.
            RequestTimeout = TimeSpan.FromSeconds(20),
        };
        return new SessionHarness(daemon, ownsDaemon: sharedDaemon is null, dir, configuration);
    }

    /// <summary>A token issued now by the fake clock, expiring after <paramref name="lifetime"/> (null: unlimited).</summary>
    public string NewToken(TimeSpan? lifetime, string sessionId = SessionId)
    {
        var now = Time.GetUtcNow();
        return TestTokens.Create(sessionId, now, lifetime is { } l ? now + l : null);
    }

    public void WriteTokenFile(string token)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(TokenPath)!);
        File.WriteAllText(TokenPath, token);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(TokenPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>Writes a fresh token of <paramref name="lifetime"/> to the token file, queues the daemon's answers, starts.</summary>
    public async Task<string> StartWithFileTokenAsync(TimeSpan? lifetime, params FakeResponse[] answers)
    {
        var token = NewToken(lifetime);
        WriteTokenFile(token);
        Daemon.Enqueue(answers);
        await StartAsync();
        return token;
    }

    public string? ReadTokenFile() => File.Exists(TokenPath) ? File.ReadAllText(TokenPath) : null;

    public Task StartAsync() => Session.StartAsync(CancellationToken.None);

    /// <summary>Waits until (<paramref name="count"/>) log lines containing <paramref name="text"/> was written (bounded).</summary>
    public Task WaitForLogAsync(string text, int count = 1) => Logs.WaitForAsync(text, count);

    /// <summary>No log line may carry more of a token than its first 12 characters.</summary>
    public void AssertNoTokenLogged(params string[] tokens)
    {
        foreach (var token in tokens)
        {
            var payload = token.Split('.')[1];
            Assert.DoesNotContain(Logs.Entries, e => e.Message.Contains(token[..13], StringComparison.Ordinal)
                || e.Message.Contains(payload, StringComparison.Ordinal));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        Http.Dispose();
        if (_ownsDaemon)
        {
            await Daemon.DisposeAsync();
        }

        Dir.Dispose();
    }
}
