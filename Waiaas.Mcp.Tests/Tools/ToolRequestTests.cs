using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.Tools;

/// <summary>
/// Every vector of tool-catalog.json, static and action tools, through a real MCP client and the production wiring
/// against the recording fake daemon: the requests must be exactly the listed ones, and a vector that lists none is
/// refused with nothing sent.
/// </summary>
public sealed class ToolRequestTests(ToolRequestTests.Host host) : IClassFixture<ToolRequestTests.Host>
{
    public static TheoryData<string, string> Vectors() => CatalogVectors.Cases();

    [Theory]
    [MemberData(nameof(Vectors))]
    public async Task CallTool_CatalogVector_SendsExactlyTheListedRequests(string tool, string vectorCase)
    {
        // Cases of one class run one at a time, so the requests after 'before' are this call's.
        var vector = CatalogVectors.Find(tool, vectorCase);
        var before = host.Daemon.Requests.Count;

        var result = await host.Server.Client.CallToolAsync(tool, CatalogVectors.Arguments(vector), cancellationToken: TestTimeout.Token);

        CatalogVectors.AssertSent(tool, vector, result, [.. host.Daemon.Requests.Skip(before)]);
    }

    [Fact]
    public async Task CallTool_DaemonAnswersJson_ResultIsTheCompactDaemonJson()
    {
        var result = await host.Server.Client.CallToolAsync("get_address", cancellationToken: TestTimeout.Token);

        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(CatalogVectors.AddressAnswer()), JsonNode.Parse(text)));
        Assert.DoesNotContain('\n', text);
    }

    /// <summary>The background action-tools fetch gets an empty provider list and stays out of the recordings.</summary>
    internal static FakeResponse? NoActionProviders(RecordedRequest request) =>
        request.PathAndQuery == "/v1/actions/providers" ? new FakeResponse(200, """{"providers":[]}""") : null;

    /// <summary>One fake daemon and one in-memory server for every vector.</summary>
    public sealed class Host : IAsyncLifetime
    {
        public FakeDaemon Daemon { get; private set; } = null!;

        public TestServer Server { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Daemon = await FakeDaemon.StartAsync();
            CatalogVectors.Serve(Daemon);
            var now = DateTimeOffset.UtcNow;
            Server = await TestServer.StartAsync(
                new ServerConfiguration { BaseUrl = Daemon.BaseUrl, SessionToken = TestTokens.Create("s-1", now, now.AddHours(1)) },
                new FakeTimeProvider(now));
            await CatalogVectors.WarmUpAsync(Server.Client);
        }

        public async Task DisposeAsync()
        {
            await Server.DisposeAsync();
            await Daemon.DisposeAsync();
        }
    }
}
