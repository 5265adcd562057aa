using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.EndToEnd;

/// <summary>
/// The C# SDK's own client (<see cref="McpClient"/> over <see cref="StdioClientTransport"/>) runs the published binary at
/// every protocol version it can pin, and with none (it then discovers 2026-07-28): connect, the tool list with and
/// without the daemon's action tools, a call, resources, the tool-list change once the daemon comes back, and how long
/// the process takes to exit once the client closes.
/// </summary>
[Collection(PublishedBinaryCollection.Name)]
[Trait("Category", "Binary")]
public sealed class SdkClientBinaryTests
{
    /// <summary>A modern session must exit as fast as a legacy one: a few milliseconds, far from the 2 s drain limit.</summary>
    private static readonly TimeSpan ExitLimit = TimeSpan.FromMilliseconds(500);

    public static TheoryData<string?> Versions => [null, "2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", "2026-07-28"];

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Binary_SdkClientAtEachProtocolVersion_ListsCallsReadsHearsTheChangeAndExitsAtOnce(string? pinned)
    {
        var sessions = new DaemonSessions();
        await using var daemon = await ChaosDaemon.StartAsync(sessions);
        daemon.Providers = FakeDaemon.ReadFixture("GET-v1-actions-providers.200.json");
        var token = sessions.Issue("s-1");
        // Down first: the action tools come only once it is back, with a change notification.
        await daemon.StopAsync();

        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = PublishedBinary.FilePath,
            Name = "waiaas-mcp",
            EnvironmentVariables = new Dictionary<string, string?>
            {
                ["WAIAAS_BASE_URL"] = daemon.BaseUrl.ToString(),
                ["WAIAAS_SESSION_TOKEN"] = token,
            },
            // Longer than the exit limit, so a slow exit is measured rather than cut short by a kill.
            ShutdownTimeout = TimeSpan.FromSeconds(5),
        });
        var client = await McpClient.CreateAsync(
            transport,
            new McpClientOptions { ClientInfo = new Implementation { Name = "waiaas-sdk-client-test", Version = "1" }, ProtocolVersion = pinned },
            cancellationToken: TestTimeout.Token);
        Stopwatch closing;
        try
        {
            var version = client.NegotiatedProtocolVersion;
            Assert.Equal(pinned ?? "2026-07-28", version);
            Assert.Equal("waiaas-wallet", client.ServerInfo?.Name);
            var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var onChange = client.RegisterNotificationHandler(NotificationMethods.ToolListChangedNotification, (_, _) =>
            {
                changed.TrySetResult();
                return ValueTask.CompletedTask;
            });
            if (version == "2026-07-28")
            {
                // Stateless: changes arrive only on a subscriptions/listen stream that asks for them.
                await ListenForToolChangesAsync(client);
            }

            var staticTools = (await client.ListToolsAsync(cancellationToken: TestTimeout.Token)).Select(t => t.Name).ToList();
            ListedTools.AssertAre(ListedTools.Static, staticTools);

            await daemon.RestartAsync();
            var call = await client.CallToolAsync("connect_info", cancellationToken: TestTimeout.Token);
            Assert.NotEqual(true, call.IsError);
            Assert.Equal(
                JsonDocument.Parse(FakeDaemon.ReadFixture("GET-v1-connect-info.200.json")).RootElement.GetProperty("session").GetProperty("id").GetString(),
                JsonDocument.Parse(Assert.IsType<TextContentBlock>(Assert.Single(call.Content)).Text).RootElement.GetProperty("session").GetProperty("id").GetString());

            await changed.Task.WaitAsync(TestTimeout.Token);
            var tools = (await client.ListToolsAsync(cancellationToken: TestTimeout.Token)).Select(t => t.Name).ToList();
            ListedTools.AssertAre(ListedTools.StaticAndFixtureActions, tools);
            // The static tools keep their order: the action tools come after them.
            Assert.Equal(staticTools, tools.Take(staticTools.Count));

            var resources = await client.ListResourcesAsync(cancellationToken: TestTimeout.Token);
            Assert.Contains(resources, r => r.Uri == "waiaas://system/status");
            var status = await client.ReadResourceAsync("waiaas://system/status", cancellationToken: TestTimeout.Token);
            var statusJson = JsonDocument.Parse(Assert.IsType<TextResourceContents>(Assert.Single(status.Contents)).Text).RootElement;
            Assert.Equal("active", statusJson.GetProperty("session").GetProperty("state").GetString());
            var unknown = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync("no_such_tool", cancellationToken: TestTimeout.Token).AsTask());
            Assert.Equal(McpErrorCode.InvalidParams, unknown.ErrorCode);
        }
        finally
        {
            closing = Stopwatch.StartNew();
            await client.DisposeAsync();
            closing.Stop();
        }

        var completion = Assert.IsType<StdioClientCompletionDetails>(await client.Completion);
        Assert.Equal(0, completion.ExitCode);
        Assert.True(closing.Elapsed < ExitLimit, $"the server took {closing.Elapsed.TotalMilliseconds:F0} ms to exit after the client closed");
        SecretScan.AssertNoToken([token], ("stderr", string.Join('\n', completion.StandardErrorTail ?? [])));
    }

    /// <summary>Opens <c>subscriptions/listen</c> for tool changes (the C# client has no call for it) and waits for its acknowledgement.</summary>
    private static async Task ListenForToolChangesAsync(McpClient client)
    {
        var acknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var onAck = client.RegisterNotificationHandler(NotificationMethods.SubscriptionsAcknowledgedNotification, (_, _) =>
        {
            acknowledged.TrySetResult();
            return ValueTask.CompletedTask;
        });

        // Left open: the stream stays until the client closes (its end at exit is part of what the exit time measures).
        _ = client.SendRequestAsync(
            new JsonRpcRequest
            {
                Method = RequestMethods.SubscriptionsListen,
                Params = new JsonObject { ["notifications"] = new JsonObject { ["toolsListChanged"] = true } },
            },
            CancellationToken.None);
        await acknowledged.Task.WaitAsync(TestTimeout.Token);
    }
}
