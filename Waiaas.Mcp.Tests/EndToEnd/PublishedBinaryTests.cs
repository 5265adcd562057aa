using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.EndToEnd;

/// <summary>
/// The Native AOT binary over its real stdin/stdout. These prove AOT works (a missing JSON contract or a
/// trimmed-away member only fails here) and that stdout carries nothing but JSON-RPC messages.
/// </summary>
[Collection(PublishedBinaryCollection.Name)]
[Trait("Category", "Binary")]
public sealed class PublishedBinaryTests
{
    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Binary_RealMcpClient_InitializesListsAndCalls()
    {
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = PublishedBinary.FilePath,
            Name = "waiaas-mcp",
            EnvironmentVariables = new Dictionary<string, string?> { ["WAIAAS_BASE_URL"] = "http://127.0.0.1:9", ["WAIAAS_WALLET_NAME"] = "ci" },
        });
        await using var client = await McpClient.CreateAsync(transport, cancellationToken: TestTimeout.Token);

        Assert.Equal("waiaas-ci", client.ServerInfo!.Name);
        var tools = await client.ListToolsAsync(cancellationToken: TestTimeout.Token);
        Assert.Contains(tools, t => t.Name == "get_balance");
        var result = await client.CallToolAsync("get_balance", cancellationToken: TestTimeout.Token);
        Assert.NotEqual(true, result.IsError);
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.Equal("session_expired", JsonDocument.Parse(text).RootElement.GetProperty("status").GetString());
        var resources = await client.ListResourcesAsync(cancellationToken: TestTimeout.Token);
        Assert.Contains(resources, r => r.Uri == "waiaas://system/status");
        var status = await client.ReadResourceAsync("waiaas://system/status", cancellationToken: TestTimeout.Token);
        Assert.Contains("connection refused", Assert.IsType<TextResourceContents>(Assert.Single(status.Contents)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binary_ClientNeverReadsStderr_EveryRequestStillAnswered()
    {
        // Each of these requests logs a warning: far more than the logger's queue (2,500 lines) and the stderr pipe
        // (64 KiB) hold. The logger must drop lines rather than block the handlers.
        const int count = 4000;
        var start = new ProcessStartInfo(PublishedBinary.FilePath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.Environment["WAIAAS_BASE_URL"] = "http://127.0.0.1:9";
        using var process = Process.Start(start)!;
        try
        {
            var lines = Enumerable.Range(1, count).Select(id => JsonRpcLines.Request(id, "notifications/initialized"));
            var input = string.Join("\n", [JsonRpcLines.Initialize, JsonRpcLines.Initialized, .. lines, JsonRpcLines.Request("last", "ping")]) + "\n";
            var writing = Task.Run(async () =>
            {
                await process.StandardInput.WriteAsync(input);
                process.StandardInput.Close();
            });
            var output = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(20));
            await writing;

            var ids = JsonRpcLines.Parse(Encoding.UTF8.GetBytes(output)).Select(m => m.GetProperty("id").GetRawText()).ToList();
            Assert.Equal(count + 2, ids.Count);
            Assert.Contains("\"last\"", ids);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    [Fact]
    public async Task Binary_GarbageInterleavedThenStdinClosed_StdoutOnlyJsonRpcAndEveryRequestAnswered()
    {
        using var server = ServerProcess.Start();

        await server.WriteLinesAsync(
            JsonRpcLines.Initialize,
            JsonRpcLines.Initialized,
            "this is not json",
            "{\"unterminated\": ",
            "[{\"jsonrpc\":\"2.0\",\"id\":50,\"method\":\"ping\"}]",
            "\0\0\0",
            JsonRpcLines.Request(1, "tools/list"),
            """{"jsonrpc":"1.0","id":2,"method":"tools/list"}""",
            JsonRpcLines.Request(3, "tools/call", """{"name":"get_balance","arguments":{"wallet_id":["not","a","string"]}}"""),
            JsonRpcLines.Request(4, "tools/call", """{"name":"get_balance","arguments":{}}"""),
            JsonRpcLines.Request(5, "resources/read", """{"uri":"waiaas://system/status"}"""),
            JsonRpcLines.Request(6, "no/such/method"));
        server.CloseStdin();

        Assert.Equal(0, await server.WaitForExitAsync(ExitLimit));
        var messages = JsonRpcLines.Parse(server.StdoutBytes());
        foreach (var id in new object[] { "init", 1, 2, 3, 4, 5, 6 })
        {
            JsonRpcLines.ResponseTo(messages, id);
        }

        Assert.True(JsonRpcLines.ResponseTo(messages, 3).GetProperty("result").GetProperty("isError").GetBoolean());
        Assert.Contains("[waiaas-mcp]", server.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binary_StdinClosedWithoutInput_ExitsZero()
    {
        using var server = ServerProcess.Start();

        server.CloseStdin();

        Assert.Equal(0, await server.WaitForExitAsync(ExitLimit));
        Assert.Empty(server.StdoutBytes());
    }

    [Fact]
    public async Task Binary_StdinClosed_LastLogLineReachesStderr()
    {
        using var server = ServerProcess.Start();

        server.CloseStdin();

        // The console logger writes from a queue: the factory must dispose (flush) it before the process exits.
        Assert.Equal(0, await server.WaitForExitAsync(ExitLimit));
        Assert.EndsWith("[waiaas-mcp] info: Stopped.", server.Stderr.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binary_Version_PrintsVersionAndExits()
    {
        using var server = ServerProcess.Start(null, "--version");

        Assert.Equal(0, await server.WaitForExitAsync(ExitLimit));
        Assert.StartsWith("waiaas-mcp ", System.Text.Encoding.UTF8.GetString(server.StdoutBytes()), StringComparison.Ordinal);
    }
}

/// <summary>Process tests share one published binary and run one at a time (2-core machines).</summary>
[CollectionDefinition(Name)]
public sealed class PublishedBinaryCollection
{
    public const string Name = "published binary";
}
