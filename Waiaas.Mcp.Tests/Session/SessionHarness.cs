using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Session;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.Session;

/// <summary>
/// A SessionManager wired to a fake clock, a fake daemon and a temporary data dir. Tests never sleep:
/// they await the manager's next wait (reported once its timer exists), then advance the clock past it.
/// </summary>
internal sealed class SessionHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    public const string SessionId = "01a20ccb-2d98-75b3-a03e-17eb553eca02";

    private readonly Channel<(SessionWait Kind, TimeSpan Length)> _loopWaits = Channel.CreateUnbounded<(SessionWait, TimeSpan)>();
    private readonly Channel<(SessionWait Kind, TimeSpan Length)> _callWaits = Channel.CreateUnbounded<(SessionWait, TimeSpan)>();
    private int _becameActive;

    private SessionHarness(FakeDaemon daemon, TempDirectory dir, ServerConfiguration configuration)
    {
        Daemon = daemon;
        Dir = dir;
        Configuration = configuration;
        Http = new DaemonHttp(configuration, Time, Logs);
        Session = new SessionManager(configuration, Http, Time, Logs);
        Session.WaitStarted = (kind, length) =>
            (kind is SessionWait.TokenSwap or SessionWait.RenewalInFlight ? _callWaits : _loopWaits).Writer.TryWrite((kind, length));
        Session.BecameActive += () => Interlocked.Increment(ref _becameActive);
    }

    public FakeTimeProvider Time { get; } = new(Start);
    public RecordingLoggerFactory Logs { get; } = new();
    public FakeDaemon Daemon { get; }
    public TempDirectory Dir { get; }
    public ServerConfiguration Configuration { get; }
    public DaemonHttp Http { get; }
    public SessionManager Session { get; }
    public int BecameActiveCount => Volatile.Read(ref _becameActive);

    /// <summary>Where this harness's token file lives (wallet-specific when a wallet id is set).</summary>
    public string TokenPath => Configuration.WalletId is { } wallet
        ? Dir.Combine("mcp-tokens", wallet)
        : Dir.Combine("mcp-token");

    public static async Task<SessionHarness> CreateAsync(
        bool dataDir = true, string? walletId = null, string? configuredToken = null, Uri? baseUrl = null)
    {
        var daemon = await FakeDaemon.StartAsync();
        var dir = new TempDirectory();
        var configuration = new ServerConfiguration
        {
            BaseUrl = baseUrl ?? daemon.BaseUrl,
            DataDir = dataDir ? dir.Path : null,
            WalletId = walletId,
            SessionToken = configuredToken,
            RequestTimeout = TimeSpan.FromSeconds(30),
        };
        return new SessionHarness(daemon, dir, configuration);
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

    /// <summary>The next wait of the background loop.</summary>
    public async Task<(SessionWait Kind, TimeSpan Length)> NextLoopWaitAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _loopWaits.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>The next wait inside a 401 recovery call.</summary>
    public async Task<(SessionWait Kind, TimeSpan Length)> NextCallWaitAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _callWaits.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Asserts the loop's next wait and advances the clock to its end.</summary>
    public async Task ElapseLoopWaitAsync(SessionWait kind, TimeSpan length)
    {
        var wait = await NextLoopWaitAsync();
        Assert.Equal((kind, length), wait);
        Time.Advance(length);
    }

    /// <summary>True when the loop reported a wait not yet taken.</summary>
    public bool HasPendingLoopWait => _loopWaits.Reader.TryPeek(out _);

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
        await Daemon.DisposeAsync();
        Dir.Dispose();
    }
}
