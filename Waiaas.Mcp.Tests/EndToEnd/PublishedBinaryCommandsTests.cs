using System.Text.Json;
using Waiaas.Mcp.Tests.Diagnostics;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.EndToEnd;

/// <summary>
/// `doctor --json` (also with `--client`) and `config --install` run by the Native AOT binary: its JSON (source-generated report, JsonNode
/// merge) must work trimmed and without reflection, and `config` must write the binary's own absolute path.
/// </summary>
[Collection(PublishedBinaryCollection.Name)]
[Trait("Category", "Binary")]
public sealed class PublishedBinaryCommandsTests
{
    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Binary_DoctorJsonAgainstHealthyDaemon_ReadyReportWithoutToken()
    {
        using var data = new TempDirectory();
        await using var daemon = await DoctorHarness.HealthyDaemonAsync();
        var now = DateTimeOffset.UtcNow;
        var token = TestTokens.Create("01a20cd0-f250-737a-9df9-bff2f080e3b3", now, now.AddHours(1));
        File.WriteAllText(data.Combine("mcp-token"), token);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(data.Combine("mcp-token"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        using var process = ServerProcess.Start(
            new Dictionary<string, string> { ["WAIAAS_BASE_URL"] = daemon.BaseUrl.ToString(), ["WAIAAS_DATA_DIR"] = data.Path },
            "doctor", "--json");
        var exit = await process.WaitForExitAsync(ExitLimit);

        var stdout = System.Text.Encoding.UTF8.GetString(process.StdoutBytes());
        Assert.True(exit == 0, $"doctor exited {exit}:\n{stdout}\n{process.Stderr}");
        using var report = JsonDocument.Parse(stdout);
        Assert.True(report.RootElement.GetProperty("ok").GetBoolean());
        var statuses = report.RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("status").GetString()!);
        Assert.Equal("pass", statuses["session"]);
        Assert.Equal("pass", statuses["kill_switch"]);
        SecretScan.AssertNoToken([token], ("stdout", stdout), ("stderr", process.Stderr));
    }

    [Fact]
    public async Task Binary_TokenInTheWrongVariables_DoctorConfigAndTheStatusResourceNeverRepeatIt()
    {
        var now = DateTimeOffset.UtcNow;
        var token = TestTokens.Create("01a20cd0-f250-737a-9df9-bff2f080e3b3", now, now.AddHours(1));
        var misplaced = new Dictionary<string, string>
        {
            ["WAIAAS_BASE_URL"] = "http://127.0.0.1:9/" + token,
            ["WAIAAS_WALLET_ID"] = token,
            ["WAIAAS_DATA_DIR"] = "relative/" + token,
            ["WAIAAS_MCP_LOG_LEVEL"] = token,
            ["WAIAAS_MCP_CONFIRM"] = token,
        };

        using var doctor = ServerProcess.Start(misplaced, "doctor");
        await doctor.WaitForExitAsync(ExitLimit);
        using var doctorJson = ServerProcess.Start(misplaced, "doctor", "--json");
        await doctorJson.WaitForExitAsync(ExitLimit);
        using var config = ServerProcess.Start(null, "config", "claude-desktop", "--wallet-id", token, "--data-dir", "relative/" + token);
        await config.WaitForExitAsync(ExitLimit);
        using var server = ServerProcess.Start(misplaced);
        await server.InitializeAsync();
        var status = await server.RequestAsync(1, "resources/read", """{"uri":"waiaas://system/status"}""", ExitLimit);

        Assert.Contains("WAIAAS_WALLET_ID", status.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("WAIAAS_WALLET_ID", System.Text.Encoding.UTF8.GetString(doctor.StdoutBytes()), StringComparison.Ordinal);
        SecretScan.AssertNoToken(
            [token],
            ("doctor stdout", System.Text.Encoding.UTF8.GetString(doctor.StdoutBytes())),
            ("doctor stderr", doctor.Stderr),
            ("doctor --json stdout", System.Text.Encoding.UTF8.GetString(doctorJson.StdoutBytes())),
            ("config stdout", System.Text.Encoding.UTF8.GetString(config.StdoutBytes())),
            ("config stderr", config.Stderr),
            ("server stdout", System.Text.Encoding.UTF8.GetString(server.StdoutBytes())),
            ("server stderr", server.Stderr));
    }

    [Fact]
    public async Task Binary_DoctorNoDaemon_ExitOneAndTextReport()
    {
        using var process = ServerProcess.Start(null, "doctor");
        var exit = await process.WaitForExitAsync(ExitLimit);

        Assert.Equal(1, exit);
        var stdout = System.Text.Encoding.UTF8.GetString(process.StdoutBytes());
        Assert.Contains("✗ daemon", stdout, StringComparison.Ordinal);
        Assert.Contains("fix: start the daemon", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binary_ConfigInstall_MergesItsOwnAbsolutePath()
    {
        using var temp = new TempDirectory();
        var file = temp.Combine("claude_desktop_config.json");
        File.WriteAllText(file, """{"mcpServers":{"other":{"command":"x"}},"theme":"dark"}""");

        using var process = ServerProcess.Start(null, "config", "claude-desktop", "--install", "--data-dir", temp.Path, "--base-url", "http://127.0.0.1:9", "--config-file", file);
        var exit = await process.WaitForExitAsync(ExitLimit);

        Assert.True(exit == 0, process.Stderr);
        using var config = JsonDocument.Parse(File.ReadAllText(file));
        Assert.Equal("dark", config.RootElement.GetProperty("theme").GetString());
        Assert.Equal("x", config.RootElement.GetProperty("mcpServers").GetProperty("other").GetProperty("command").GetString());
        var entry = config.RootElement.GetProperty("mcpServers").GetProperty("waiaas");
        Assert.Equal(Path.GetFullPath(PublishedBinary.FilePath), entry.GetProperty("command").GetString());
        Assert.Equal(temp.Path, entry.GetProperty("env").GetProperty("WAIAAS_DATA_DIR").GetString());

        // The doctor finds that entry, sees it starts this very binary, and checks with the entry's env.
        using var doctor = ServerProcess.Start(null, "doctor", "--json", "--client", "claude-desktop", "--config-file", file);
        Assert.Equal(1, await doctor.WaitForExitAsync(ExitLimit));
        using var report = JsonDocument.Parse(doctor.StdoutBytes());
        var checks = report.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("status").GetString()!);
        Assert.Equal("pass", checks["client"]);
        Assert.Equal("fail", checks["token_file"]);
        Assert.Equal("fail", checks["daemon"]);
    }
}
