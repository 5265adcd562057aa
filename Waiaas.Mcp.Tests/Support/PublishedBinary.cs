using System.Diagnostics;

namespace Waiaas.Mcp.Tests.Support;

/// <summary>
/// The Native AOT binary under test: artifacts/publish/&lt;rid&gt;/waiaas-mcp. scripts/test.sh publishes it
/// before the tests; when it is missing (a bare `dotnet test`), it is published here once.
/// </summary>
public static class PublishedBinary
{
    private static readonly Lazy<string> Path = new(EnsurePublished, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string FilePath => Path.Value;

    private static string EnsurePublished()
    {
        var binary = RepositoryPaths.PublishedBinary;
        if (File.Exists(binary) && File.GetLastWriteTimeUtc(binary) >= NewestSourceWriteTime())
        {
            return binary;
        }

        var script = System.IO.Path.Combine(RepositoryPaths.Root, "scripts", "publish.sh");
        using var publish = Process.Start(new ProcessStartInfo("bash", [script, RepositoryPaths.RuntimeIdentifier])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = publish.StandardOutput.ReadToEndAsync();
        var errors = publish.StandardError.ReadToEndAsync();
        publish.WaitForExit();
        if (publish.ExitCode != 0 || !File.Exists(binary))
        {
            throw new InvalidOperationException($"Publishing the AOT binary failed:\n{output.Result}\n{errors.Result}");
        }

        return binary;
    }

    /// <summary>A binary older than the server's sources would test yesterday's code: republish then.</summary>
    private static DateTime NewestSourceWriteTime()
    {
        var sources = Directory.EnumerateFiles(System.IO.Path.Combine(RepositoryPaths.Root, "Waiaas.Mcp"), "*", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{System.IO.Path.DirectorySeparatorChar}obj{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{System.IO.Path.DirectorySeparatorChar}bin{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Concat(Directory.EnumerateFiles(RepositoryPaths.Root, "Directory.*.props"));
        return sources.Max(File.GetLastWriteTimeUtc);
    }
}
