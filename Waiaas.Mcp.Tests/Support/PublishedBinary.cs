namespace Waiaas.Mcp.Tests.Support;

/// <summary>
/// The Native AOT binary under test: artifacts/publish/&lt;rid&gt;/waiaas-mcp. Tests never publish it (that takes
/// minutes): scripts/test.sh publishes it before the binary tier, and a test that finds it missing or older than the
/// sources fails at once with the command to run.
/// </summary>
public static class PublishedBinary
{
    /// <summary>Set to 1 by scripts/test.sh while it runs the fast tier.</summary>
    private const string FastTierVariable = "WAIAAS_TESTS_FAST_TIER";

    private static readonly Lazy<string> Path = new(Find, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string FilePath => Path.Value;

    /// <summary>
    /// Throws while scripts/test.sh runs the fast tier: a test that needs a published artifact there lacks the Binary
    /// trait (it would pass only where an earlier run left the artifact behind).
    /// </summary>
    public static void RefuseInFastTier()
    {
        if (Environment.GetEnvironmentVariable(FastTierVariable) == "1")
        {
            throw new InvalidOperationException(
                "This test needs the published binary but runs in the fast tier: mark its class [Trait(\"Category\", \"Binary\")].");
        }
    }

    private static string Find()
    {
        RefuseInFastTier();
        var binary = RepositoryPaths.PublishedBinary;
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException($"No published binary at {binary}: run `{PublishCommand}` first (scripts/test.sh does).");
        }

        if (BuildOutput.IsOlderThanSources(binary))
        {
            throw new InvalidOperationException($"{binary} is older than the sources: run `{PublishCommand}` first (scripts/test.sh does).");
        }

        return binary;
    }

    private static string PublishCommand => $"bash scripts/publish.sh {RepositoryPaths.RuntimeIdentifier}";
}
