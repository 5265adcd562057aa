using System.Text.Json;
using Waiaas.Mcp.Diagnostics;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.Diagnostics;

public sealed class DoctorTests
{
    [Fact]
    public async Task Doctor_EverythingHealthy_ExitZeroAndTextSnapshot()
    {
        using var harness = new DoctorHarness();
        await using var daemon = await DoctorHarness.HealthyDaemonAsync();
        harness.Environment["WAIAAS_BASE_URL"] = daemon.BaseUrl.ToString();
        harness.WriteToken(TimeSpan.FromHours(2));

        var run = await harness.RunAsync(json: false);

        Assert.Equal(0, run.Exit);
        Snapshot.Match(harness.Normalize(run.Stdout, daemon.BaseUrl.ToString()), "doctor/healthy.txt");
        var connectInfo = daemon.Requests.Single(r => r.PathAndQuery == "/v1/connect-info");
        Assert.StartsWith("Bearer wai_sess_", connectInfo.Header("Authorization"), StringComparison.Ordinal);
        Assert.Null(daemon.Requests.Single(r => r.PathAndQuery == "/health").Header("Authorization"));
    }

    [Fact]
    public async Task Doctor_EverythingHealthyJson_SnapshotWithFacts()
    {
        using var harness = new DoctorHarness();
        await using var daemon = await DoctorHarness.HealthyDaemonAsync();
        harness.Environment["WAIAAS_BASE_URL"] = daemon.BaseUrl.ToString();
        harness.WriteToken(lifetimeLeft: null);

        var run = await harness.RunAsync();

        Assert.Equal(0, run.Exit);
        Snapshot.MatchJson(harness.Normalize(run.Stdout, daemon.BaseUrl.ToString()), "doctor/healthy-unlimited");
    }

