using System.Globalization;
using System.Text;
using Waiaas.Mcp.Tests.Support;
using Xunit.Abstractions;

namespace Waiaas.Mcp.Tests.EndToEnd;

/// <summary>
/// SIGKILL at random instants while the published binary renews its token: whatever the instant (starting, waiting
/// for the daemon, writing the temp file, renaming), the token file is a whole token the daemon issued, never torn or
/// empty, and the next start resumes with it and removes the killed writer's temp file.
/// </summary>
[Collection(PublishedBinaryCollection.Name)]
[Trait("Category", "Binary")]
public sealed class KillDuringRenewalTests(ITestOutputHelper log)
{
    // 4 lanes × 250 kills = 1,000 kills; lanes run side by side, each with its own data dir.
    private const int Lanes = 4;
    private const int KillsPerLane = 250;

    // Spawn to the renewal takes ~10-30 ms: kills spread over start-up, the renewal request and its file write.
    private const int MaxKillDelayMilliseconds = 60;

    // Every so often a started server must answer a tool call with the token it found before it is killed.
    private const int ResumeCheckEvery = 50;

    /// <summary>Set to a failed run's seed to replay its kill instants.</summary>
    private const string SeedVariable = "WAIAAS_TEST_KILL_SEED";

    [Fact]
    public async Task Binary_KilledAtRandomInstantsWhileRenewing_TokenFileAlwaysWholeAndEveryRestartResumes()
    {
        var seed = Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } given
            ? int.Parse(given, CultureInfo.InvariantCulture)
            : Random.Shared.Next();

        // Every token claims to be issued 2 h ago and is valid for 1 h more: past its renewal point, so each start renews
        // at once (the renewed token is next due 36 min later). Renewed-away tokens stay valid (see DaemonSessions).
        var sessions = new DaemonSessions { IssuedAgo = TimeSpan.FromHours(2) };
        await using var daemon = await ChaosDaemon.StartAsync(sessions);
        string[] outputs;
        try
        {
            outputs = await Task.WhenAll(Enumerable.Range(0, Lanes).Select(lane => Task.Run(() => RunLaneAsync(daemon, sessions, lane, new Random(seed + lane)))));
        }
        catch (Exception ex) when (ex is Xunit.Sdk.XunitException or OperationCanceledException or InvalidOperationException)
        {
            throw new Xunit.Sdk.XunitException($"Kill harness failed with seed {seed} (replay with {SeedVariable}={seed}): {ex.Message}");
        }

        log.WriteLine($"seed {seed}: {sessions.Issued.Count} tokens issued by renewals across {Lanes * KillsPerLane} kills");

