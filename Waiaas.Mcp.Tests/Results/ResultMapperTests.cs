using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Tests.Support;
using Waiaas.Mcp.Results;

namespace Waiaas.Mcp.Tests.Results;

public sealed class ResultMapperTests
{
    public static TheoryData<string, bool> Outcomes => new()
    {
        { "ok", false },
        { "session-expired", false },
        { "daemon-unavailable", false },
        { "kill-switch-active", false },
        { "kill-switch-active-without-data-dir", false },
        { "session-expired-without-data-dir", false },
        { "outcome-unknown", false },
        { "answer-too-large", true },
        { "configuration-error", true },
        { "api-error", true },
    };

    /// <summary>The validation-error shapes of the daemon, each as the real daemon sent it.</summary>
    public static TheoryData<string, string> ValidationShapes => new()
    {
        { "zod-issues-path-array", "any-call.validation-error.json" },
        { "zod-issues-path-string", "POST-v1-transactions-send.gas-condition-invalid.json" },
        { "zod-text-in-message", "POST-v1-transactions-simulate.without-type.json" },
        { "action-validation-errors", "POST-v1-actions-provider-action.input-invalid.json" },
        { "handler-check-message-only", "POST-v1-transactions-send.amount-and-human-amount.json" },
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

    [Theory]
    [MemberData(nameof(ValidationShapes))]
    public async Task ToToolResult_ValidationErrorShape_OneIsErrorNamingEachFieldWithTheDaemonsDetails(string shape, string fixture)
    {
        await using var daemon = await FakeDaemon.StartAsync();
        daemon.Enqueue(FakeResponse.Fixture(400, fixture));
        using var http = new DaemonRequestSender(
            ServerConfiguration.FromVariables(name => name == EnvironmentVariables.BaseUrl ? daemon.BaseUrl.ToString() : null),
            TimeProvider.System, NullLoggerFactory.Instance);

        var result = ResultMapper.ToToolResult(await http.SendAsync(DaemonRequest.Get("/v1/transactions"), null, CancellationToken.None));

        Assert.True(result.IsError);
        Snapshot.MatchJson(Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text, $"result-validation-{shape}");
    }

    [Fact]
    public void ToToolResult_TokenAnywhereInTheText_Redacted()
    {
        const string token = "wai_sess_eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzLTEifQ.c2lnbmF0dXJl";
        DaemonResult[] results =
        [
            new DaemonResult.Ok(Encoding.UTF8.GetBytes($$"""{"echo":"{{token}}"}""")),
            new DaemonResult.ApiError("PROXY", $"Bearer {token}", false, $"hint {token}", JsonDocument.Parse($$"""{"h":"{{token}}"}""").RootElement),
            new DaemonResult.DaemonUnavailable($"reason {token}"),
            new DaemonResult.OutcomeUnknown($"reason {token}"),
        ];

        foreach (var result in results)
        {
            var text = Assert.IsType<TextContentBlock>(Assert.Single(ResultMapper.ToToolResult(result).Content)).Text;
            SecretScan.AssertNoToken([token], (result.GetType().Name, text));
            Assert.Contains(Waiaas.Mcp.Configuration.SecretRedaction.RedactedToken, text, StringComparison.Ordinal);
        }
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
        "kill-switch-active-without-data-dir" => new DaemonResult.KillSwitchActive(PicksUpNewToken: false),
        "session-expired-without-data-dir" => new DaemonResult.SessionExpired(PicksUpNewToken: false),
        "outcome-unknown" => new DaemonResult.OutcomeUnknown("no answer within 30 s from 127.0.0.1:3100"),
        "answer-too-large" => new DaemonResult.ApiError(
            ServerErrorCodes.AnswerTooLarge,
            "This answer and the others in progress would take more than the 32 MiB this server holds for daemon answers at once.",
            Retryable: true)
        {
            Cause = ErrorCause.AnswersInFlightTooLarge,
        },
        "configuration-error" => new DaemonRequestSender(
            ServerConfiguration.FromVariables(name => name == EnvironmentVariables.DataDir ? "relative/dir" : null),
            TimeProvider.System, NullLoggerFactory.Instance).ConfigurationError!,
        _ => new DaemonResult.ApiError(
            "ACTION_VALIDATION_FAILED", "Invalid input", Retryable: false, "Check the amount",
            JsonDocument.Parse("""{"issues":[{"path":["amount"],"message":"Required"}]}""").RootElement),
    };
}
