namespace Waiaas.Mcp.Files;

/// <summary>Where a path really leads: a symbolic link is followed to its final target.</summary>
internal static class FinalPath
{
    /// <summary>The full path of <paramref name="path"/>, or of the file its chain of links ends at.</summary>
    public static string Of(string path) =>
        new FileInfo(path).LinkTarget is null
            ? Path.GetFullPath(path)
            : File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
}
