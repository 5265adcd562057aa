using System.Text.RegularExpressions;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.EndToEnd;

/// <summary>
/// The published binary speaks plainly when something goes wrong: framework messages are sentences (not resource keys
/// such as <c>IO_PathNotFound_Path</c>), and a crash report names the methods it went through (not only addresses).
/// </summary>
[Collection(PublishedBinaryCollection.Name)]
[Trait("Category", "Binary")]
public sealed class DebuggabilityBinaryTests
{
    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(10);

    /// <summary>What a framework message is without its text: <c>IO_PathNotFound_Path</c>, <c>net_http_invalid_response_premature_eof_bytecount</c>.</summary>
    private static readonly Regex ResourceKey = new(@"\b[A-Za-z]+_[A-Za-z]+_[A-Za-z_]+\b");

    [Fact]
    public async Task Binary_ConfigInstallBelowAFile_FrameworkMessageReadable()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("not-a-folder"), "x");
        var file = temp.Combine("not-a-folder", "cursor", "mcp.json");

        using var process = ServerProcess.Start(null, "config", "cursor", "--install", "--data-dir", temp.Path, "--config-file", file);

        Assert.Equal(1, await process.WaitForExitAsync(ExitLimit));
        var problem = process.Stderr.Split('\n').Single(line => line.StartsWith("waiaas-mcp config: ", StringComparison.Ordinal));
        Assert.Contains("Could not find a part of the path", problem, StringComparison.Ordinal);
        Assert.DoesNotMatch(ResourceKey, problem);
    }

    [UnixFact("the server is started through /bin/sh with its stdout closed")]
    public async Task Binary_StartedWithoutStdout_CrashReportNamesTheMethods()
    {
        // The one unhandled exception found from outside: with no stdout at all, reading Console.Out at start throws.
        using var process = ServerProcess.StartExecutable("/bin/sh", null, "-c", "exec \"$0\" >&-", PublishedBinary.FilePath);

        var exit = await process.WaitForExitAsync(ExitLimit);

        var report = process.Stderr;
        Assert.True(
            report.Contains("Unhandled exception.", StringComparison.Ordinal),
            $"the server no longer dies with stdout closed (exit {exit}); provoke an unhandled exception another way to check its report:\n{report}");
        Assert.Contains("Access to the path is denied", report, StringComparison.Ordinal);
        Assert.Matches(@"\n\s+at System\.Console\.", report);
        Assert.DoesNotContain("<BaseAddress>+0x", report, StringComparison.Ordinal);
        Assert.DoesNotMatch(ResourceKey, report);
    }
}
