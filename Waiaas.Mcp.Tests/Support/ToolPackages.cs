using Waiaas.Mcp.Hosting;

namespace Waiaas.Mcp.Tests.Support;

/// <summary>
/// The NuGet tool packages in artifacts/packages: the pointer package and this machine's AOT package. scripts/test.sh
/// packs them before the tests; when they are missing or stale (a bare `dotnet test`), they are packed here once.
/// </summary>
public static class ToolPackages
{
    public const string Id = "Waiaas.Mcp";

    private static readonly Lazy<string> Packed = new(EnsurePacked, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The package version is the build's, as the binary reports it.</summary>
    public static string Version => ServerVersion.Current;

    /// <summary>The folder holding both packages, packed when needed.</summary>
    public static string Folder => Packed.Value;

    public static string PointerPackage => Path.Combine(RepositoryPaths.Packages, $"{Id}.{Version}.nupkg");

    public static string RuntimePackage => Path.Combine(RepositoryPaths.Packages, $"{Id}.{RepositoryPaths.RuntimeIdentifier}.{Version}.nupkg");

    private static string EnsurePacked()
    {
        // The AOT package must hold the binary the other process tests run: it is published (if stale) first.
        var binary = PublishedBinary.FilePath;
        if (RepositoryScript.IsMissingOrOlderThanSources(RuntimePackage, binary)
            || RepositoryScript.IsMissingOrOlderThanSources(PointerPackage, RepositoryPaths.ServerJson))
        {
            RepositoryScript.Run("pack.sh", RepositoryPaths.RuntimeIdentifier);
        }

        return File.Exists(RuntimePackage) && File.Exists(PointerPackage)
            ? RepositoryPaths.Packages
            : throw new InvalidOperationException($"scripts/pack.sh wrote no {RuntimePackage} or {PointerPackage}.");
    }
}
