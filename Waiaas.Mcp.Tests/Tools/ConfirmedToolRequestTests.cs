using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Tests.Support;
using Waiaas.Mcp.Tools;
using Waiaas.Mcp.Tools.Confirmation;

namespace Waiaas.Mcp.Tests.Tools;

/// <summary>
/// Every catalog vector again, with WAIAAS_MCP_CONFIRM=spend and a client whose user accepts: confirming changes no
/// request, and the user is asked once for each call that moves funds or grants rights, never for any other call nor
/// for one refused for its arguments (nothing would be sent).
/// </summary>
public sealed class ConfirmedToolRequestTests(ConfirmedToolRequestTests.Host host) : IClassFixture<ConfirmedToolRequestTests.Host>
{
    public static TheoryData<string, string> Vectors() => CatalogVectors.Cases();

    [Theory]
    [MemberData(nameof(Vectors))]
    public async Task CallTool_CatalogVectorAccepted_SendsExactlyTheListedRequestsAskingOnlyForSpending(string tool, string vectorCase)
    {
        var vector = CatalogVectors.Find(tool, vectorCase);
        var before = host.Daemon.Requests.Count;
        host.Asked.Clear();

        var result = await host.Server.Client.CallToolAsync(tool, CatalogVectors.Arguments(vector), cancellationToken: TestTimeout.Token);

        CatalogVectors.AssertSent(tool, vector, result, [.. host.Daemon.Requests.Skip(before)]);
        // Every action tool can move funds; of the static tools, those whose hints say so.
        var spends = ToolCatalog.Find(tool) is { } definition ? host.Confirmation.Covers(definition) : tool.StartsWith("action_", StringComparison.Ordinal);
        var sendsSomething = vector["requests"]!.AsArray().Count > 0;
        if (spends && sendsSomething)
        {
            Assert.Contains($"({tool}).", Assert.Single(host.Asked), StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(host.Asked);
        }
    }

    /// <summary>One fake daemon and one in-memory server, confirming spending, for every vector.</summary>
    public sealed class Host : IAsyncLifetime
    {
        public FakeDaemon Daemon { get; private set; } = null!;

        public TestServer Server { get; private set; } = null!;

        internal SpendConfirmation Confirmation { get; } = new(ServerConfiguration.FromVariables(name => name == EnvironmentVariables.Confirm ? "spend" : null), TimeProvider.System);

        /// <summary>The messages the user was shown since the case began.</summary>
        public ConcurrentQueue<string> Asked { get; } = new();

        public async Task InitializeAsync()
        {
            Daemon = await FakeDaemon.StartAsync();
            CatalogVectors.Serve(Daemon);
            var now = DateTimeOffset.UtcNow;
            var handlers = new McpClientHandlers
            {
                ElicitationHandler = (question, _) =>
                {
                    Asked.Enqueue(question!.Message);
                    return ValueTask.FromResult(new ElicitResult { Action = "accept" });
                },
            };
            Server = await TestServer.StartAsync(
                new ServerConfiguration
                {
                    BaseUrl = Daemon.BaseUrl, SessionToken = TestTokens.Create("s-1", now, now.AddHours(1)), Confirm = ConfirmationMode.Spend,
                },
                new FakeTimeProvider(now), clientHandlers: handlers);
            await CatalogVectors.WarmUpAsync(Server.Client);
        }

        public async Task DisposeAsync()
        {
            await Server.DisposeAsync();
            await Daemon.DisposeAsync();
        }
    }
}
