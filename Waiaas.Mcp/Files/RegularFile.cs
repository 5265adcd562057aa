using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Waiaas.Mcp.Files;

/// <summary>
/// Reads a small file that must be a regular file, without ever blocking on what is at the path. A FIFO blocks
/// the opener until a writer appears and a device may never stop answering, so on Unix the type is checked before
/// opening (lstat, links not followed), the open is non-blocking and refuses links, the type is checked again on
/// the open descriptor, and at most <c>maxBytes + 1</c> bytes are read. .NET has no API for the file type, hence
/// the few libc calls.
/// </summary>
internal static class RegularFile
{
    public static RegularFileRead Read(string path, int maxBytes) =>
        OperatingSystem.IsWindows() ? ReadOnWindows(path, maxBytes) : ReadOnUnix(path, maxBytes);

    private static RegularFileRead ReadOnUnix(string path, int maxBytes)
    {
        var native = NullTerminated(path);
        switch (Unix.TypeOf(native, descriptor: -1))
        {
            case { Errno: { } errno } when errno is Unix.NoEntry or Unix.NotDirectory:
                return RegularFileRead.Missing;
            case { Type: { } type } when type == Unix.SymbolicLink:
                return RegularFileRead.Refused(RegularFileProblem.SymbolicLink, "a symbolic link");
            case { Type: { } type } when type != Unix.Regular:
                return RegularFileRead.Refused(RegularFileProblem.NotRegular, Unix.Describe(type));
        }

        var fd = Unix.OpenNonBlocking(native);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno switch
            {
                Unix.NoEntry or Unix.NotDirectory => RegularFileRead.Missing,
                _ when errno == Unix.LinkLoop =>
                    RegularFileRead.Refused(RegularFileProblem.SymbolicLink, "a symbolic link"),
                _ => RegularFileRead.Unreadable(Marshal.GetPInvokeErrorMessage(errno)),
            };
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);

        // Replaced between the check and the open: judge what was opened.
        if (Unix.TypeOf(native, fd) is { Type: { } opened } && opened != Unix.Regular)
        {
            return RegularFileRead.Refused(RegularFileProblem.NotRegular, Unix.Describe(opened));
        }

