using System.Text;
using Microsoft.Extensions.Logging;
using Waiaas.Mcp.Files;

namespace Waiaas.Mcp.Session;

/// <summary>
/// The token file shared with the daemon and the CLI: where it lives, how it is read
/// defensively and how it is replaced atomically. Without a data dir there is no file at all.
/// </summary>
internal sealed partial class TokenFile
{
    public const string GeneralFileName = "mcp-token";
    public const string WalletFolderName = "mcp-tokens";

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
        var inspection = Inspect(now);
        if (inspection.SharedMode is { } mode)
        {
            WarnShared(inspection.Path!, mode);
        }

        if (inspection.Problem is { } problem)
        {
            ReportProblem(problem);
            return null;
        }

        if (inspection.Token is { } token)
        {
            ClearProblem();
        }

        return inspection.Token;
    }

    /// <summary>
    /// Looks at the token file without logging: which path applies, whether it exists, is a link or is shared,
    /// and what its content decodes to. <see cref="Read"/> and the doctor both judge the file through this.
    /// </summary>
    public TokenFileInspection Inspect(DateTimeOffset now)
    {
        if (_generalPath is null)
        {
            return TokenFileInspection.NoDataDir;
        }

        var missingWalletPath = default(string);
        if (_walletPath is not null)
        {
            var wallet = Examine(_walletPath, now);
            if (wallet.Exists)
            {
                return wallet;
            }

            missingWalletPath = _walletPath;
        }

        return Examine(_generalPath, now) with { MissingWalletPath = missingWalletPath };
    }

    /// <summary>
    /// Replaces the token file atomically (see <see cref="AtomicFile"/>), creating its folder 0700 when missing.
    /// 0600 from the first moment, not chmod after: the token is never readable by others.
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

        AtomicFile.Write(target, Encoding.UTF8.GetBytes(token), FileMode600, GeneralFileName);
    }

    /// <summary>
    /// Removes temp files a writer of this token file left behind when it was killed between creating and
    /// renaming them (they hold a token, and nothing else would ever remove them). See
    /// <see cref="AtomicFile.RemoveAbandonedTempFiles"/>.
    /// </summary>
    public void RemoveStaleTempFiles()
    {
        if (WritePath is { } target && Path.GetDirectoryName(target) is { } folder)
        {
            foreach (var removed in AtomicFile.RemoveAbandonedTempFiles(folder, GeneralFileName))
            {
                LogStaleTempRemoved(removed);
            }
        }
    }

    private static TokenFileInspection Examine(string path, DateTimeOffset now)
    {
        var missing = new TokenFileInspection(
            path, Exists: false, IsSymbolicLink: false, SharedMode: null, Problem: null, Decoding: null);
        try
        {
            // Only a regular file is read, and reading never blocks: a FIFO or a device at the path is refused
            // without being opened for reading, so the next token source is used instead of hanging.
            var read = RegularFile.Read(path, MaxFileBytes);
            switch (read)
            {
                case { Exists: false }:
                    return missing;
                case { Problem: RegularFileProblem.SymbolicLink }:
                    // A symlink could point the server at any file (or leak a token to where it points).
                    return missing with
                    {
                        Exists = true,
                        IsSymbolicLink = true,
                        Problem = $"refusing {path}: it is a symbolic link; write the token into a regular file",
                    };
                case { Problem: RegularFileProblem.NotRegular }:
                    return missing with
                    {
                        Exists = true,
                        Problem = $"refusing {path}: it is {read.What}, not a regular file",
                    };
                case { Problem: RegularFileProblem.TooLarge }:
                    return missing with { Exists = true, Problem = $"ignoring {path}: {read.What}, not a token file" };
                case { Problem: RegularFileProblem.Unreadable }:
                    return missing with { Exists = true, Problem = $"cannot read {path}: {read.What}" };
            }

            var decoding = SessionToken.Decode(Encoding.UTF8.GetString(read.Content!).Trim(), now);
            return missing with
            {
                Exists = true,
                SharedMode = SharedMode(path),
                Decoding = decoding,
                Problem = decoding.IsValid ? null : $"ignoring {path}: {decoding.Reason}",
            };
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return missing;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return missing with { Exists = true, Problem = $"cannot read {path}: {ex.Message}" };
        }
    }

    /// <summary>
    /// The file's mode in octal when group or others may access it; null when private (or on Windows).
    /// </summary>
    private static string? SharedMode(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var mode = File.GetUnixFileMode(path);
        return (mode & GroupOrOtherAccess) == 0 ? null : Convert.ToString((int)mode, 8);
    }

    private void WarnShared(string path, string mode)
    {
        lock (_logGate)
        {
            if (_permissionsWarned)
            {
                return;
            }

            _permissionsWarned = true;
        }

        LogSharedFile(path, mode);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Token file: {Problem}.")]
    private partial void LogFileRefused(string problem);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Token file: removed {FileName}, left behind by a writer that was stopped mid-write.")]
    private partial void LogStaleTempRemoved(string fileName);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Token file {Path} is readable by other users (mode {Mode}); restrict it to its owner (chmod 600).")]
    private partial void LogSharedFile(string path, string mode);
}
