using System.Text;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.Daemon;

public sealed class ResultMapperTests
{
    public static TheoryData<string, bool> Outcomes => new()
    {
        { "ok", false },
        { "session-expired", false },
        { "daemon-unavailable", false },
        { "kill-switch-active", false },
        { "api-error", true },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void ToToolResult_EachOutcome_MatchesSnapshotAndIsErrorRule(string outcome, bool isError)
    {
        var result = ResultMapper.ToToolResult(Sample(outcome));

        Assert.Equal(isError ? true : null, result.IsError);
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        Snapshot.MatchJson(text, $"result-{outcome}");
    }

    [Fact]
    public void ToToolResult_Ok_PassesDaemonJsonThroughUnchanged()
    {
        const string json = """{"balance":"1.5","symbol":"ETH","note":"it's \"quoted\" 지갑"}""";

        var result = ResultMapper.ToToolResult(new DaemonResult.Ok(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(json, Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
    }

    [Fact]
    public void ToToolResult_GuidanceText_HasNoEscapedQuotesOrBackticks()
    {
        var text = Assert.IsType<TextContentBlock>(Assert.Single(ResultMapper.ToToolResult(new DaemonResult.SessionExpired()).Content)).Text;

        Assert.DoesNotContain("\\u00", text, StringComparison.Ordinal);
        Assert.Contains("`waiaas mcp setup`", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToResourceContents_Guidance_IsJsonWithUri()
    {
        var contents = ResultMapper.ToResourceContents("waiaas://wallet/balance", new DaemonResult.KillSwitchActive());

        Assert.Equal("waiaas://wallet/balance", contents.Uri);
        Assert.Equal("application/json", contents.MimeType);
        Assert.Equal("kill_switch_active", JsonDocument.Parse(contents.Text).RootElement.GetProperty("status").GetString());
    }

    private static DaemonResult Sample(string outcome) => outcome switch
    {
        "ok" => new DaemonResult.Ok(Encoding.UTF8.GetBytes("""{"address":"0xabc","chain":"ethereum"}""")),
        "session-expired" => new DaemonResult.SessionExpired(),
        "daemon-unavailable" => new DaemonResult.DaemonUnavailable("connection refused at 127.0.0.1:3100"),
        "kill-switch-active" => new DaemonResult.KillSwitchActive(),
        _ => new DaemonResult.ApiError(
            "ACTION_VALIDATION_FAILED", "Invalid input", Retryable: false, "Check the amount",
            JsonDocument.Parse("""{"issues":[{"path":["amount"],"message":"Required"}]}""").RootElement),
    };
}
