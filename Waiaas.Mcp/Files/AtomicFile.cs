using System.Globalization;
using System.Security.Cryptography;

namespace Waiaas.Mcp.Files;

/// <summary>
/// Replaces a file atomically: a private temp file in the same folder, flushed to disk, then renamed over the
/// target. A crash at any moment leaves either the old or the new content, never a torn or empty file.
/// </summary>
internal static class AtomicFile
{
    // Temp file names: .<prefix>.<writer pid>.<random hex>.tmp (the pid tells an abandoned file from a live one).
    private const string TempSuffix = ".tmp";

    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="target"/> (its folder must exist). The temp file is
    /// created with <paramref name="mode"/> from its first moment, so the content is never readable by anyone
    /// else, not even briefly. Throws on failure, after removing the temp file.
    /// </summary>
    public static void Write(string target, ReadOnlySpan<byte> content, UnixFileMode mode, string tempPrefix)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(target))!;
        var random = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var temp = Path.Join(folder, $"{TempPrefix(tempPrefix)}{Environment.ProcessId}.{random}{TempSuffix}");
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

    /// <summary>
    /// Deletes the temp files of <see cref="Write"/> (named with <paramref name="tempPrefix"/>) in
    /// <paramref name="folder"/> whose writer process is gone: a writer killed between creating and renaming
    /// leaves one, and nothing else would ever remove it. A live writer's file is left alone, it may be about to
    /// be renamed. Best effort; answers the names removed.
    /// </summary>
    public static IReadOnlyList<string> RemoveAbandonedTempFiles(string folder, string tempPrefix)
    {
        var removed = new List<string>();
        try
        {
            if (!Directory.Exists(folder))
            {
                return removed;
            }

            foreach (var temp in Directory.EnumerateFiles(folder, $"{TempPrefix(tempPrefix)}*{TempSuffix}"))
            {
                var name = Path.GetFileName(temp);
                // On Windows a live writer holds its temp file open without sharing, so the delete itself refuses it.
                if (WriterProcessId(name, tempPrefix) is { } pid
                    && ProcessLiveness.IsAlive(pid) != true && TryDelete(temp))
                {
                    removed.Add(name);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover temp file is never read as a token; it only wastes space.
        }

        return removed;
    }

    private static string TempPrefix(string tempPrefix) => $".{tempPrefix}.";

    /// <summary>
    /// The writer's process id in a temp file name of <see cref="Write"/>, or null for any other name.
    /// </summary>
    private static int? WriterProcessId(string fileName, string tempPrefix)
    {
        var prefix = TempPrefix(tempPrefix);
        if (!fileName.StartsWith(prefix, StringComparison.Ordinal)
            || !fileName.EndsWith(TempSuffix, StringComparison.Ordinal)
            || fileName.Length <= prefix.Length + TempSuffix.Length)
        {
            return null;
        }

        var middle = fileName.AsSpan(prefix.Length, fileName.Length - prefix.Length - TempSuffix.Length);
        var dot = middle.IndexOf('.');
        return dot > 0 && int.TryParse(middle[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            ? pid
            : null;
    }

    /// <summary>
    /// Best effort: false when the file could not be deleted (the caller's own failure matters more).
    /// </summary>
    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
