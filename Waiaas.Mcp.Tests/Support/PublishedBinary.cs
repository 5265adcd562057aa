namespace Waiaas.Mcp.Tests.Support;

/// <summary>
/// The Native AOT binary under test: artifacts/publish/&lt;rid&gt;/waiaas-mcp. scripts/test.sh publishes it
/// before the tests; when it is missing or stale (a bare `dotnet test`), it is published here once.
/// </summary>
public static class PublishedBinary
{
    private static readonly Lazy<string> Path = new(EnsurePublished, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string FilePath => Path.Value;

    private static string EnsurePublished()
    {
        var binary = RepositoryPaths.PublishedBinary;
        if (RepositoryScript.IsMissingOrOlderThanSources(binary))
        {
            RepositoryScript.Run("publish.sh", RepositoryPaths.RuntimeIdentifier);
        }

        return File.Exists(binary) ? binary : throw new InvalidOperationException($"scripts/publish.sh wrote no {binary}.");
    }
}
