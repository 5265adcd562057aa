using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Tests.Support;
using Waiaas.Mcp.Results;

namespace Waiaas.Mcp.Tests.Hosting;

public sealed class ServerSurfaceTests
{
    [Fact]
    public async Task Initialize_Default_AnswersWalletServerNameTitleVersionAndListChangedCapabilities()
    {
        await using var server = await TestServer.StartAsync(protocolVersion: "2025-11-25");

        Assert.Equal("waiaas-wallet", server.Client.ServerInfo!.Name);
        Assert.Equal("WAIaaS wallet", server.Client.ServerInfo!.Title);
        Assert.False(string.IsNullOrWhiteSpace(server.Client.ServerInfo!.Description));
        Assert.Equal(Waiaas.Mcp.Configuration.ServerVersion.Current, server.Client.ServerInfo!.Version);
        Assert.True(server.Client.ServerCapabilities.Tools?.ListChanged);
        Assert.True(server.Client.ServerCapabilities.Resources?.ListChanged);
    }

    [Fact]
    public async Task Initialize_WithWalletName_UsesWaiaasDashNameAndNamesTheWalletInTheTitle()
    {
        await using var server = await TestServer.StartAsync(WithWalletName("trading"), protocolVersion: "2025-11-25");

        Assert.Equal("waiaas-trading", server.Client.ServerInfo!.Name);
        Assert.Equal("WAIaaS wallet (trading)", server.Client.ServerInfo!.Title);
    }

    [Fact]
    public async Task Ping_ProtocolOfClaudeDesktop_Answers()
    {
        // ping exists up to the 2025 protocol versions that current desktop clients speak (removed in 2026-07-28).
        await using var server = await TestServer.StartAsync(protocolVersion: "2025-06-18");

        await server.Client.PingAsync(cancellationToken: TestTimeout.Token);
    }

