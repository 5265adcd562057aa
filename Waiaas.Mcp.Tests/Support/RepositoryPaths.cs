using System.Runtime.InteropServices;

namespace Waiaas.Mcp.Tests.Support;

/// <summary>Locates the repository from the test output folder, so tests run the same from any working directory.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Snapshots => Path.Combine(Root, "Waiaas.Mcp.Tests", "Snapshots");

    /// <summary>Real WAIaaS 2.15.0 answers (copied from the design's shared fixtures; see the README there).</summary>
    public static string DaemonFixtures => Path.Combine(Root, "Waiaas.Mcp.Tests", "Fixtures", "daemon");

    /// <summary>The MCP registry entry; the NuGet package carries it as .mcp/server.json.</summary>
    public static string ServerJson => Path.Combine(Root, "server.json");

    /// <summary>Where scripts/pack.sh writes the NuGet tool packages.</summary>
    public static string Packages => Path.Combine(Root, "artifacts", "packages");

    public static string RuntimeIdentifier => RuntimeInformation.RuntimeIdentifier;

    public static string PublishedBinary => Path.Combine(
        Root, "artifacts", "publish", RuntimeIdentifier, OperatingSystem.IsWindows() ? "waiaas-mcp.exe" : "waiaas-mcp");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Waiaas.Mcp.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Waiaas.Mcp.sln above {AppContext.BaseDirectory}.");
    }
}