    [Fact]
    public async Task Doctor_ConfirmSpend_SaysSpendingAsksTheUserAndThatTheClientMustSupportIt()
    {
        using var harness = new DoctorHarness();
        await using var daemon = await DoctorHarness.HealthyDaemonAsync();
        harness.Environment["WAIAAS_BASE_URL"] = daemon.BaseUrl.ToString();
        harness.Environment["WAIAAS_MCP_CONFIRM"] = "spend";
        harness.WriteToken(TimeSpan.FromHours(2));

        var run = await harness.RunAsync();

        Assert.Equal(0, run.Exit);
        using var report = JsonDocument.Parse(run.Stdout);
        var configuration = report.RootElement.GetProperty("checks")[0];
        Assert.Equal("spend", configuration.GetProperty("facts").GetProperty("confirm").GetString());
        Assert.Contains("WAIAAS_MCP_CONFIRM=spend: calls that move funds ask the user first (the MCP client must support elicitation)",
            configuration.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_DaemonUnreachable_FailsAndSkipsDaemonChecks()
    {
        using var harness = new DoctorHarness();
        var url = DoctorHarness.ClosedPortUrl();
        harness.Environment["WAIAAS_BASE_URL"] = url;
        harness.WriteToken(TimeSpan.FromHours(2));

        var run = await harness.RunAsync(json: false);

        Assert.Equal(DoctorReport.NotReadyExitCode, run.Exit);
        Snapshot.Match(harness.Normalize(run.Stdout, url), "doctor/daemon-unreachable.txt");
        var json = await harness.RunAsync();
        Assert.Equal("fail", json.Statuses["daemon"]);
        Assert.Equal("skip", json.Statuses["kill_switch"]);
        Assert.Equal("skip", json.Statuses["session"]);
    }

    [Fact]
    public async Task Doctor_DaemonHangs_FailsAfterItsOwnTimeout()
    {
        using var harness = new DoctorHarness();
        using var hanging = new HangingDaemon();
        harness.Environment["WAIAAS_BASE_URL"] = hanging.BaseUrl;
        harness.WriteToken(TimeSpan.FromHours(2));

        var run = harness.RunAsync();
        await hanging.FirstConnection.WaitAsync(TestTimeout.Token);
        harness.Time.Advance(Doctor.MaxRequestTimeout);
        var result = await run;

        Assert.Equal(DoctorReport.NotReadyExitCode, result.Exit);
        Assert.Equal("fail", result.Statuses["daemon"]);
        Assert.Contains("no answer within 5 s", result.Summary("daemon"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_KillSwitchEngaged_FailsWithOwnerFix()
    {
        using var harness = new DoctorHarness();
        await using var daemon = await DoctorHarness.HealthyDaemonAsync("GET-v1-admin-kill-switch.suspended.json");
        var fallback = daemon.Fallback;
        daemon.Fallback = r => r.PathAndQuery == "/v1/connect-info" ? FakeResponse.Fixture(503, "any-call.kill-switch-active.json") : fallback(r);
        harness.Environment["WAIAAS_BASE_URL"] = daemon.BaseUrl.ToString();
        harness.WriteToken(TimeSpan.FromHours(2));

        var run = await harness.RunAsync(json: false);

        Assert.Equal(DoctorReport.NotReadyExitCode, run.Exit);
        Snapshot.Match(harness.Normalize(run.Stdout, daemon.BaseUrl.ToString()), "doctor/kill-switch.txt");
    }

    [Fact]
    public async Task Doctor_TokenRefusedByDaemon_FailsWithNewSessionFix()
    {
        using var harness = new DoctorHarness();
        await using var daemon = await DoctorHarness.HealthyDaemonAsync();
        var fallback = daemon.Fallback;
        daemon.Fallback = r => r.PathAndQuery == "/v1/connect-info" ? FakeResponse.Fixture(401, "any-session-call.invalid-token.json") : fallback(r);
        harness.Environment["WAIAAS_BASE_URL"] = daemon.BaseUrl.ToString();
        harness.WriteToken(TimeSpan.FromHours(2));

        var run = await harness.RunAsync();

        Assert.Equal(DoctorReport.NotReadyExitCode, run.Exit);
        Assert.Equal("fail", run.Statuses["session"]);
        Assert.Contains("INVALID_TOKEN", run.Summary("session"), StringComparison.Ordinal);
        Assert.Contains("waiaas mcp setup", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_ExpiredToken_FailsAndDoesNotPresentIt()
    {
        using var harness = new DoctorHarness();
        await using var daemon = await DoctorHarness.HealthyDaemonAsync();
        harness.Environment["WAIAAS_BASE_URL"] = daemon.BaseUrl.ToString();
        harness.WriteToken(TimeSpan.FromMinutes(-5));

        var run = await harness.RunAsync();

        Assert.Equal(DoctorReport.NotReadyExitCode, run.Exit);
        Assert.Equal("fail", run.Statuses["token"]);
        Assert.Contains("expired", run.Summary("token"), StringComparison.Ordinal);
        Assert.Equal("skip", run.Statuses["session"]);
        Assert.DoesNotContain(daemon.Requests, r => r.PathAndQuery == "/v1/connect-info");
    }

    [Theory]
    [InlineData("not a token at all")]
    [InlineData("wai_sess_only.two")]
    [InlineData("")]
    public async Task Doctor_MalformedTokenFile_FailsNamingTheReason(string content)
    {
        using var harness = new DoctorHarness();
        harness.Environment["WAIAAS_BASE_URL"] = DoctorHarness.ClosedPortUrl();
        harness.WriteRaw(content);

        var run = await harness.RunAsync();

        Assert.Equal("fail", run.Statuses["token_file"]);
        Assert.Contains("ignoring", run.Summary("token_file"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_TokenFileIsSymlink_FailsWithReplaceFix()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var harness = new DoctorHarness();
        harness.Environment["WAIAAS_BASE_URL"] = DoctorHarness.ClosedPortUrl();
        var real = Path.Join(harness.DataDir, "elsewhere");
        harness.WriteToken(TimeSpan.FromHours(2), real);
        File.CreateSymbolicLink(harness.TokenPath, real);

        var run = await harness.RunAsync();

        Assert.Equal("fail", run.Statuses["token_file"]);
        Assert.Contains("symbolic link", run.Summary("token_file"), StringComparison.Ordinal);
        Assert.Contains("readlink", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_TokenFileReadableByOthers_WarnsButReady()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var harness = new DoctorHarness();
        await using var daemon = await DoctorHarness.HealthyDaemonAsync();
        harness.Environment["WAIAAS_BASE_URL"] = daemon.BaseUrl.ToString();
        harness.WriteToken(TimeSpan.FromHours(2), mode: UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var run = await harness.RunAsync();

        Assert.Equal(0, run.Exit);
        Assert.Equal("warn", run.Statuses["token_file"]);
        Assert.Contains("chmod 600", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_WalletFileMissing_FallsBackToGeneralFileAndSaysSo()
    {
        using var harness = new DoctorHarness();
        await using var daemon = await DoctorHarness.HealthyDaemonAsync();
        harness.Environment["WAIAAS_BASE_URL"] = daemon.BaseUrl.ToString();
        harness.Environment["WAIAAS_WALLET_ID"] = "01a20cca-7af3-7883-800f-3c1b3d8dcc78";
        harness.WriteToken(TimeSpan.FromHours(2));

        var run = await harness.RunAsync();

        Assert.Equal(0, run.Exit);
        Assert.Contains("mcp-tokens", run.Summary("token_file"), StringComparison.Ordinal);
        Assert.Contains("not found", run.Summary("token_file"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_WalletIdNotInSession_Fails()
    {
        using var harness = new DoctorHarness();
        await using var daemon = await DoctorHarness.HealthyDaemonAsync();
        harness.Environment["WAIAAS_BASE_URL"] = daemon.BaseUrl.ToString();
        harness.Environment["WAIAAS_WALLET_ID"] = "some-other-wallet";
        harness.WriteToken(TimeSpan.FromHours(2));

        var run = await harness.RunAsync();

        Assert.Equal(DoctorReport.NotReadyExitCode, run.Exit);
        Assert.Equal("fail", run.Statuses["session"]);
        Assert.Contains("01a20cca-7af3-7883-800f-3c1b3d8dcc78", run.Summary("session"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(120, "ahead of")]
    [InlineData(-600, "behind")]
    public async Task Doctor_ClockSkew_WarnsButReady(int skewSeconds, string direction)
    {
        using var harness = new DoctorHarness(TimeSpan.FromSeconds(skewSeconds));
        await using var daemon = await DoctorHarness.HealthyDaemonAsync();
        harness.Environment["WAIAAS_BASE_URL"] = daemon.BaseUrl.ToString();
        harness.WriteToken(TimeSpan.FromHours(2));

        var run = await harness.RunAsync();

        Assert.Equal(0, run.Exit);
        Assert.Equal("warn", run.Statuses["clock"]);
        Assert.Contains(direction, run.Summary("clock"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_NoDataDirButEnvironmentToken_WarnsAndUsesIt()
    {
        using var harness = new DoctorHarness();
        await using var daemon = await DoctorHarness.HealthyDaemonAsync();
        harness.Environment.Remove("WAIAAS_DATA_DIR");
        harness.Environment["WAIAAS_BASE_URL"] = daemon.BaseUrl.ToString();
        var now = harness.Time.GetUtcNow();
        var token = TestTokens.Create("session-from-env", now, now.AddHours(1));
        harness.Tokens.Add(token);
        harness.Environment["WAIAAS_SESSION_TOKEN"] = token;

        var run = await harness.RunAsync();

        Assert.Equal(0, run.Exit);
        Assert.Equal("warn", run.Statuses["data_dir"]);
        Assert.Equal("pass", run.Statuses["session"]);
        Assert.Contains("WAIAAS_SESSION_TOKEN", run.Summary("token"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_NoDataDirNoToken_Fails()
    {
        using var harness = new DoctorHarness();
        harness.Environment.Remove("WAIAAS_DATA_DIR");
        harness.Environment["WAIAAS_BASE_URL"] = DoctorHarness.ClosedPortUrl();

        var run = await harness.RunAsync();

        Assert.Equal("fail", run.Statuses["data_dir"]);
        Assert.Equal("skip", run.Statuses["token"]);
    }

    [Fact]
    public async Task Doctor_DataDirMissing_FailsNamingIt()
    {
        using var harness = new DoctorHarness();
        harness.Environment["WAIAAS_DATA_DIR"] = Path.Join(harness.DataDir, "nope");
        harness.Environment["WAIAAS_BASE_URL"] = DoctorHarness.ClosedPortUrl();

        var run = await harness.RunAsync();

        Assert.Equal("fail", run.Statuses["data_dir"]);
        Assert.Contains("does not exist", run.Summary("data_dir"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_InvalidConfiguration_FailsAndSkipsWhatDependsOnIt()
    {
        using var harness = new DoctorHarness();
        harness.Environment["WAIAAS_BASE_URL"] = "ftp://daemon";
        harness.Environment["WAIAAS_DATA_DIR"] = "relative/dir";

        var run = await harness.RunAsync(json: false);

        Assert.Equal(DoctorReport.NotReadyExitCode, run.Exit);
        Snapshot.Match(harness.Normalize(run.Stdout), "doctor/invalid-configuration.txt");
    }

    [Fact]
    public async Task Doctor_UnknownOption_UsageError()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await Waiaas.Mcp.Cli.CommandLine.RunAsync(["doctor", "--verbose"], Waiaas.Mcp.Cli.CommandContext.FromSystem(stdout, stderr));

        Assert.Equal(Waiaas.Mcp.Cli.CommandLine.UsageError, exit);
        Assert.Contains("--verbose", stderr.ToString(), StringComparison.Ordinal);
    }
}
