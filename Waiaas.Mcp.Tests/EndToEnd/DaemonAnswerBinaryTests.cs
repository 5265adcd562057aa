using System.Text;
using System.Text.Json;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Tests.Support;
using Waiaas.Mcp.Results;

namespace Waiaas.Mcp.Tests.EndToEnd;

/// <summary>
/// What the model sees of a daemon that loses answers, sends unusual JSON or echoes the token, through the published
/// binary over its real stdio: a spend whose outcome is unknown is never "not sent, retry"; a cut answer is an outage,
/// never the SDK's generic error; no token reaches stdout or stderr.
/// </summary>
[Collection(PublishedBinaryCollection.Name)]
[Trait("Category", "Binary")]
public sealed class DaemonAnswerBinaryTests
{
    private const string SendToken = """{"name":"send_token","arguments":{"to":"0x0e793E10975dDd5D89b4425ABF0bbEC9B5f69C6e","amount":"1"}}""";
    private const string Accepted = """{"id":"01a23064-2e3c-7d02-969a-d85c191477c2","status":"PENDING"}""";
    private const string GenericError = "An error occurred invoking";
    private const string Silence = "no answer within the request timeout";

    private readonly string _token = TestTokens.Create("s-1", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));
    private int _nextId;

    /// <summary>Every way an answer is lost after the request was written, silence past the request timeout included.</summary>
    public static TheoryData<string> AnswerLost => [.. LostAnswers.Names, Silence];

    [Theory]
    [MemberData(nameof(AnswerLost))]
    public async Task Binary_AnswerLostAfterTheRequestWasWritten_SpendAndActionToolsOutcomeUnknownSentOnceReadToolsDaemonUnavailable(string fault)
    {
        await using var daemon = new RawDaemon(request => request.Target.StartsWith("/v1/actions/providers", StringComparison.Ordinal)
            ? RawAnswer.Json(200, FakeDaemon.ReadFixture("GET-v1-actions-providers.200.json"))
            : Fault(fault));
        using var server = Start(daemon.BaseUrl);
        await server.InitializeAsync();
        var action = await FirstActionToolWithoutRequiredArgumentsAsync(server);

        var send = await CallAsync(server, SendToken);
        var act = await CallAsync(server, $$$"""{"name":"{{{action}}}","arguments":{}}""");
        var read = await CallAsync(server, ToolReply.GetBalanceCall);

        foreach (var reply in new[] { send, act })
        {
            Assert.False(reply.IsError, reply.Json.ToString());
            Assert.Equal("outcome_unknown", reply.Status);
            Assert.False(reply.Json.GetProperty("retryable").GetBoolean());
            Assert.Contains("list_pending_transactions", reply.Json.GetProperty("hint").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal("daemon_unavailable", read.Status);
        // Each request went out exactly once: nothing in the server resent it.
        Assert.Single(daemon.Requests, r => r.Target == "/v1/transactions/send");
        Assert.Single(daemon.Requests, r => r.Method == "POST" && r.Target.StartsWith("/v1/actions/", StringComparison.Ordinal));
        AssertCleanOutput(server);
    }

    [Fact]
    public async Task Binary_DaemonRefusesConnections_SpendToolDaemonUnavailableSafeToRetry()
    {
        using var server = Start(new Uri("http://127.0.0.1:9"));
        await server.InitializeAsync();

        var reply = await CallAsync(server, SendToken);

        Assert.Equal("daemon_unavailable", reply.Status);
        Assert.True(reply.Json.GetProperty("retryable").GetBoolean());
    }

    /// <summary>Daemon answers of unusual shapes: valid JSON that readers choke on, and bodies that are not JSON at all.</summary>
    public static TheoryData<int, string> UnusualAnswers => new()
    {
        { 200, """{"name":"half an emoji \ud83d","symbol":"\udc00"}""" },
        { 400, """{"code":"CHAIN_ERROR","message":"token \ud83d not found","hint":"\ud83d","requestId":"r","retryable":false,"details":{"name":"\ud83d"}}""" },
        { 502, """{"code":"CHAIN_ERROR","message":"\u0000 nul and \"quotes\"","requestId":"r","retryable":true}""" },
        { 200, "\uFEFF{\"bom\":true}" },
        { 200, new string('[', 900) + new string(']', 900) },
        { 400, new string('[', 900) + new string(']', 900) },
        { 200, """{"big":1e400,"dup":1,"dup":2}""" },
        { 200, "\"just a string\"" },
        { 500, "[1,2,3]" },
        { 200, "" },
        { 204, "" },
        { 200, "<html>proxy</html>" },
        { 503, "<html>proxy</html>" },
        { 200, "{\"cut\":" },
        { 400, "{\"code\":\"X\",\"message\":" },
    };

    [Theory]
    [MemberData(nameof(UnusualAnswers))]
    public async Task Binary_UnusualDaemonAnswer_NeverTheSdksGenericErrorAndTheErrorBodyShown(int status, string body)
    {
        await using var daemon = new RawDaemon(request => request.Target.StartsWith("/v1/actions/providers", StringComparison.Ordinal)
            ? RawAnswer.Json(200, """{"providers":[]}""")
            : RawAnswer.Json(status, body));
        using var server = Start(daemon.BaseUrl);
        await server.InitializeAsync();

        var call = await server.RequestAsync(++_nextId, "tools/call", ToolReply.GetBalanceCall, TimeSpan.FromSeconds(10));
        var resource = await server.RequestAsync(++_nextId, "resources/read", """{"uri":"waiaas://wallet/balance"}""", TimeSpan.FromSeconds(10));

        Assert.True(resource.TryGetProperty("result", out _), resource.ToString());
        if (status >= 400 && body.Contains("\"code\":\"CHAIN_ERROR\"", StringComparison.Ordinal))
        {
            var reply = ToolReply.From(call);
            Assert.True(reply.IsError);
            Assert.Equal("CHAIN_ERROR", reply.Json.GetProperty("code").GetString());
        }

        AssertCleanOutput(server);
    }

    [Fact]
    public async Task Binary_DaemonOrProxyEchoesTheAuthorizationHeader_TokenNeverReachesStdoutOrStderr()
    {
        await using var daemon = new RawDaemon(request =>
        {
            var header = request.Header("Authorization") ?? "(none)";
            var jwt = header.Replace("Bearer wai_sess_", string.Empty, StringComparison.Ordinal);
            // Token characters need no JSON escaping.
            var echo = $$"""{"code":"PROXY_DENIED","message":"denied: Authorization: {{header}}","hint":"retry without {{jwt}}","details":{"authorization":"{{header}}"},"retryable":false}""";
            return request.Target.StartsWith("/v1/wallet/address", StringComparison.Ordinal)
                ? RawAnswer.Json(200, $$"""{"address":"0x1","echo":"{{header}}"}""")
                : RawAnswer.Json(403, echo);
        });
        using var server = Start(daemon.BaseUrl, ("WAIAAS_MCP_LOG_LEVEL", "trace"));
        await server.InitializeAsync();

        var denied = await CallAsync(server, ToolReply.GetBalanceCall);
        var address = await CallAsync(server, """{"name":"get_address","arguments":{}}""");
        await server.RequestAsync(++_nextId, "resources/read", """{"uri":"waiaas://wallet/balance"}""", TimeSpan.FromSeconds(10));
        server.CloseStdin();
        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(5)));

        Assert.True(denied.IsError);
        Assert.Equal("PROXY_DENIED", denied.Json.GetProperty("code").GetString());
        foreach (var text in new[] { denied.Json.GetProperty("message").GetString()!, denied.Json.GetProperty("details").GetProperty("authorization").GetString()!, address.Json.GetProperty("echo").GetString()! })
        {
            Assert.Contains(SecretRedaction.RedactedToken, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(_token[9..], denied.Json.GetProperty("hint").GetString(), StringComparison.Ordinal);
        SecretScan.AssertNoToken([_token], SecretScan.Bytes("stdout", server.StdoutBytes()), ("stderr", server.Stderr));
    }

    [Fact]
    public async Task Binary_BaseUrlWithAPassword_PasswordNeverRepeated()
    {
        using var server = ServerProcess.Start(new Dictionary<string, string> { ["WAIAAS_BASE_URL"] = "http://me:hunter2@127.0.0.1:9" });
        await server.InitializeAsync();

        var reply = await CallAsync(server, ToolReply.GetBalanceCall);
        var status = await server.RequestAsync(++_nextId, "resources/read", """{"uri":"waiaas://system/status"}""", TimeSpan.FromSeconds(10));
        server.CloseStdin();
        await server.WaitForExitAsync(TimeSpan.FromSeconds(5));

        Assert.True(reply.IsError);
        Assert.Contains("WAIAAS_BASE_URL", reply.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(status.TryGetProperty("result", out _));
        Assert.DoesNotContain("hunter2", Encoding.UTF8.GetString(server.StdoutBytes()), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", server.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Configuration problems that used to be dropped silently, leaving calls to act on guesses.</summary>
    public static TheoryData<string, string> ConfigurationProblems => new()
    {
        { EnvironmentVariables.DataDir, "relative/waiaas" },
        { EnvironmentVariables.WalletId, "../other wallet" },
        { EnvironmentVariables.RequestTimeoutSeconds, "forever" },
    };

    [Theory]
    [MemberData(nameof(ConfigurationProblems))]
    public async Task Binary_ConfigurationProblem_EveryToolCallAndResourceReadSaysWhatToFix(string variable, string value)
    {
        await using var daemon = new RawDaemon(_ => RawAnswer.Json(200, Accepted));
        using var server = Start(daemon.BaseUrl, (variable, value));
        await server.InitializeAsync();

        var replies = new List<ToolReply>();
        foreach (var call in new[] { ToolReply.GetBalanceCall, SendToken, """{"name":"connect_info","arguments":{}}""" })
        {
            replies.Add(await CallAsync(server, call));
        }

        foreach (var uri in new[] { "waiaas://wallet/balance", "waiaas://wallet/address" })
        {
            var read = await server.RequestAsync(++_nextId, "resources/read", $$"""{"uri":"{{uri}}"}""", TimeSpan.FromSeconds(10));
            replies.Add(new ToolReply(true, JsonDocument.Parse(read.GetProperty("result").GetProperty("contents")[0].GetProperty("text").GetString()!).RootElement.Clone()));
        }

        Assert.All(replies, reply =>
        {
            Assert.True(reply.IsError);
            Assert.Equal(ServerErrorCodes.Configuration, reply.Json.GetProperty("code").GetString());
            Assert.Contains(variable, reply.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Equal(Guidance.ConfigurationHint, reply.Json.GetProperty("hint").GetString());
        });
        Assert.Empty(daemon.Requests);
    }

    [Fact]
    public async Task Binary_NoDataDirAndNoToken_SessionExpiredHintPromisesNoPickUpItCannotMake()
    {
        using var server = ServerProcess.Start();
        await server.InitializeAsync();

        var reply = await CallAsync(server, ToolReply.GetBalanceCall);

        Assert.Equal("session_expired", reply.Status);
        var hint = reply.Json.GetProperty("hint").GetString()!;
        Assert.Contains("WAIAAS_SESSION_TOKEN", hint, StringComparison.Ordinal);
        Assert.DoesNotContain("by itself within a minute", hint, StringComparison.Ordinal);
    }

    private static RawAnswer Fault(string fault) => fault == Silence ? RawAnswer.Silence : LostAnswers.For(fault, Accepted);

    private ServerProcess Start(Uri baseUrl, params (string Name, string Value)[] extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["WAIAAS_BASE_URL"] = baseUrl.ToString(),
            ["WAIAAS_SESSION_TOKEN"] = _token,
            ["WAIAAS_WALLET_ID"] = "01a20cca-7af3-7883-800f-3c1b3d8dcc78",
            ["WAIAAS_MCP_REQUEST_TIMEOUT_SECONDS"] = "1",
        };
        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        return ServerProcess.Start(environment);
    }

    private async Task<ToolReply> CallAsync(ServerProcess server, string call) =>
        ToolReply.From(await server.RequestAsync(++_nextId, "tools/call", call, TimeSpan.FromSeconds(10)));

    private async Task<string> FirstActionToolWithoutRequiredArgumentsAsync(ServerProcess server)
    {
        var list = await server.RequestAsync(++_nextId, "tools/list", "{}", TimeSpan.FromSeconds(10));
        return list.GetProperty("result").GetProperty("tools").EnumerateArray()
            .Where(tool => tool.GetProperty("name").GetString()!.StartsWith("action_", StringComparison.Ordinal))
            .First(tool => !tool.GetProperty("inputSchema").TryGetProperty("required", out var required) || required.GetArrayLength() == 0)
            .GetProperty("name").GetString()!;
    }

    private void AssertCleanOutput(ServerProcess server)
    {
        var stdout = Encoding.UTF8.GetString(server.StdoutBytes());
        Assert.DoesNotContain(GenericError, stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\"error\":{", stdout, StringComparison.Ordinal);
        SecretScan.AssertNoToken([_token], ("stdout", stdout), ("stderr", server.Stderr));
    }
}
