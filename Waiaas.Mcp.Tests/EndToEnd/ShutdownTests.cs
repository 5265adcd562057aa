using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.EndToEnd;

/// <summary>
/// Every way a client stops the server (stdin closed, SIGTERM, SIGINT) in every state it can be in: the published
/// binary exits 0 within 3 s, leaves no process behind and leaves a whole token file.
/// </summary>
[Collection(PublishedBinaryCollection.Name)]
[Trait("Category", "Binary")]
public sealed class ShutdownTests
{
    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(3);

    public enum Cause
    {
        StdinClosed,
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

    public static TheoryData<Cause, Activity> Matrix()
    {
        var data = new TheoryData<Cause, Activity>();
        foreach (var cause in Enum.GetValues<Cause>())
        {
            foreach (var activity in Enum.GetValues<Activity>())
            {
                data.Add(cause, activity);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Binary_StoppedDuringActivity_ExitsZeroWithinThreeSecondsWithNoProcessLeftAndAWholeTokenFile(Cause cause, Activity activity)
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

        using var server = ServerProcess.Start(new Dictionary<string, string>
        {
            ["WAIAAS_BASE_URL"] = activity == Activity.DaemonHanging ? hanging.BaseUrl : daemon.BaseUrl.ToString(),
            ["WAIAAS_DATA_DIR"] = dir.Path,
        });
        await server.InitializeAsync();
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
        if (cause == Cause.StdinClosed)
        {
            server.CloseStdin();
        }
        else
        {
            server.Signal((int)cause);
        }

        var exit = await server.WaitForExitAsync(ExitLimit);
        renewalHeld.TrySetResult();

        Assert.Equal(0, exit);
        Assert.False(ProcessTree.Exists(server.Id));
        var messages = JsonRpcLines.Parse(server.StdoutBytes());
        if (cause == Cause.StdinClosed && activity == Activity.MidCall)
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

    [Fact]
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
                server.Signal((int)Cause.SigTerm);
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
