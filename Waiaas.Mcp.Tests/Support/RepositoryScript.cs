using System.Diagnostics;

namespace Waiaas.Mcp.Tests.Support;

/// <summary>Runs one of the repository's scripts (scripts/&lt;name&gt;) and fails with its output when it fails.</summary>
public static class RepositoryScript
{
    public static void Run(string name, params string[] args)
    {
        var script = Path.Combine(RepositoryPaths.Root, "scripts", name);
        using var process = Process.Start(new ProcessStartInfo("bash", [script, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/{name} failed:\n{output.Result}\n{errors.Result}");
        }
    }

    /// <summary>An output older than the server's sources, the build policy or <paramref name="moreSources"/> would test yesterday's code.</summary>
    public static bool IsMissingOrOlderThanSources(string output, params string[] moreSources)
    {
        var separator = Path.DirectorySeparatorChar;
        var sources = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "Waiaas.Mcp"), "*", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{separator}obj{separator}", StringComparison.Ordinal)
                && !file.Contains($"{separator}bin{separator}", StringComparison.Ordinal))
            .Concat(Directory.EnumerateFiles(RepositoryPaths.Root, "Directory.*.props"))
            .Concat(moreSources);
        return !File.Exists(output) || File.GetLastWriteTimeUtc(output) < sources.Max(File.GetLastWriteTimeUtc);
    }
}
