using System.Text.Json;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Tests.Support;
using Waiaas.Mcp.Tools;
using Waiaas.Mcp.Tools.Actions;
using Waiaas.Mcp.Tools.Schema;

namespace Waiaas.Mcp.Tests.Tools;

/// <summary>
/// A string that is valid JSON but no text (an unpaired surrogate escape, e.g. half an emoji) wherever a client can put
/// one in a call, over raw JSON-RPC lines (an SDK client cannot even write such a string): the SDK's params reader
/// throws on it, which once came back as its generic <c>-32603 "An error occurred."</c>. An argument value or name is
/// an INVALID_ARGUMENTS result naming it, nothing sent; a tool name is the unknown-tool protocol error.
/// </summary>
public sealed class BrokenTextArgumentTests(BrokenTextArgumentTests.Host host) : IClassFixture<BrokenTextArgumentTests.Host>
{
    /// <summary>A JSON string literal that holds half an emoji.</summary>
    private const string Broken = "\"0x\\ud83d\"";

    public static TheoryData<string, string> StringArguments()
    {
        var data = new TheoryData<string, string>();
        foreach (var tool in ToolCatalog.All)
        {
            foreach (var argument in tool.Arguments.Where(a => a.Schema.Type == SchemaType.String))
            {
                data.Add(tool.Name, argument.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(StringArguments))]
    public async Task CallTool_BrokenTextInAStringArgument_RefusedNamingItNothingSent(string tool, string argument)
    {
        var others = HostilePathArgumentTests.ValidArguments(tool).Where(p => p.Key != argument)
            .Select(p => $"\"{p.Key}\":{((JsonElement)p.Value!).GetRawText()}");

        await AssertRefusedAsync(tool, [.. others, $"\"{argument}\":{Broken}"], $"'{argument}' holds a broken character");
    }

    [Fact]
    public async Task CallTool_BrokenTextInActionToolStringArguments_RefusedNamingEachNothingSent()
    {
        var list = await host.Server.RequestAsync(host.NextId(), "tools/list");
        var actions = list.GetProperty("result").GetProperty("tools").EnumerateArray()
            .Where(tool => tool.GetProperty("name").GetString()!.StartsWith(ActionToolFactory.Prefix, StringComparison.Ordinal))
            .Select(tool => (Name: tool.GetProperty("name").GetString()!, Strings: StringProperties(tool)))
            .Where(tool => tool.Strings.Count > 0)
            .Take(3)
            .ToList();
        Assert.NotEmpty(actions);

        foreach (var (name, strings) in actions)
        {
            foreach (var argument in strings)
            {
                await AssertRefusedAsync(name, [$"\"{argument}\":{Broken}"], $"'{argument}' holds a broken character");
            }
        }
    }

    [Theory]
    [InlineData("""{"to":"0xab","amount":"1","\ud83d":"x"}""", "an argument name holds a broken character")]
    [InlineData("""{"to":"0xab","amount":"1","token":{"symbol":"\ud83d"}}""", "'token.symbol' holds a broken character")]
    [InlineData("""{"to":"0xab","amount":"1","token":{"sym\udc00":"T"}}""", "'token' has a field name that holds a broken character")]
    [InlineData("""{"to":"0xab","amount":"1","memo":"ok \ud83d\ude00 then \ud83d"}""", "'memo' holds a broken character")]
    public async Task CallTool_BrokenTextInANameOrDeeper_RefusedNamingWhereNothingSent(string arguments, string named)
    {
        await AssertRefusedAsync("send_token", [arguments[1..^1]], named);
    }

    [Theory]
    [InlineData("""get_balance\ud83d""")]
    [InlineData("""\udc00""")]
    public async Task CallTool_ToolNameThatIsNotText_TheUnknownToolErrorSayingWhy(string escapedName)
    {
        var error = (await host.Server.RequestAsync(host.NextId(), "tools/call", $$$"""{"name":"{{{escapedName}}}","arguments":{}}""")).GetProperty("error");

        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.StartsWith("Unknown tool: its name holds a broken character", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("resources/read", """{"uri":"waiaas://wallet/balance\ud83d"}""", "'uri' holds a broken character")]
    [InlineData("tools/list", """{"cursor":"\ud83d"}""", "'cursor' holds a broken character")]
    [InlineData("tools/call", """{"name":"get_balance","arguments":{},"_meta":{"progressToken":"\ud83d"}}""", "'_meta.progressToken' holds a broken character")]
    public async Task Request_BrokenTextElsewhereInParams_InvalidParamsNamingIt(string method, string parameters, string named)
    {
        var error = (await host.Server.RequestAsync(host.NextId(), method, parameters)).GetProperty("error");

        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Contains(named, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private async Task AssertRefusedAsync(string tool, IEnumerable<string> arguments, string named)
    {
        var before = host.Daemon.Requests.Count;

        var answer = await host.Server.RequestAsync(host.NextId(), "tools/call", $$$"""{"name":"{{{tool}}}","arguments":{{{{string.Join(",", arguments)}}}}}""");

        var reply = ToolReply.From(answer);
        Assert.True(reply.IsError, answer.ToString());
        Assert.Equal(ToolHandlers.InvalidArgumentsCode, reply.Json.GetProperty("code").GetString());
        Assert.Contains(named, reply.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(host.Daemon.Requests.Skip(before), r => r.PathAndQuery != "/v1/actions/providers");
    }

    private static List<string> StringProperties(JsonElement tool) =>
        [.. tool.GetProperty("inputSchema").GetProperty("properties").EnumerateObject()
            .Where(p => p.Value.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "string")
            .Select(p => p.Name)];

    /// <summary>One fake daemon (serving the real providers list) and one raw server for every case.</summary>
    public sealed class Host : IAsyncLifetime
    {
        private int _nextId;

        public FakeDaemon Daemon { get; private set; } = null!;

        internal RawServer Server { get; private set; } = null!;

        public int NextId() => Interlocked.Increment(ref _nextId);

        public async Task InitializeAsync()
        {
            Daemon = await FakeDaemon.StartAsync();
            Daemon.Fallback = _ => new FakeResponse(200, """{"ok":true}""");
            Daemon.Preempt = request => request.PathAndQuery == "/v1/actions/providers"
                ? new FakeResponse(200, FakeDaemon.ReadFixture("GET-v1-actions-providers.200.json"))
                : null;
            var now = DateTimeOffset.UtcNow;
            Server = RawServer.Start(new ServerConfiguration
            {
                BaseUrl = Daemon.BaseUrl,
                SessionToken = TestTokens.Create("s-1", now, now.AddHours(1)),
                WalletId = "w-config",
            });
            await Server.SendAsync(RawServer.Initialize, JsonRpcLines.Initialized);
            await Server.ResponseAsync("init");
        }

        public async Task DisposeAsync()
        {
            await Server.DisposeAsync();
            await Daemon.DisposeAsync();
        }
    }
}