    [Fact]
    public async Task ToolsList_WithWalletName_PrefixesWalletSpecificDescriptionsOnly()
    {
        await using var server = await TestServer.StartAsync(WithWalletName("trading"));

        var tools = await server.Client.ListToolsAsync(cancellationToken: TestTimeout.Token);

        Assert.StartsWith("[trading] ", tools.Single(t => t.Name == "get_balance").Description, StringComparison.Ordinal);
        Assert.DoesNotContain("[trading]", tools.Single(t => t.Name == "connect_info").Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallTool_UnknownTool_InvalidParamsProtocolErrorNamingTheTool()
    {
        await using var server = await TestServer.StartAsync();

        var error = await Assert.ThrowsAsync<McpProtocolException>(
            () => server.Client.CallToolAsync("no_such_tool", cancellationToken: TestTimeout.Token).AsTask());

        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
        Assert.Contains("no_such_tool", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallTool_MissingRequiredArgument_IsErrorNamingArgument()
    {
        await using var server = await TestServer.StartAsync();

        var result = await server.Client.CallToolAsync("get_transaction", cancellationToken: TestTimeout.Token);

        Assert.True(result.IsError);
        Assert.Contains("'transaction_id' is required (a string)", Text(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallTool_WrongTypeAndUnknownArgument_IsErrorNamingBoth()
    {
        await using var server = await TestServer.StartAsync();

        var result = await server.Client.CallToolAsync(
            "get_transaction",
            new Dictionary<string, object?> { ["transaction_id"] = 42, ["bogus"] = true },
            cancellationToken: TestTimeout.Token);

        Assert.True(result.IsError);
        var message = JsonDocument.Parse(Text(result)).RootElement.GetProperty("message").GetString();
        Assert.Contains("'transaction_id' must be a string, got a number", message, StringComparison.Ordinal);
        Assert.Contains("'bogus' is not an argument of this tool", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallTool_NoSessionToken_AnswersSessionExpiredGuidanceWithoutIsError()
    {
        await using var server = await TestServer.StartAsync();

        var result = await server.Client.CallToolAsync("get_balance", cancellationToken: TestTimeout.Token);

        Assert.NotEqual(true, result.IsError);
        // No data dir here: the hint may not promise that a new token is picked up without a restart.
        Snapshot.MatchJson(Text(result), "result-session-expired-without-data-dir");
    }

    [Fact]
    public async Task CallTool_InvalidBaseUrl_IsErrorExplainingTheVariable()
    {
        var configuration = ServerConfiguration.FromVariables(name => name switch
        {
            EnvironmentVariables.BaseUrl => "ftp://example",
            EnvironmentVariables.SessionToken => "wai_sess_x.y.z",
            _ => null,
        });
        await using var server = await TestServer.StartAsync(configuration);

        var result = await server.Client.CallToolAsync("get_balance", cancellationToken: TestTimeout.Token);

        Assert.True(result.IsError);
        Assert.Contains("WAIAAS_BASE_URL must be an http:// or https:// URL", Text(result), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> ConfigurationProblems => new()
    {
        { EnvironmentVariables.BaseUrl, "ftp://example" },
        { EnvironmentVariables.DataDir, "relative/waiaas" },
        { EnvironmentVariables.WalletId, "../other wallet" },
        { EnvironmentVariables.WalletName, new string('n', 100) },
        { EnvironmentVariables.RequestTimeoutSeconds, "forever" },
        { EnvironmentVariables.LogLevel, "loud" },
    };

    [Theory]
    [MemberData(nameof(ConfigurationProblems))]
    public async Task CallToolAndReadResource_AnyConfigurationProblem_IsErrorNamingTheVariableAndTheFixWithoutRequest(string variable, string value)
    {
        await using var daemon = await FakeDaemon.StartAsync();
        var configuration = ServerConfiguration.FromVariables(name => name switch
        {
            _ when name == variable => value,
            EnvironmentVariables.BaseUrl => daemon.BaseUrl.ToString(),
            EnvironmentVariables.SessionToken => TestTokens.Create("s-1", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1)),
            _ => null,
        });
        await using var server = await TestServer.StartAsync(configuration);

        var call = await server.Client.CallToolAsync("get_balance", cancellationToken: TestTimeout.Token);
        var read = await server.Client.ReadResourceAsync("waiaas://wallet/balance", cancellationToken: TestTimeout.Token);

        Assert.True(call.IsError);
        var resourceText = Assert.IsType<TextResourceContents>(Assert.Single(read.Contents)).Text;
        Assert.Equal(Text(call), resourceText);
        var error = JsonDocument.Parse(Text(call)).RootElement;
        Assert.Equal(ServerErrorCodes.Configuration, error.GetProperty("code").GetString());
        Assert.StartsWith(variable + " ", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(Guidance.ConfigurationHint, error.GetProperty("hint").GetString());
        Assert.Empty(daemon.Requests);
    }

    [Fact]
    public async Task ResourcesList_Default_ListsBalanceAddressAndStatus()
    {
        await using var server = await TestServer.StartAsync();

        var resources = await server.Client.ListResourcesAsync(cancellationToken: TestTimeout.Token);

        Assert.Equal(
            ["waiaas://wallet/balance", "waiaas://wallet/address", "waiaas://system/status"],
            resources.Select(r => r.Uri));
        Assert.All(resources, r => Assert.Equal("application/json", r.MimeType));
    }

    [Fact]
    public async Task ResourceTemplatesList_Default_OffersSkillsTemplate()
    {
        await using var server = await TestServer.StartAsync();

        var templates = await server.Client.ListResourceTemplatesAsync(cancellationToken: TestTimeout.Token);

        var skills = Assert.Single(templates);
        Assert.Equal("waiaas://skills/{name}", skills.UriTemplate);
        Assert.Equal("text/markdown", skills.MimeType);
    }

    [Fact]
    public async Task ReadResource_StatusWithDaemonDown_ReportsSessionStateAndDaemonProblem()
    {
        // Port 9 on loopback: nothing listens there, so the connection is refused at once.
        var configuration = ServerConfiguration.FromVariables(name => name == EnvironmentVariables.BaseUrl ? "http://127.0.0.1:9" : null);
        await using var server = await TestServer.StartAsync(configuration);

        var result = await server.Client.ReadResourceAsync("waiaas://system/status", cancellationToken: TestTimeout.Token);

        var contents = Assert.IsType<TextResourceContents>(Assert.Single(result.Contents));
        Assert.Equal("application/json", contents.MimeType);
        var status = JsonDocument.Parse(contents.Text).RootElement;
        Assert.Equal("error", status.GetProperty("session").GetProperty("state").GetString());
        Assert.Contains("127.0.0.1:9", status.GetProperty("daemonProblem").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadResource_BalanceWithoutToken_AnswersSessionExpiredGuidance()
    {
        await using var server = await TestServer.StartAsync();

        var result = await server.Client.ReadResourceAsync("waiaas://wallet/balance", cancellationToken: TestTimeout.Token);

        var contents = Assert.IsType<TextResourceContents>(Assert.Single(result.Contents));
        Assert.Equal("session_expired", JsonDocument.Parse(contents.Text).RootElement.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("2025-11-25", McpErrorCode.ResourceNotFound)]
    [InlineData("2026-07-28", McpErrorCode.InvalidParams)]
    public async Task ReadResource_UnknownUri_ProtocolErrorWithTheCodeOfTheEra(string protocolVersion, McpErrorCode code)
    {
        await using var server = await TestServer.StartAsync(protocolVersion: protocolVersion);

        var error = await Assert.ThrowsAsync<McpProtocolException>(
            () => server.Client.ReadResourceAsync("waiaas://nope", cancellationToken: TestTimeout.Token).AsTask());

        Assert.Equal(code, error.ErrorCode);
    }

    private static ServerConfiguration WithWalletName(string name) =>
        ServerConfiguration.FromVariables(variable => variable == EnvironmentVariables.WalletName ? name : null);

    private static string Text(CallToolResult result) =>
        Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
}
