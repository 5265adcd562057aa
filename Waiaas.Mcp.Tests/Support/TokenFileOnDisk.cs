namespace Waiaas.Mcp.Tests.Support;

/// <summary>The general token file of a data dir (<c>mcp-token</c>) and the temp files a writer may leave beside it.</summary>
public static class TokenFileOnDisk
{
    public static string PathIn(string dataDir) => Path.Join(dataDir, "mcp-token");

    /// <summary>Writes <paramref name="token"/> as the CLI does (owner-only file); returns the file's path.</summary>
    public static string Write(string dataDir, string token)
    {
        var path = PathIn(dataDir);
        var temp = path + ".test-write";
        File.WriteAllText(temp, token);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        // Renamed into place: a server polling the file never sees it half written.
        File.Move(temp, path, overwrite: true);
        return path;
    }

    /// <summary>Temp files named like the server's (<c>.mcp-token.&lt;pid&gt;.&lt;random&gt;.tmp</c>).</summary>
    public static IReadOnlyList<string> TempFiles(string dataDir) => Directory.GetFiles(dataDir, ".mcp-token.*.tmp");

    /// <summary>The writer's process id in a temp file name.</summary>
    public static int WriterOf(string tempFile) => int.Parse(Path.GetFileName(tempFile).Split('.')[2], System.Globalization.CultureInfo.InvariantCulture);
}
