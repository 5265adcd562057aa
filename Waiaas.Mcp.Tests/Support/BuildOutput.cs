namespace Waiaas.Mcp.Tests.Support;

/// <summary>Whether something the scripts built (the published binary, a package) still matches the sources.</summary>
public static class BuildOutput
{
    /// <summary>
    /// True when <paramref name="output"/> is older than a file of the server's sources, the build policy or
    /// <paramref name="moreSources"/>: testing it would test yesterday's code.
    /// </summary>
    public static bool IsOlderThanSources(string output, params string[] moreSources)
    {
        var separator = Path.DirectorySeparatorChar;
        var sources = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "Waiaas.Mcp"), "*", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{separator}obj{separator}", StringComparison.Ordinal)
                && !file.Contains($"{separator}bin{separator}", StringComparison.Ordinal))
            .Concat(Directory.EnumerateFiles(RepositoryPaths.Root, "Directory.*.props"))
            .Concat(moreSources);
        return File.GetLastWriteTimeUtc(output) < sources.Max(File.GetLastWriteTimeUtc);
    }
}
