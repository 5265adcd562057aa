namespace Waiaas.Mcp.ClientConfig;

/// <summary>The operating systems whose client config locations differ.</summary>
internal enum HostOs
{
    Linux,
    MacOs,
    Windows,
}

/// <summary>
/// Where the user's folders are, read once from the system (or given by a test, pointing into a temp folder):
/// client config paths are built from these and nothing else.
/// </summary>
internal sealed record ClientPaths(
    HostOs Os, string HomeDirectory, string? AppData, string? XdgConfigHome, string CurrentDirectory)
{
    public static ClientPaths FromSystem() => new(
        OperatingSystem.IsWindows() ? HostOs.Windows : OperatingSystem.IsMacOS() ? HostOs.MacOs : HostOs.Linux,
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
        NonEmpty(Environment.GetEnvironmentVariable("APPDATA")),
        NonEmpty(Environment.GetEnvironmentVariable("XDG_CONFIG_HOME")),
        Environment.CurrentDirectory);

    /// <summary>%APPDATA% on Windows (its usual place when unset).</summary>
    public string RoamingAppData => AppData ?? Path.Join(HomeDirectory, "AppData", "Roaming");

    /// <summary>$XDG_CONFIG_HOME on Linux, else ~/.config.</summary>
    public string LinuxConfigHome =>
        XdgConfigHome is { } xdg && Path.IsPathFullyQualified(xdg) ? xdg : Path.Join(HomeDirectory, ".config");

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
