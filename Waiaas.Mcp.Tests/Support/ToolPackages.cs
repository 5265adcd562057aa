using Waiaas.Mcp.Hosting;
using Waiaas.Mcp.Configuration;

namespace Waiaas.Mcp.Tests.Support;

/// <summary>
/// The NuGet tool packages in artifacts/packages: the pointer package and this machine's AOT package. Tests never pack
/// them: scripts/test.sh packs them before the binary tier, and a test that finds them missing or stale fails at once
/// with the command to run.
/// </summary>
public static class ToolPackages
{
    public const string Id = "Waiaas.Mcp";

    private static readonly Lazy<string> Packed = new(Find, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The package version is the build's, as the binary reports it.</summary>
    public static string Version => ServerVersion.Current;

    /// <summary>The folder holding both packages.</summary>
    public static string Folder => Packed.Value;

    public static string PointerPackage => Path.Combine(RepositoryPaths.Packages, $"{Id}.{Version}.nupkg");

    public static string RuntimePackage => Path.Combine(RepositoryPaths.Packages, $"{Id}.{RepositoryPaths.RuntimeIdentifier}.{Version}.nupkg");

    private static string Find()
    {
        PublishedBinary.RefuseInFastTier();
        // pack.sh publishes the binary first: one command brings both up to date.
        var command = $"bash scripts/pack.sh {RepositoryPaths.RuntimeIdentifier}";
        foreach (var package in new[] { RuntimePackage, PointerPackage })
        {
            if (!File.Exists(package))
            {
                throw new InvalidOperationException($"No tool package {package}: run `{command}` first (scripts/test.sh does).");
            }
        }

        if (BuildOutput.IsOlderThanSources(RuntimePackage, RepositoryPaths.PublishedBinary)
            || BuildOutput.IsOlderThanSources(PointerPackage, RepositoryPaths.ServerJson))
        {
            throw new InvalidOperationException(
                $"The tool packages in {RepositoryPaths.Packages} are older than the sources: run `{command}` first (scripts/test.sh does).");
        }

        // The AOT package must hold the binary the other process tests run.
        _ = PublishedBinary.FilePath;
        return RepositoryPaths.Packages;
    }
}