        return ReadCapped(handle, maxBytes);
    }

    private static RegularFileRead ReadOnWindows(string path, int maxBytes)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return Directory.Exists(path)
                ? RegularFileRead.Refused(RegularFileProblem.NotRegular, "a directory")
                : RegularFileRead.Missing;
        }

        if (info.LinkTarget is not null)
        {
            return RegularFileRead.Refused(RegularFileProblem.SymbolicLink, "a symbolic link");
        }

        if ((info.Attributes & FileAttributes.Device) != 0)
        {
            return RegularFileRead.Refused(RegularFileProblem.NotRegular, "a device");
        }

        using var handle = File.OpenHandle(
            path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return ReadCapped(handle, maxBytes);
    }

    private static RegularFileRead ReadCapped(SafeFileHandle handle, int maxBytes)
    {
        var buffer = new byte[maxBytes + 1];
        var total = 0;
        while (total < buffer.Length)
        {
            var read = RandomAccess.Read(handle, buffer.AsSpan(total), total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total > maxBytes
            ? RegularFileRead.Refused(RegularFileProblem.TooLarge, $"larger than {maxBytes} bytes")
            : RegularFileRead.Read(buffer[..total]);
    }

    private static byte[] NullTerminated(string path)
    {
        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(path) + 1];
        System.Text.Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }

    /// <summary>The libc calls and the constants they need: the same on Linux and macOS except where noted.</summary>
    private static class Unix
    {
        public const int NoEntry = 2; // ENOENT
        public const int NotDirectory = 20; // ENOTDIR

        // File types (st_mode & S_IFMT), the same on Linux and macOS.
        public const int TypeMask = 0xF000;
        public const int Fifo = 0x1000;
        public const int CharacterDevice = 0x2000;
        public const int Directory = 0x4000;
        public const int BlockDevice = 0x6000;
        public const int Regular = 0x8000;
        public const int SymbolicLink = 0xA000;
        public const int Socket = 0xC000;

        // ELOOP: what open with O_NOFOLLOW answers for a link.
        public static readonly int LinkLoop = OperatingSystem.IsMacOS() ? 62 : 40;

        // O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY. O_NOFOLLOW differs between Linux architectures.
        private static readonly int OpenFlags = OperatingSystem.IsMacOS()
            ? 0x4 | 0x100 | 0x1000000 | 0x20000
            : 0x800
                | (RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000)
                | 0x80000 | 0x100;

        // statx (Linux): one struct layout on every architecture; stx_mode is a u16 at offset 28.
        private const int AtCurrentDirectory = -100;
        private const int AtSymlinkNoFollow = 0x100;
        private const int AtEmptyPath = 0x1000;
        private const uint StatxType = 0x1;
        private const int StatxModeOffset = 28;

        // struct stat with 64-bit inodes (macOS): st_mode is a u16 at offset 4.
        private const int DarwinModeOffset = 4;
        private const int StatBufferSize = 512;

        public static int OpenNonBlocking(byte[] path) => Open(path, OpenFlags);

        /// <summary>
        /// The file type of <paramref name="path"/> (not following a link) or, with a <paramref name="descriptor"/>
        /// of 0 or more, of that open file. Neither field set when the call is unavailable (an old libc): the
        /// non-blocking open still keeps the read from hanging.
        /// </summary>
        public static (int? Type, int? Errno) TypeOf(byte[] path, int descriptor)
        {
            var buffer = new byte[StatBufferSize];
            int result;
            int offset;
            try
            {
                if (OperatingSystem.IsMacOS())
                {
                    var x64 = RuntimeInformation.ProcessArchitecture == Architecture.X64;
                    result = descriptor >= 0
                        ? (x64 ? FStatInode64(descriptor, buffer) : FStat(descriptor, buffer))
                        : (x64 ? LStatInode64(path, buffer) : LStat(path, buffer));
                    offset = DarwinModeOffset;
                }
                else
                {
                    result = descriptor >= 0
                        ? Statx(descriptor, [0], AtEmptyPath, StatxType, buffer)
                        : Statx(AtCurrentDirectory, path, AtSymlinkNoFollow, StatxType, buffer);
                    offset = StatxModeOffset;
                }
            }
            catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
            {
                return (null, null);
            }

            if (result != 0)
            {
                return (null, Marshal.GetLastPInvokeError());
            }

            return (BitConverter.ToUInt16(buffer, offset) & TypeMask, null);
        }

        public static string Describe(int type) => type switch
        {
            Fifo => "a FIFO (named pipe)",
            CharacterDevice or BlockDevice => "a device",
            Directory => "a directory",
            Socket => "a socket",
            SymbolicLink => "a symbolic link",
            _ => "not a regular file",
        };

        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        private static extern int Open(byte[] path, int flags);

        [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
        private static extern int Statx(int directory, byte[] path, int flags, uint mask, byte[] buffer);

        [DllImport("libc", EntryPoint = "lstat", SetLastError = true)]
        private static extern int LStat(byte[] path, byte[] buffer);

        [DllImport("libc", EntryPoint = "fstat", SetLastError = true)]
        private static extern int FStat(int descriptor, byte[] buffer);

        [DllImport("libc", EntryPoint = "lstat$INODE64", SetLastError = true)]
        private static extern int LStatInode64(byte[] path, byte[] buffer);

        [DllImport("libc", EntryPoint = "fstat$INODE64", SetLastError = true)]
        private static extern int FStatInode64(int descriptor, byte[] buffer);
    }
}

/// <summary>Why <see cref="RegularFile.Read"/> refused a file.</summary>
internal enum RegularFileProblem
{
    SymbolicLink,
    NotRegular,
    TooLarge,
    Unreadable,
}

/// <summary>
/// The outcome of <see cref="RegularFile.Read"/>: the content, nothing there, or why it was refused
/// (<see cref="What"/>: "a FIFO (named pipe)", …).
/// </summary>
internal sealed record RegularFileRead(bool Exists, byte[]? Content, RegularFileProblem? Problem, string? What)
{
    public static RegularFileRead Missing { get; } = new(false, null, null, null);

    public static RegularFileRead Read(byte[] content) => new(true, content, null, null);

    public static RegularFileRead Refused(RegularFileProblem problem, string what) => new(true, null, problem, what);

    public static RegularFileRead Unreadable(string error) => new(true, null, RegularFileProblem.Unreadable, error);
}
