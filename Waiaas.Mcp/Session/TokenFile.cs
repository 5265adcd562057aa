using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Waiaas.Mcp.Session;

/// <summary>
/// The token file shared with the daemon and the CLI (spec section 3): where it lives, how it is read
/// defensively and how it is replaced atomically. Without a data dir there is no file at all.
/// </summary>
internal sealed partial class TokenFile
{
    public const string GeneralFileName = "mcp-token";
    public const string WalletFolderName = "mcp-tokens";

    // Temp files of Write: .mcp-token.<writer pid>.<random>.tmp
    private const string TempFilePrefix = ".mcp-token.";
    private const string TempFileSuffix = ".tmp";

    // A token is a few hundred bytes; a bigger file is not ours to parse.
    private const int MaxFileBytes = 16 * 1024;

    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode GroupOrOtherAccess =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly string? _walletPath;
    private readonly string? _generalPath;
    private readonly ILogger _logger;
    private readonly Lock _logGate = new();

    // The recovery loop reads every minute: say each problem once, not sixty times an hour.
    private string? _lastProblem;
    private bool _permissionsWarned;

    public TokenFile(string? dataDir, string? walletId, ILogger logger)
    {
        _logger = logger;
        if (dataDir is null)
        {
            return;
        }

        _generalPath = Path.Join(dataDir, GeneralFileName);
        if (walletId is not null)
        {
            _walletPath = Path.Join(dataDir, WalletFolderName, walletId);
        }
    }

    /// <summary>False when no data dir is configured: nothing is read or written.</summary>
    public bool IsConfigured => _generalPath is not null;

    /// <summary>Where a renewed token is written: always the wallet-specific file when a wallet id is set.</summary>
    public string? WritePath => _walletPath ?? _generalPath;

    /// <summary>
    /// Reads and decodes the token file: the wallet-specific file, or the general one when that does not
    /// exist. Null when there is no file or its content is refused (the reason is logged, never the token).
    /// Expiry is not judged here; the caller decides what an expired token means.
    /// </summary>
    public SessionToken? Read(DateTimeOffset now)
    {
        if (_generalPath is null)
        {
            return null;
        }

        var found = false;
        var text = _walletPath is not null ? ReadText(_walletPath, out found) : null;
        var path = _walletPath;
        if (!found)
        {
            path = _generalPath;
            text = ReadText(_generalPath, out _);
        }

        if (text is null)
        {
            return null;
        }

        var decoding = SessionToken.Decode(text, now);
        if (!decoding.IsValid)
        {
            ReportProblem($"ignoring {path}: {decoding.Reason}");
            return null;
        }

        ClearProblem();
        return decoding.Token;
    }

    /// <summary>
    /// Replaces the token file atomically: a private temp file in the same folder, flushed to disk, then
    /// renamed over the target. A crash at any moment leaves either the old or the new token, never a
    /// torn or empty file. Throws on failure, after removing the temp file.
    /// </summary>
    public void Write(string token)
    {
        var target = WritePath ?? throw new InvalidOperationException("No data dir: there is no token file to write.");
        var folder = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, FolderMode);
            }
        }

        var temp = Path.Join(folder, $"{TempFilePrefix}{Environment.ProcessId}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}{TempFileSuffix}");
        var options = new FileStreamOptions
        {
            // CreateNew: never open someone else's file (or a planted symlink) under the temp name.
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
        };
        if (!OperatingSystem.IsWindows())
        {
            // 0600 from the first moment, not chmod after: the token is never readable by others.
            options.UnixCreateMode = FileMode600;
        }

        try
        {
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(Encoding.UTF8.GetBytes(token));
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
    /// Removes temp files that a writer of this server left behind when it was killed between creating and
    /// renaming them (they hold a token, and nothing else would ever remove them). Only files named by
    /// <see cref="Write"/> whose writer process is gone are touched: a live writer may be about to rename its own.
    /// </summary>
    public void RemoveStaleTempFiles()
    {
        if (WritePath is not { } target || Path.GetDirectoryName(target) is not { } folder || !Directory.Exists(folder))
        {
            return;
        }

        try
        {
            foreach (var temp in Directory.EnumerateFiles(folder, $"{TempFilePrefix}*{TempFileSuffix}"))
            {
                if (WriterProcessId(Path.GetFileName(temp)) is { } pid && !IsProcessAlive(pid))
                {
                    TryDelete(temp);
                    LogStaleTempRemoved(Path.GetFileName(temp));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temp file is never read, it only wastes space.
        }
    }

    /// <summary>The process id in a temp file name written by <see cref="Write"/>, or null for any other name.</summary>
    private static int? WriterProcessId(string fileName)
    {
        if (!fileName.StartsWith(TempFilePrefix, StringComparison.Ordinal) || !fileName.EndsWith(TempFileSuffix, StringComparison.Ordinal)
            || fileName.Length <= TempFilePrefix.Length + TempFileSuffix.Length)
        {
            return null;
        }

        var middle = fileName.AsSpan(TempFilePrefix.Length, fileName.Length - TempFilePrefix.Length - TempFileSuffix.Length);
        var dot = middle.IndexOf('.');
        return dot > 0 && int.TryParse(middle[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            ? pid
            : null;
    }

    private static bool IsProcessAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private string? ReadText(string path, out bool found)
    {
        found = false;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return null;
            }

            found = true;

            // A symlink could point the server at any file (or leak a token to where it points); refuse it.
            // The check is on the link itself (lstat); the window between check and open is accepted.
            if (info.LinkTarget is not null)
            {
                ReportProblem($"refusing {path}: it is a symbolic link; write the token into a regular file");
                return null;
            }

            if (info.Length > MaxFileBytes)
            {
                ReportProblem($"ignoring {path}: larger than {MaxFileBytes} bytes, not a token file");
                return null;
            }

            WarnIfShared(path);
            return File.ReadAllText(path, Encoding.UTF8).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                found = false;
                return null;
            }

            ReportProblem($"cannot read {path}: {ex.Message}");
            return null;
        }
    }

    private void WarnIfShared(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & GroupOrOtherAccess) == 0)
        {
            return;
        }

        lock (_logGate)
        {
            if (_permissionsWarned)
            {
                return;
            }

            _permissionsWarned = true;
        }

        LogSharedFile(path, Convert.ToString((int)mode, 8));
    }

    private void ReportProblem(string problem)
    {
        lock (_logGate)
        {
            if (problem == _lastProblem)
            {
                return;
            }

            _lastProblem = problem;
        }

        LogFileRefused(problem);
    }

    private void ClearProblem()
    {
        lock (_logGate)
        {
            _lastProblem = null;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Token file: {Problem}.")]
    private partial void LogFileRefused(string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Token file: removed {FileName}, left behind by a writer that was stopped mid-write.")]
    private partial void LogStaleTempRemoved(string fileName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Token file {Path} is readable by other users (mode {Mode}); restrict it to its owner (chmod 600).")]
    private partial void LogSharedFile(string path, string mode);
}
