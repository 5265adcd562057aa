using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Waiaas.Mcp.Cli;
using Waiaas.Mcp.ClientConfig;
using Waiaas.Mcp.Hosting;
using Waiaas.Mcp.Tests.Support;
using Waiaas.Mcp.Configuration;

namespace Waiaas.Mcp.Tests.Diagnostics;

/// <summary>
/// Runs `waiaas-mcp doctor` in-process against a temp data dir, a given environment and a fake clock set to the
/// moment the daemon fixtures were recorded (so the fixture's /health timestamp means "no clock skew").
/// </summary>
internal sealed class DoctorHarness : IDisposable
{
    /// <summary>The <c>timestamp</c> of GET-health.200.json.</summary>
    public static readonly DateTimeOffset FixtureTime = DateTimeOffset.FromUnixTimeSeconds(1795510959);

    private readonly TempDirectory _temp = new();

    public DoctorHarness(TimeSpan clockOffset = default)
    {
        Time = new FakeTimeProvider(FixtureTime + clockOffset);
        DataDir = _temp.Combine("waiaas");
        Directory.CreateDirectory(DataDir);
        Environment["WAIAAS_DATA_DIR"] = DataDir;
        Binary = _temp.Combine("bin", "waiaas-mcp");
        WriteExecutable(Binary);
    }

    /// <summary>The home folder of <see cref="Paths"/> (client config files are looked for under it).</summary>
    public string Home => _temp.Path;

    /// <summary>"This binary": an executable file in the temp folder.</summary>
    public string Binary { get; }

    public ClientPaths Paths => new(HostOs.Linux, _temp.Path, null, null, _temp.Path);

    /// <summary>This machine's clock: the fixture time plus the offset given (a skew against the daemon).</summary>
    public FakeTimeProvider Time { get; }

    public string DataDir { get; }

    public string TokenPath => Path.Join(DataDir, "mcp-token");

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Every token written by <see cref="WriteToken"/>, for <see cref="SecretScan"/>.</summary>
    public List<string> Tokens { get; } = [];

    /// <summary>A port nothing listens on: bound by the OS, then closed.</summary>
    public static string ClosedPortUrl()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }

    /// <summary>A fake daemon answering /health, its API document, the kill switch and connect-info like a healthy WAIaaS 2.15.0.</summary>
    public static async Task<FakeDaemon> HealthyDaemonAsync(
        string killSwitchFixture = "GET-v1-admin-kill-switch.normal.json", string? apiDocument = null)
    {
        var daemon = await FakeDaemon.StartAsync();
        daemon.Fallback = request => request.PathAndQuery switch
        {
            "/health" => FakeResponse.Fixture(200, "GET-health.200.json"),
            "/doc" => apiDocument is null ? FakeResponse.Fixture(200, "openapi.json") : new FakeResponse(200, apiDocument),
            "/v1/admin/kill-switch" => FakeResponse.Fixture(200, killSwitchFixture),
            "/v1/connect-info" => FakeResponse.Fixture(200, "GET-v1-connect-info.200.json"),
            _ => FakeResponse.Error(404, "NOT_FOUND", "Not found"),
        };
        return daemon;
    }

    public string WriteToken(TimeSpan? lifetimeLeft, string? path = null, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        var now = Time.GetUtcNow();
        var token = TestTokens.Create("01a20cd0-f250-737a-9df9-bff2f080e3b3", now.AddHours(-1), lifetimeLeft is { } left ? now + left : null);
        return WriteRaw(token, path, mode);
    }

    public string WriteRaw(string token, string? path = null, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        path ??= TokenPath;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, token);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }

        if (token.Length > 0)
        {
            Tokens.Add(token);
        }

        return token;
    }

    public static void WriteExecutable(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "#!/bin/sh\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        }
    }

    public Task<DoctorRun> RunAsync(bool json = true, params string[] options) =>
        RunCommandAsync(["doctor", .. json ? new[] { "--json" } : [], .. options]);

    /// <summary>Any waiaas-mcp command with this harness's environment, folders, clock and binary path.</summary>
    public async Task<DoctorRun> RunCommandAsync(string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var context = new CommandContext(stdout, stderr, name => Environment.GetValueOrDefault(name), Time, Paths, Binary);
        var exit = await CommandLine.RunAsync(args, context).WaitAsync(TestTimeout.Token);
        var run = new DoctorRun(exit, stdout.ToString(), stderr.ToString());
        SecretScan.AssertNoToken(Tokens, ("stdout", run.Stdout), ("stderr", run.Stderr));
        return run;
    }

    /// <summary>Output with the run's variable parts (temp folder, daemon port, version) named, for snapshots.</summary>
    public string Normalize(string output, string? daemonUrl = null)
    {
        output = output.Replace(DataDir, "<data dir>", StringComparison.Ordinal).Replace(_temp.Path, "<home>", StringComparison.Ordinal)
            .Replace(ServerVersion.Current, "<version>", StringComparison.Ordinal);
        if (daemonUrl is not null)
        {
            var url = daemonUrl.TrimEnd('/');
            output = output.Replace(url, "<daemon>", StringComparison.Ordinal).Replace(new Uri(url).Authority, "<daemon authority>", StringComparison.Ordinal);
        }

        return output;
    }

    public void Dispose() => _temp.Dispose();
}

internal sealed record DoctorRun(int Exit, string Stdout, string Stderr)
{
    /// <summary>check id → status, from the JSON report (the first check of each id).</summary>
    public IReadOnlyDictionary<string, string> Statuses
    {
        get
        {
            using var document = JsonDocument.Parse(Stdout);
            return document.RootElement.GetProperty("checks").EnumerateArray()
                .GroupBy(c => c.GetProperty("id").GetString()!)
                .ToDictionary(g => g.Key, g => g.First().GetProperty("status").GetString()!);
        }
    }

    public string Summary(string id)
    {
        using var document = JsonDocument.Parse(Stdout);
        return document.RootElement.GetProperty("checks").EnumerateArray()
            .First(c => c.GetProperty("id").GetString() == id).GetProperty("summary").GetString()!;
    }
}
