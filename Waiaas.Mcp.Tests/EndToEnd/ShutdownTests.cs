using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.EndToEnd;

/// <summary>
/// Every way a client stops the server (stdin closed, SIGTERM, SIGINT) in every state it can be in: the published
/// binary exits 0 within 3 s, leaves no process behind and leaves a whole token file. Closing stdin (the first step of an
/// MCP client's shutdown) needs no signal, so those cases run on Windows too.
/// </summary>
[Collection(PublishedBinaryCollection.Name)]
[Trait("Category", "Binary")]
public sealed class ShutdownTests
{
    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(3);

    public enum Signal
    {
        SigTerm = 15,
        SigInt = 2,
    }

    public enum Activity
    {
        /// <summary>A call answered, nothing in flight.</summary>
        Idle,

        /// <summary>A tool call waiting for a slow daemon answer.</summary>
        MidCall,

        /// <summary>A renewal waiting for the daemon (the token is due at start; the daemon holds the answer).</summary>
        MidRenewal,

        /// <summary>A tool call on a daemon that accepted the connection and never answers.</summary>
        DaemonHanging,
    }

    public static TheoryData<Activity> Activities() => new(Enum.GetValues<Activity>());

    public static TheoryData<Signal, Activity> SignalsAndActivities()
    {
        var data = new TheoryData<Signal, Activity>();
        foreach (var signal in Enum.GetValues<Signal>())
        {
            foreach (var activity in Enum.GetValues<Activity>())
            {
                data.Add(signal, activity);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Activities))]
    public Task Binary_StdinClosedDuringActivity_ExitsZeroWithinThreeSecondsWithNoProcessLeftAndAWholeTokenFile(Activity activity) =>
        StopDuringAsync(activity, signal: null);

    [UnixTheory("Windows has no SIGTERM or SIGINT to send to a process")]
    [MemberData(nameof(SignalsAndActivities))]
    public Task Binary_SignalledDuringActivity_ExitsZeroWithinThreeSecondsWithNoProcessLeftAndAWholeTokenFile(Signal signal, Activity activity) =>
        StopDuringAsync(activity, signal);

    /// <summary>Brings the server into <paramref name="activity"/>, then closes its stdin (no signal) or sends the signal.</summary>
    private static async Task StopDuringAsync(Activity activity, Signal? signal)
    {
        // A token issued 2 h "ago" and valid for 1 h more is past its renewal point: the server renews at once.
        var sessions = new DaemonSessions { IssuedAgo = activity == Activity.MidRenewal ? TimeSpan.FromHours(2) : TimeSpan.Zero };
        await using var daemon = await ChaosDaemon.StartAsync(sessions);
        using var hanging = new HangingDaemon();
        using var dir = new TempDirectory();
        var initial = sessions.Issue("s-1");
        var tokenFile = TokenFileOnDisk.Write(dir.Path, initial);
        var renewalHeld = new TaskCompletionSource();
        daemon.RenewalGate = renewalHeld.Task;
        daemon.SlowAnswerDelay = TimeSpan.FromMilliseconds(300);

        // A run started as a background job inherits SIGINT ignored, and so would the server: it gets the default back.
        ServerProcess server;
        using (signal == Signal.SigInt ? SignalDisposition.DefaultForChildren((int)Signal.SigInt) : null)
        {
            server = ServerProcess.Start(new Dictionary<string, string>
            {
                ["WAIAAS_BASE_URL"] = activity == Activity.DaemonHanging ? hanging.BaseUrl : daemon.BaseUrl.ToString(),
                ["WAIAAS_DATA_DIR"] = dir.Path,
            });
        }

        using var _ = server;
        await server.InitializeAsync();
        Assert.False(
            signal == Signal.SigInt && SignalDisposition.IsIgnoredIn(server.Id, (int)Signal.SigInt) == true,
            "precondition: the server still ignores SIGINT after the reset, so a SIGINT cannot stop it");
        switch (activity)
        {
            case Activity.Idle:
                await server.RequestAsync(1, "tools/call", ToolReply.GetBalanceCall, TimeSpan.FromSeconds(10));
                break;
            case Activity.MidCall:
                daemon.Fault = ChaosFault.SlowAnswers;
                await server.WriteLinesAsync(JsonRpcLines.Request(1, "tools/call", ToolReply.GetBalanceCall));
                await daemon.WaitForRequestAsync("/v1/wallet/balance");
                break;
            case Activity.MidRenewal:
                await daemon.WaitForRequestAsync("/v1/sessions/");
                break;
            case Activity.DaemonHanging:
                await server.WriteLinesAsync(JsonRpcLines.Request(1, "tools/call", ToolReply.GetBalanceCall));
                break;
        }

        // The server never starts a process of its own: there is nothing that could be orphaned.
        Assert.Empty(ProcessTree.Children(server.Id));
        if (signal is { } sent)
        {
            server.Signal((int)sent);
        }
        else
        {
            server.CloseStdin();
        }

        var exit = await server.WaitForExitAsync(ExitLimit);
        renewalHeld.TrySetResult();

        Assert.Equal(0, exit);
        Assert.False(ProcessTree.Exists(server.Id));
        var messages = JsonRpcLines.Parse(server.StdoutBytes());
        if (signal is null && activity == Activity.MidCall)
        {
            // Closing stdin is not a cancellation: the reply in flight is still delivered.
            Assert.Equal(ChaosDaemon.Balance, ToolReply.From(JsonRpcLines.ResponseTo(messages, 1)).Json.GetRawText());
        }

        Assert.Equal(initial, File.ReadAllText(tokenFile));
        Assert.Empty(TokenFileOnDisk.TempFiles(dir.Path));
        SecretScan.AssertNoToken(
            sessions.Issued,
            [SecretScan.Bytes("stdout", server.StdoutBytes()), ("stderr", server.Stderr), .. SecretScan.FilesExcept(dir.Path, tokenFile)]);
    }

    [UnixFact("Windows has no SIGTERM to send to a process")]
    public async Task Binary_SigtermStormWhileExitingAfterStdinClosed_StillExitsZero()
    {
        // The TypeScript SDK sends SIGTERM 2 s after closing stdin if the server is still there: a signal that lands
        // while the server is already on its way out must not kill it (exit by signal instead of 0).
        using var server = ServerProcess.Start();
        await server.InitializeAsync();

        server.CloseStdin();
        while (!server.HasExited)
        {
            try
            {
                server.Signal((int)Signal.SigTerm);
            }
            catch (InvalidOperationException)
            {
                break; // gone between the check and the signal
            }

            await Task.Yield();
        }

        Assert.Equal(0, await server.WaitForExitAsync(ExitLimit));
    }
}
