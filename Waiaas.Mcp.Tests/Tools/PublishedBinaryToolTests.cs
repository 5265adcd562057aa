using ModelContextProtocol.Client;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.Tools;

/// <summary>
/// Every catalog vector through the Native AOT binary and a real MCP client: the trimmed, reflection-free build sends
/// exactly the requests the JIT build does (nested, renamed, merged and defaulted bodies; every tool, the new ones too).
/// </summary>
[Trait("Category", "Binary")]
public sealed class PublishedBinaryToolTests(PublishedBinaryToolTests.Host host) : IClassFixture<PublishedBinaryToolTests.Host>
{
    public static TheoryData<string, string> Vectors() => CatalogVectors.Cases();

    [Theory]
    [MemberData(nameof(Vectors))]
    public async Task Binary_CatalogVector_SendsExactlyTheListedRequests(string tool, string vectorCase)
    {
        // Cases of one class run one at a time, so the requests after 'before' are this call's.
        var vector = CatalogVectors.Find(tool, vectorCase);
        var before = host.Daemon.Requests.Count;

        var result = await host.Client.CallToolAsync(tool, CatalogVectors.Arguments(vector), cancellationToken: TestTimeout.Token);

        CatalogVectors.AssertSent(tool, vector, result, [.. host.Daemon.Requests.Skip(before)]);
    }

    /// <summary>One binary and one fake daemon for every vector.</summary>
    public sealed class Host : IAsyncLifetime
    {
        public FakeDaemon Daemon { get; private set; } = null!;

        public McpClient Client { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Daemon = await FakeDaemon.StartAsync();
            CatalogVectors.Serve(Daemon);
            var now = DateTimeOffset.UtcNow;
            var transport = new StdioClientTransport(new StdioClientTransportOptions
            {
                Command = PublishedBinary.FilePath,
                Name = "waiaas-mcp",
                EnvironmentVariables = new Dictionary<string, string?>
                {
                    ["WAIAAS_BASE_URL"] = Daemon.BaseUrl.ToString(),
                    ["WAIAAS_SESSION_TOKEN"] = TestTokens.Create("s-1", now, now.AddHours(1)),
                },
            });
            Client = await McpClient.CreateAsync(transport, cancellationToken: TestTimeout.Token);
            await CatalogVectors.WarmUpAsync(Client);
        }

        public async Task DisposeAsync()
        {
            await Client.DisposeAsync();
            await Daemon.DisposeAsync();
        }
    }
}
