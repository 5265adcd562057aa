using System.Security.Cryptography;

namespace Waiaas.Mcp.Files;

/// <summary>
/// Replaces a file atomically: a private temp file in the same folder, flushed to disk, then renamed over the
/// target. A crash at any moment leaves either the old or the new content, never a torn or empty file.
/// </summary>
internal static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="target"/> (its folder must exist). The temp file is
    /// created with <paramref name="mode"/> from its first moment, so the content is never readable by anyone
    /// else, not even briefly. Throws on failure, after removing the temp file.
    /// </summary>
    public static void Write(string target, ReadOnlySpan<byte> content, UnixFileMode mode, string tempPrefix)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(target))!;
        var temp = Path.Join(folder, $".{tempPrefix}.{Environment.ProcessId}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}.tmp");
        var options = new FileStreamOptions
        {
            // CreateNew: never open someone else's file (or a planted symlink) under the temp name.
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        try
        {
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the original failure is what the caller needs to see.
        }
    }
}
