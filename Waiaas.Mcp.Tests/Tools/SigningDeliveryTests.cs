using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Tests.Support;
using Waiaas.Mcp.Tools;

namespace Waiaas.Mcp.Tests.Tools;

/// <summary>
/// The signing tools only return a signature: a repeat moves nothing, so an answer lost after their request was
/// written is daemon_unavailable and safe to retry, unlike a spend's outcome_unknown.
/// </summary>
public sealed class SigningDeliveryTests
{
    public static TheoryData<string> SigningTools() => [.. SigningToolNames];

    private static IEnumerable<string> SigningToolNames =>
        ToolCatalog.All.Where(tool => ReferenceEquals(tool.Hints, ToolHints.Sign)).Select(tool => tool.Name);

    [Fact]
    public void SigningTools_AreTheFourThatSignWithoutMovingFunds()
    {
        Assert.Equal(
            ["erc8128_sign_request", "sign_message", "sign_transaction", "sign_userop"],
            SigningToolNames.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(SigningTools))]
    public async Task CallTool_SigningToolAnswerLostAfterTheRequestWasWritten_DaemonUnavailableSafeToRetry(string tool)
    {
        await using var daemon = new RawDaemon(request => request.Target.StartsWith("/v1/actions/providers", StringComparison.Ordinal)
            ? RawAnswer.Json(200, """{"providers":[]}""")
            : RawAnswer.ResetAfterRequest);
        var now = DateTimeOffset.UtcNow;
        await using var server = await TestServer.StartAsync(
            new ServerConfiguration { BaseUrl = daemon.BaseUrl, SessionToken = TestTokens.Create("s-1", now, now.AddHours(1)), WalletId = "w-config" },
            new FakeTimeProvider(now));

        var result = await server.Client.CallToolAsync(tool, HostilePathArgumentTests.ValidArguments(tool), cancellationToken: TestTimeout.Token);

        var reply = JsonDocument.Parse(Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text).RootElement;
        Assert.Equal("daemon_unavailable", reply.GetProperty("status").GetString());
        Assert.True(reply.GetProperty("retryable").GetBoolean(), reply.ToString());
        Assert.Contains(daemon.Requests, r => r.Method == "POST" && !r.Target.StartsWith("/v1/actions/providers", StringComparison.Ordinal));
    }
}
