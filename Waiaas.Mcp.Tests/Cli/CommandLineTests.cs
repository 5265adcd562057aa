using Waiaas.Mcp.Cli;
using Waiaas.Mcp.Hosting;
using Waiaas.Mcp.Configuration;

namespace Waiaas.Mcp.Tests.Cli;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData("--version")]
    [InlineData("-v")]
    public async Task Run_Version_PrintsVersionToStdout(string flag)
    {
        var (exit, stdout, stderr) = await Run(flag);

        Assert.Equal(0, exit);
        Assert.Equal($"waiaas-mcp {ServerVersion.Current}\n", stdout.ReplaceLineEndings("\n"));
        Assert.Empty(stderr);
    }

    [Fact]
    public async Task Run_Help_ListsEveryEnvironmentVariable()
    {
        var (exit, stdout, _) = await Run("--help");

        Assert.Equal(0, exit);
        foreach (var name in new[] { "WAIAAS_BASE_URL", "WAIAAS_DATA_DIR", "WAIAAS_SESSION_TOKEN", "WAIAAS_WALLET_ID", "WAIAAS_WALLET_NAME", "WAIAAS_MCP_REQUEST_TIMEOUT_SECONDS", "WAIAAS_MCP_LOG_LEVEL" })
        {
            Assert.Contains(name, stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Run_Help_ListsDoctorAndConfigWithEveryClient()
    {
        var (_, stdout, _) = await Run("--help");

        Assert.Contains("waiaas-mcp doctor [--json] [--client", stdout, StringComparison.Ordinal);
        Assert.Contains("waiaas-mcp config <claude-desktop|claude-code|cursor|vscode> [--install]", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownArgument_UsageOnStderrAndExit2()
    {
        var (exit, stdout, stderr) = await Run("--serve-forever");

        Assert.Equal(CommandLine.UsageError, exit);
        Assert.Empty(stdout);
        Assert.Contains("unknown arguments '--serve-forever'", stderr, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CommandLine.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
