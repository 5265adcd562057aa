using System.Text.Json.Nodes;
using Waiaas.Mcp.Cli;
using Waiaas.Mcp.ClientConfig;
using Waiaas.Mcp.Diagnostics;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.Diagnostics;

/// <summary>`doctor --client`: the client's entry is checked and its env, not the shell's, drives the other checks.</summary>
public sealed class DoctorClientTests
{
    [Fact]
    public async Task Doctor_ClientAfterConfigInstall_ReadyWithTheEntrysEnvironment()
    {
        using var harness = new DoctorHarness();
        await using var daemon = await DoctorHarness.HealthyDaemonAsync();
        harness.WriteToken(TimeSpan.FromHours(2));
        var install = await harness.RunCommandAsync(["config", "claude-desktop", "--install", "--data-dir", harness.DataDir, "--base-url", daemon.BaseUrl.ToString()]);
        Assert.Equal(0, install.Exit);
        // The shell's own values are wrong: only the entry's env may count.
        harness.Environment["WAIAAS_BASE_URL"] = "ftp://wrong";
        harness.Environment["WAIAAS_DATA_DIR"] = "relative";

        var run = await harness.RunAsync(json: false, "--client", "claude-desktop");

        Assert.Equal(0, run.Exit);
        Snapshot.Match(harness.Normalize(run.Stdout, daemon.BaseUrl.ToString()), "doctor/client-healthy.txt");
    }

    [Fact]
    public async Task Doctor_ClientConfigMissing_FailsWithInstallFix()
    {
        using var harness = new DoctorHarness();

        var run = await harness.RunAsync(true, "--client", "cursor");

        Assert.Equal(DoctorReport.NotReadyExitCode, run.Exit);
        Assert.Equal(["client"], run.Statuses.Keys);
        Assert.Contains("no Cursor config file", run.Summary("client"), StringComparison.Ordinal);
        Assert.Contains("waiaas-mcp config cursor", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"mcpServers\": {\"other\": {\"command\": \"npx\"}}}", "has no waiaas-mcp entry")]
    [InlineData("{\"mcpServers\": ", "is not valid JSON")]
    [InlineData("{\"mcpServers\": 3}", "is not a JSON object")]
    [InlineData("{\"mcpServers\": {\"a\": {\"command\": \"/x/waiaas-mcp\"}, \"b\": {\"command\": \"C:\\\\w\\\\waiaas-mcp.exe\"}}}", "several waiaas-mcp entries (a, b)")]
    public async Task Doctor_ClientConfigWithoutUsableEntry_FailsSayingWhy(string content, string expected)
    {
        using var harness = new DoctorHarness();
        WriteConfig(harness, content);

        var run = await harness.RunAsync(true, "--client", "claude-desktop");

        Assert.Equal(DoctorReport.NotReadyExitCode, run.Exit);
        Assert.Equal("fail", run.Statuses["client"]);
        Assert.Contains(expected, run.Summary("client"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_ClientSeveralEntriesWithName_ChecksThatOne()
    {
        using var harness = new DoctorHarness();
        WriteConfig(harness, Entries(("waiaas-a", "/gone/waiaas-mcp", null), ("waiaas-b", harness.Binary, null)));

        var run = await harness.RunAsync(true, "--client", "claude-desktop", "--name", "waiaas-b");

        Assert.Equal("pass", run.Statuses["client"]);
    }

    [Fact]
    public async Task Doctor_ClientCommandMissing_FailsWithReinstallFix()
    {
        using var harness = new DoctorHarness();
        var gone = Path.Join(harness.Home, "moved", "waiaas-mcp");
        WriteConfig(harness, Entries(("waiaas", gone, null)));

        var run = await harness.RunAsync(true, "--client", "claude-desktop");

        Assert.Equal("fail", run.Statuses["client"]);
        Assert.Contains("does not exist", run.Summary("client"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_ClientCommandWithArguments_Fails()
    {
        using var harness = new DoctorHarness();
        WriteConfig(harness, Entries(("waiaas", harness.Binary, new JsonArray("serve"))));

        var run = await harness.RunAsync(true, "--client", "claude-desktop");

        Assert.Equal("fail", run.Statuses["client"]);
        Assert.Contains("arguments", run.Summary("client"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_ClientCommandRelative_Warns()
    {
        using var harness = new DoctorHarness();
        WriteConfig(harness, Entries(("waiaas", "waiaas-mcp", null)));

        var run = await harness.RunAsync(true, "--client", "claude-desktop");

        Assert.Equal("warn", run.Statuses["client"]);
    }

    [Fact]
    public async Task Doctor_ClientCommandIsAnotherCopy_WarnsNamingBoth()
    {
        using var harness = new DoctorHarness();
        var other = Path.Join(harness.Home, "old", "waiaas-mcp");
        DoctorHarness.WriteExecutable(other);
        WriteConfig(harness, Entries(("waiaas", other, null)));

        var run = await harness.RunAsync(true, "--client", "claude-desktop");

        Assert.Equal("warn", run.Statuses["client"]);
        Assert.Contains(harness.Binary, run.Summary("client"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_ClientCommandNotExecutable_Fails()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var harness = new DoctorHarness();
        File.SetUnixFileMode(harness.Binary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        WriteConfig(harness, Entries(("waiaas", harness.Binary, null)));

        var run = await harness.RunAsync(true, "--client", "claude-desktop");

        Assert.Equal("fail", run.Statuses["client"]);
        Assert.Contains("chmod +x", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--config-file", "x.json")]
    [InlineData("--client", "windsurf")]
    [InlineData("--client")]
    public async Task Doctor_BadClientOptions_UsageError(params string[] options)
    {
        using var harness = new DoctorHarness();

        var run = await harness.RunAsync(true, options);

        Assert.Equal(CommandLine.UsageError, run.Exit);
        Assert.Empty(run.Stdout);
    }

    private static void WriteConfig(DoctorHarness harness, string content)
    {
        var path = ClientApp.ClaudeDesktop.ConfigPath(harness.Paths);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private static string Entries(params (string Name, string Command, JsonArray? Args)[] entries)
    {
        var servers = new JsonObject();
        foreach (var (name, command, args) in entries)
        {
            servers[name] = new JsonObject { ["command"] = command, ["args"] = args ?? [], ["env"] = new JsonObject() };
        }

        return new JsonObject { ["mcpServers"] = servers }.ToJsonString();
    }
}
