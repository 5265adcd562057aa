using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Waiaas.Mcp.Cli;
using Waiaas.Mcp.ClientConfig;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.ClientConfig;

public sealed class ConfigCommandTests : IDisposable
{
    private const string Binary = "/opt/waiaas/waiaas-mcp";
    private readonly TempDirectory _temp = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 13, 0, 0, TimeSpan.Zero));
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    public void Dispose() => _temp.Dispose();

    /// <summary>An absolute path on every OS (a literal /home/... is not absolute on Windows); not created.</summary>
    private string DataDir => _temp.Combine("waiaas-data");

    /// <summary>Every client the command knows: each has its snapshot in Snapshots/config/.</summary>
    public static TheoryData<string> Clients() => new(ClientApp.All.Select(client => client.Id));

    [Theory]
    [MemberData(nameof(Clients))]
    public void Config_Print_EntryWithAbsoluteBinaryAndEnvironment(string client)
    {
        var (exit, stdout, stderr) = Run(HostOs.Linux, "config", client, "--data-dir", DataDir, "--wallet-id", "w-1", "--wallet-name", "trading");

        Assert.Equal(0, exit);
        Snapshot.MatchJson(stdout.Replace(JsonEncodedText.Encode(DataDir).ToString(), "<data dir>", StringComparison.Ordinal), $"config/{client}");
        Assert.Contains(ClientApp.Find(client)!.ConfigPath(Paths(HostOs.Linux)), stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MacOs", "Library/Application Support/Claude/claude_desktop_config.json")]
    [InlineData("Windows", "AppData/Roaming/Claude/claude_desktop_config.json")]
    [InlineData("Linux", ".config/Claude/claude_desktop_config.json")]
    public void Install_ClaudeDesktopPerOs_CreatesTheFileWhereTheAppReadsIt(string os, string relative)
    {
        var (exit, stdout, _) = Run(Enum.Parse<HostOs>(os), "config", "claude-desktop", "--install", "--data-dir", DataDir);

        Assert.Equal(0, exit);
        var path = _temp.Combine(relative.Split('/'));
        Assert.Contains("created", stdout, StringComparison.Ordinal);
        var entry = ReadJson(path)["mcpServers"]!["waiaas"]!;
        Assert.Equal(Binary, entry["command"]!.GetValue<string>());
        Assert.Equal(DataDir, entry["env"]!["WAIAAS_DATA_DIR"]!.GetValue<string>());
        Assert.Equal("http://127.0.0.1:3100", entry["env"]!["WAIAAS_BASE_URL"]!.GetValue<string>());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void Install_ExistingServersAndSettings_KeepsEverythingAndBacksUp()
    {
        var path = ClaudeDesktopPath();
        const string original = """
            {
              "globalShortcut": "Ctrl+Space",
              "mcpServers": {
                "filesystem": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"], "env": { "KEY": "ünïcode \"quoted\"" } },
                "waiaas": { "command": "/old/waiaas-mcp", "env": {} }
              },
              "numbers": [1, 2.50, 12345678901234567890]
            }
            """;
        Write(path, original);

        var (exit, stdout, _) = Run(HostOs.Linux, "config", "claude-desktop", "--install", "--data-dir", DataDir);

        Assert.Equal(0, exit);
        var json = ReadJson(path);
        Assert.Equal("Ctrl+Space", json["globalShortcut"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(original)!["mcpServers"]!["filesystem"], json["mcpServers"]!["filesystem"]));
        Assert.Equal("[1,2.50,12345678901234567890]", json["numbers"]!.ToJsonString());
        Assert.Equal(Binary, json["mcpServers"]!["waiaas"]!["command"]!.GetValue<string>());
        Assert.Equal(["globalShortcut", "mcpServers", "numbers"], json.AsObject().Select(p => p.Key));
        var backup = path + ".20261124T130000Z.bak";
        Assert.Equal(original, File.ReadAllText(backup));
        Assert.Contains(backup, stdout, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    [Fact]
    public void Install_Twice_SecondRunChangesNothing()
    {
        var path = ClaudeDesktopPath();
        Write(path, """{"mcpServers":{"other":{"command":"x"}}}""");
        Assert.Equal(0, Run(HostOs.Linux, "config", "claude-desktop", "--install", "--data-dir", DataDir).Exit);
        var afterFirst = File.ReadAllText(path);
        _time.Advance(TimeSpan.FromMinutes(1));

        var (exit, stdout, _) = Run(HostOs.Linux, "config", "claude-desktop", "--install", "--data-dir", DataDir);

        Assert.Equal(0, exit);
        Assert.Contains("nothing changed", stdout, StringComparison.Ordinal);
        Assert.Equal(afterFirst, File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.bak"));
    }

    [Theory]
    [InlineData("{\"mcpServers\": {")]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("{\"mcpServers\": [\"not\", \"an object\"]}")]
    [InlineData("{\"mcpServers\": {}, // a comment\n \"x\": 1}")]
    [InlineData("{\"mcpServers\": {},}")]
    public void Install_FileNotPlainJsonObject_RefusesAndLeavesItUntouched(string content)
    {
        var path = ClaudeDesktopPath();
        Write(path, content);

        var (exit, stdout, stderr) = Run(HostOs.Linux, "config", "claude-desktop", "--install", "--data-dir", DataDir);

        Assert.Equal(ConfigCommand.InstallFailed, exit);
        Assert.Empty(stdout);
        Assert.Contains(path, stderr, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void Install_EmptyFile_TreatedAsEmptyConfig()
    {
        var path = ClaudeDesktopPath();
        Write(path, "\n");

        Assert.Equal(0, Run(HostOs.Linux, "config", "claude-desktop", "--install", "--data-dir", DataDir).Exit);

        Assert.Equal(Binary, ReadJson(path)["mcpServers"]!["waiaas"]!["command"]!.GetValue<string>());
    }

    [Fact]
    public void Install_ConfigFileIsSymlink_WritesThroughTheLink()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var real = _temp.Combine("dotfiles", "claude.json");
        Write(real, "{}");
        var link = _temp.Combine(".claude.json");
        File.CreateSymbolicLink(link, real);

        Assert.Equal(0, Run(HostOs.Linux, "config", "claude-code", "--install", "--data-dir", DataDir).Exit);

        Assert.NotNull(new FileInfo(link).LinkTarget);
        var entry = ReadJson(real)["mcpServers"]!["waiaas"]!;
        Assert.Equal("stdio", entry["type"]!.GetValue<string>());
    }

    [Fact]
    public void Install_ExistingFileMode_Kept()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = _temp.Combine(".cursor", "mcp.json");
        Write(path, "{}");
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(path, mode);

        Assert.Equal(0, Run(HostOs.Linux, "config", "cursor", "--install", "--data-dir", DataDir).Exit);

        Assert.Equal(mode, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Install_VsCode_WorkspaceFileWithServersAndStdioType()
    {
        Assert.Equal(0, Run(HostOs.Windows, "config", "vscode", "--install", "--data-dir", DataDir, "--wallet-name", "ops").Exit);

        var entry = ReadJson(_temp.Combine("project", ".vscode", "mcp.json"))["servers"]!["waiaas-ops"]!;
        Assert.Equal("stdio", entry["type"]!.GetValue<string>());
        Assert.Equal("ops", entry["env"]!["WAIAAS_WALLET_NAME"]!.GetValue<string>());
    }

    [Fact]
    public void Install_ConfigFileFlag_OverridesTheDefaultPath()
    {
        var (exit, _, _) = Run(HostOs.Linux, "config", "cursor", "--install", "--data-dir", DataDir, "--config-file", "custom/mcp.json");

        Assert.Equal(0, exit);
        Assert.True(File.Exists(_temp.Combine("project", "custom", "mcp.json")));
    }

    [Theory]
    [InlineData("--session-token")]
    [InlineData("--token")]
    public void Config_SessionTokenFlag_RefusedPointingToTheTokenFile(string flag)
    {
        var token = TestTokens.Create("s", DateTimeOffset.UnixEpoch, null);
        var (exit, stdout, stderr) = Run(HostOs.Linux, "config", "claude-desktop", "--install", flag, token);

        Assert.Equal(CommandLine.UsageError, exit);
        Assert.Contains("mcp-token", stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_temp.Path, "*", SearchOption.AllDirectories));
        SecretScan.AssertNoToken([token], ("stdout", stdout), ("stderr", stderr));
    }

    [Fact]
    public void Config_TokenInShellEnvironment_NeverWritten()
    {
        var token = TestTokens.Create("s", DateTimeOffset.UnixEpoch, null);
        _environment["WAIAAS_SESSION_TOKEN"] = token;
        _environment["WAIAAS_DATA_DIR"] = DataDir;
        _environment["WAIAAS_MCP_LOG_LEVEL"] = "debug";

        var (exit, stdout, stderr) = Run(HostOs.Linux, "config", "claude-code", "--install");

        Assert.Equal(0, exit);
        var env = ReadJson(_temp.Combine(".claude.json"))["mcpServers"]!["waiaas"]!["env"]!.AsObject();
        Assert.Equal(["WAIAAS_DATA_DIR", "WAIAAS_BASE_URL"], env.Select(p => p.Key));
        SecretScan.AssertNoToken([token], [("stdout", stdout), ("stderr", stderr), .. SecretScan.FilesExcept(_temp.Path)]);
    }

    [Fact]
    public void Config_ConfirmSpend_WrittenIntoTheEntry()
    {
        var (exit, _, _) = Run(HostOs.Linux, "config", "claude-desktop", "--install", "--data-dir", DataDir, "--confirm", "spend");

        Assert.Equal(0, exit);
        var env = ReadJson(ClaudeDesktopPath())["mcpServers"]!["waiaas"]!["env"]!.AsObject();
        Assert.Equal("spend", env["WAIAAS_MCP_CONFIRM"]!.GetValue<string>());
    }

    [Fact]
    public void Config_ConfirmFromTheShell_WrittenAndNoneLeftOut()
    {
        _environment["WAIAAS_MCP_CONFIRM"] = "spend";
        var (_, withSpend, _) = Run(HostOs.Linux, "config", "cursor", "--data-dir", DataDir);
        var (_, withNone, _) = Run(HostOs.Linux, "config", "cursor", "--data-dir", DataDir, "--confirm", "none");

        Assert.Contains("\"WAIAAS_MCP_CONFIRM\": \"spend\"", withSpend, StringComparison.Ordinal);
        // none is the default: an entry without the variable means the same.
        Assert.DoesNotContain("WAIAAS_MCP_CONFIRM", withNone, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("config")]
    [InlineData("config", "cursor", "--confirm", "always")]
    [InlineData("config", "windsurf")]
    [InlineData("config", "cursor", "--base-url", "ftp://x")]
    [InlineData("config", "cursor", "--data-dir", "relative")]
    [InlineData("config", "cursor", "--data-dir")]
    [InlineData("config", "cursor", "--frobnicate")]
    public void Config_BadArguments_UsageErrorAndNothingWritten(params string[] args)
    {
        var (exit, stdout, stderr) = Run(HostOs.Linux, args);

        Assert.Equal(CommandLine.UsageError, exit);
        Assert.Empty(stdout);
        Assert.StartsWith("waiaas-mcp config:", stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_temp.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Config_NoDataDir_NoteOnStderrButPrinted()
    {
        var (exit, stdout, stderr) = Run(HostOs.Linux, "config", "cursor");

        Assert.Equal(0, exit);
        Assert.Contains("no data dir", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("WAIAAS_DATA_DIR", stdout, StringComparison.Ordinal);
    }

    private ClientPaths Paths(HostOs os) => new(os, _temp.Path, os == HostOs.Windows ? _temp.Combine("AppData", "Roaming") : null, null, _temp.Combine("project"));

    private string ClaudeDesktopPath() => ClientApp.ClaudeDesktop.ConfigPath(Paths(HostOs.Linux));

    private (int Exit, string Stdout, string Stderr) Run(HostOs os, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var context = new CommandContext(stdout, stderr, name => _environment.GetValueOrDefault(name), _time, Paths(os), Binary);
        var exit = CommandLine.RunAsync(args, context).GetAwaiter().GetResult();
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static void Write(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private static JsonNode ReadJson(string path) => JsonNode.Parse(File.ReadAllText(path))!;
}
