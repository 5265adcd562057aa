namespace Waiaas.Mcp.Session;

/// <summary>
/// The token file as <see cref="TokenFile.Inspect"/> found it. <see cref="Problem"/> says why its content cannot be
/// used (a link, too large, unreadable, not a token); expiry is not judged here. Never holds the token as text
/// outside <see cref="Decoding"/>.
/// </summary>
internal sealed record TokenFileInspection(
    string? Path, bool Exists, bool IsSymbolicLink, string? SharedMode, string? Problem, SessionTokenDecoding? Decoding)
{
    /// <summary>No data dir is configured: there is no token file at all.</summary>
    public static TokenFileInspection NoDataDir { get; } = new(null, false, false, null, null, null);

    /// <summary>
    /// The wallet-specific file that was looked for first and not found (the general file was used instead).
    /// </summary>
    public string? MissingWalletPath { get; init; }

    public SessionToken? Token => Problem is null ? Decoding?.Token : null;
}
