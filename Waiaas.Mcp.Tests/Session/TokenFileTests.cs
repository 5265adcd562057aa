using Microsoft.Extensions.Logging;
using Waiaas.Mcp.Session;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.Session;

public sealed class TokenFileTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();
    private readonly RecordingLoggerFactory _logs = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Read_NoDataDir_NoFileAtAll()
    {
        var file = new TokenFile(null, "wallet-1", Logger());

        Assert.False(file.IsConfigured);
        Assert.Null(file.WritePath);
        Assert.Null(file.Read(Now));
    }

    [Fact]
    public void Read_WalletIdSet_ReadsWalletSpecificFile()
    {
        var walletToken = Token("wallet");
        WriteFile(Token("general"), "mcp-token");
        WriteFile(walletToken, "mcp-tokens", "wallet-1");

        var token = new TokenFile(_dir.Path, "wallet-1", Logger()).Read(Now);

        Assert.Equal(walletToken, token?.Value);
    }

    [Fact]
    public void Read_WalletFileMissing_FallsBackToGeneralFile()
    {
        var general = Token("general");
        WriteFile(general, "mcp-token");

        var token = new TokenFile(_dir.Path, "wallet-1", Logger()).Read(Now);

        Assert.Equal(general, token?.Value);
    }

    [Fact]
    public void Read_WalletFileInvalid_DoesNotFallBack()
    {
        WriteFile(Token("general"), "mcp-token");
        WriteFile("garbage", "mcp-tokens", "wallet-1");

        Assert.Null(new TokenFile(_dir.Path, "wallet-1", Logger()).Read(Now));
    }

    [Fact]
    public void Read_NoWalletId_ReadsGeneralFile()
    {
        var general = Token("general");
        WriteFile(general, "mcp-token");
        var file = new TokenFile(_dir.Path, null, Logger());

        Assert.Equal(general, file.Read(Now)?.Value);
        Assert.Equal(_dir.Combine("mcp-token"), file.WritePath);
    }

    [Fact]
    public void Read_SurroundingWhitespace_IsTrimmed()
    {
        var value = Token("s");
        WriteFile($"  {value}\n\n", "mcp-token");

        Assert.Equal(value, new TokenFile(_dir.Path, null, Logger()).Read(Now)?.Value);
    }

    [Fact]
    public void Read_SymbolicLink_IsRefusedAndLogged()
    {
        var real = _dir.Combine("real-token");
        File.WriteAllText(real, Token("s"));
        File.CreateSymbolicLink(_dir.Combine("mcp-token"), real);

        var token = new TokenFile(_dir.Path, null, Logger()).Read(Now);

        Assert.Null(token);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("symbolic link", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_NotAToken_IsRefusedAndLoggedWithoutContent()
    {
        const string content = "wai_sess_SECRETSECRETSECRET";
        WriteFile(content, "mcp-token");
        var file = new TokenFile(_dir.Path, null, Logger());

        Assert.Null(file.Read(Now));
        Assert.Null(file.Read(Now));

        var refusal = Assert.Single(_logs.Entries);
        Assert.Contains("compact JWT", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GroupReadableFile_WarnsOnce()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix permissions only.
        }

        var path = WriteFile(Token("s"), "mcp-token");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var file = new TokenFile(_dir.Path, null, Logger());

        Assert.NotNull(file.Read(Now));
        Assert.NotNull(file.Read(Now));

        var warning = Assert.Single(_logs.Entries);
        Assert.Contains("readable by other users", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OwnerOnlyFile_NoWarning()
    {
        var path = WriteFile(Token("s"), "mcp-token");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Assert.NotNull(new TokenFile(_dir.Path, null, Logger()).Read(Now));
        Assert.Empty(_logs.Entries);
    }

    [Fact]
    public void Write_NewFolder_Creates0700FolderAnd0600File()
    {
        var dataDir = _dir.Combine("data");
        var value = Token("s");
        var file = new TokenFile(dataDir, "wallet-1", Logger());

        file.Write(value);

        var target = Path.Join(dataDir, "mcp-tokens", "wallet-1");
        Assert.Equal(target, file.WritePath);
        Assert.Equal(value, File.ReadAllText(target));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(target));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Join(dataDir, "mcp-tokens")));
        }
    }

    [Fact]
    public void Write_WalletIdSetAndOnlyGeneralFileExists_WritesWalletPath()
    {
        var general = WriteFile(Token("general"), "mcp-token");
        var before = File.ReadAllText(general);
        var value = Token("renewed");

        new TokenFile(_dir.Path, "wallet-1", Logger()).Write(value);

        Assert.Equal(before, File.ReadAllText(general));
        Assert.Equal(value, File.ReadAllText(_dir.Combine("mcp-tokens", "wallet-1")));
    }

    [Fact]
    public void Write_ExistingSharedFile_ReplacedByOwnerOnlyFile()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix permissions only.
        }

        var path = WriteFile(Token("old"), "mcp-token");
        File.SetUnixFileMode(path, (UnixFileMode)0x1B6); // 0666
        var value = Token("new");

        new TokenFile(_dir.Path, null, Logger()).Write(value);

        Assert.Equal(value, File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Write_Repeated_LeavesNoTempFiles()
    {
        var file = new TokenFile(_dir.Path, null, Logger());
        var last = "";
        for (var i = 0; i < 5; i++)
        {
            last = Token($"s{i}");
            file.Write(last);
        }

        Assert.Equal(last, File.ReadAllText(_dir.Combine("mcp-token")));
        Assert.Equal(["mcp-token"], Directory.GetFiles(_dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_RenameFails_RemovesTempFileAndThrows()
    {
        // A folder where the file should be: the final rename cannot succeed.
        Directory.CreateDirectory(_dir.Combine("mcp-token"));
        var file = new TokenFile(_dir.Path, null, Logger());

        Assert.ThrowsAny<IOException>(() => file.Write(Token("s")));

        Assert.Empty(Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public void RemoveStaleTempFiles_DeadAndLiveWritersAndOtherFiles_RemovesOnlyTheDeadWritersTempFiles()
    {
        // pid_max is at most 2^22 on Linux: int.MaxValue is never a live process.
        var dead = _dir.Combine($".mcp-token.{int.MaxValue}.00112233aabbccdd.tmp");
        var live = _dir.Combine($".mcp-token.{Environment.ProcessId}.00112233aabbccdd.tmp");
        var foreign = _dir.Combine(".mcp-token.tmp");
        var notOurs = _dir.Combine(".mcp-token.x1.00.tmp");
        foreach (var path in new[] { dead, live, foreign, notOurs })
        {
            File.WriteAllText(path, Token("s"));
        }

        new TokenFile(_dir.Path, null, Logger()).RemoveStaleTempFiles();

        Assert.Equal(
            new[] { live, foreign, notOurs }.Select(Path.GetFileName).Order(),
            Directory.GetFiles(_dir.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void RemoveStaleTempFiles_NoDataDirOrNoFolder_DoesNothing()
    {
        new TokenFile(null, null, Logger()).RemoveStaleTempFiles();
        new TokenFile(_dir.Combine("missing"), "w-1", Logger()).RemoveStaleTempFiles();

        Assert.False(Directory.Exists(_dir.Combine("missing")));
    }

    [Fact]
    public void Write_ThenRead_RoundTrips()
    {
        var file = new TokenFile(_dir.Path, "w", Logger());
        var value = Token("s");

        file.Write(value);

        Assert.Equal(value, file.Read(Now)?.Value);
    }

    public static TheoryData<string> NotRegularFiles => ["fifo", "directory", "socket"];

    [UnixTheory("Windows has no FIFOs or Unix domain sockets at a file path")]
    [MemberData(nameof(NotRegularFiles))]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Read_NotARegularFile_RefusedAtOnceWithOneLogLine(string kind)
    {
        var path = _dir.Combine("mcp-token");
        using var socket = kind == "socket" ? SpecialFiles.Socket(path) : null;
        if (kind == "fifo")
        {
            SpecialFiles.Fifo(path);
        }
        else if (kind == "directory")
        {
            Directory.CreateDirectory(path);
        }

        var file = new TokenFile(_dir.Path, null, Logger());
        var read = Task.Run(() => (file.Read(Now), file.Read(Now)));
        var finished = await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(5)));
        if (finished != read && kind == "fifo")
        {
            // The read hangs in open(): a writer lets it go, so the test run itself does not hang.
            await using var writer = new FileStream(path, FileMode.Open, FileAccess.Write);
        }

        Assert.True(finished == read, $"reading a {kind} at the token path did not return");
        Assert.Equal((null, null), await read);
        var refused = Assert.Single(_logs.Entries);
        Assert.Contains("not a regular file", refused.Message, StringComparison.Ordinal);
    }

    private static string Token(string sessionId) => TestTokens.Create(sessionId, Now, Now.AddHours(1));

    private ILogger Logger() => _logs.CreateLogger("test");

    private string WriteFile(string content, params string[] parts)
    {
        var path = _dir.Combine(parts);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }
}