        // Every token starts with the same 13 characters, so the prefix check inside the scan covers all of them; the
        // full window scan runs on a sample (thousands of tokens against megabytes of logs would take minutes).
        var issued = sessions.Issued.Order(StringComparer.Ordinal).ToList();
        var step = Math.Max(1, issued.Count / 16);
        var sample = issued.Where((_, i) => i % step == 0);
        SecretScan.AssertNoToken(sample, outputs.Select((text, lane) => ($"lane {lane} stdout+stderr", text)).ToArray());
    }

    [Fact]
    public async Task Binary_KilledAfterTheDaemonRenewedBeforeTheFileWasWritten_RestartKeepsWorkingWithTheStoredToken()
    {
        // The real daemon's rule: the stored token was superseded by a renewal this file never received, so renewing
        // it again is refused (403 SESSION_RENEWAL_MISMATCH); calls with it still work until its own exp.
        var sessions = new DaemonSessions { IssuedAgo = TimeSpan.FromHours(2), RefusesSupersededRenewals = true };
        await using var daemon = await ChaosDaemon.StartAsync(sessions);
        using var dir = new TempDirectory();
        var stored = sessions.Issue("s-1");
        var tokenFile = TokenFileOnDisk.Write(dir.Path, stored);
        sessions.Issue("s-1");

        using var server = ServerProcess.Start(new Dictionary<string, string>
        {
            ["WAIAAS_BASE_URL"] = daemon.BaseUrl.ToString(),
            ["WAIAAS_DATA_DIR"] = dir.Path,
        });
        await server.InitializeAsync();
        await server.WaitForStderrAsync("SESSION_RENEWAL_MISMATCH", TimeSpan.FromSeconds(10));

        AssertWorks(await server.RequestAsync(1, "tools/call", ToolReply.GetBalanceCall, TimeSpan.FromSeconds(10)), "the first call");
        server.CloseStdin();
        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(3)));
        Assert.Equal(stored, File.ReadAllText(tokenFile));
        SecretScan.AssertNoToken(sessions.Issued, SecretScan.Bytes("stdout", server.StdoutBytes()), ("stderr", server.Stderr));
    }

    /// <summary>Kills a server <see cref="KillsPerLane"/> times in one data dir; returns everything the servers printed.</summary>
    private async Task<string> RunLaneAsync(ChaosDaemon daemon, DaemonSessions sessions, int lane, Random random)
    {
        using var dir = new TempDirectory();
        var tokenFile = TokenFileOnDisk.Write(dir.Path, sessions.Issue($"lane-{lane}"));
        var environment = new Dictionary<string, string>
        {
            ["WAIAAS_BASE_URL"] = daemon.BaseUrl.ToString(),
            ["WAIAAS_DATA_DIR"] = dir.Path,
        };
        var killed = new HashSet<int>();
        var strayTempFiles = 0;
        var output = new StringBuilder();
        for (var kill = 1; kill <= KillsPerLane; kill++)
        {
            using var server = ServerProcess.Start(environment);
            if (kill % ResumeCheckEvery == 0)
            {
                await server.InitializeAsync();
                AssertWorks(await server.RequestAsync(1, "tools/call", ToolReply.GetBalanceCall, TimeSpan.FromSeconds(10)), $"lane {lane}, start {kill}");
            }

            // Not a synchronisation: the random instant is the point of the test.
            await Task.Delay(random.Next(MaxKillDelayMilliseconds));
            server.Kill();
            Assert.NotNull(await server.WaitForExitAsync(TimeSpan.FromSeconds(5)));
            killed.Add(server.Id);
            output.Append(Encoding.UTF8.GetString(server.StdoutBytes())).Append(server.Stderr);

            var content = File.ReadAllText(tokenFile);
            Assert.True(
                sessions.WasIssued(content),
                $"lane {lane}, kill {kill}: the token file holds {content.Length} characters that are not a whole issued token");

            // A killed writer may leave its temp file; the next start removes it. No other temp file may be there.
            foreach (var temp in TokenFileOnDisk.TempFiles(dir.Path))
            {
                strayTempFiles++;
                Assert.True(killed.Contains(TokenFileOnDisk.WriterOf(temp)), $"lane {lane}, kill {kill}: unexpected {Path.GetFileName(temp)}");
            }
        }

        // A last, clean start resumes, cleans up and exits normally.
        using (var last = ServerProcess.Start(environment))
        {
            await last.InitializeAsync();
            AssertWorks(await last.RequestAsync(1, "tools/call", ToolReply.GetBalanceCall, TimeSpan.FromSeconds(10)), $"lane {lane}, last start");
            last.CloseStdin();
            Assert.Equal(0, await last.WaitForExitAsync(TimeSpan.FromSeconds(3)));
            JsonRpcLines.Parse(last.StdoutBytes());
            output.Append(Encoding.UTF8.GetString(last.StdoutBytes())).Append(last.Stderr);
        }

        Assert.True(sessions.WasIssued(File.ReadAllText(tokenFile)));
        log.WriteLine($"lane {lane}: {KillsPerLane} kills, {strayTempFiles} temp files seen after a kill (kills between create and rename)");
        Assert.Equal([Path.GetFileName(tokenFile)], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
        return output.ToString();
    }

    private static void AssertWorks(System.Text.Json.JsonElement response, string where)
    {
        var reply = ToolReply.From(response);
        Assert.True(!reply.IsError && reply.Status is null, $"{where}: the restarted server did not resume: {reply.Json}");
    }
}
