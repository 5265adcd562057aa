using Waiaas.Mcp.Daemon;

namespace Waiaas.Mcp.Session;

/// <summary>
/// What the session loop reacts to: the clock, the daemon's renewal answers, what the token file holds, and the
/// questions request threads post. Those carrying an <c>Id</c> are answered with <see cref="SessionEffect.Answer"/>.
/// </summary>
internal abstract record SessionEvent
{
    private SessionEvent()
    {
    }

    /// <summary>
    /// Load the token: the file first, then <paramref name="ConfiguredToken"/> (WAIAAS_SESSION_TOKEN).
    /// </summary>
    public sealed record Start(long Id, string? ConfiguredToken) : SessionEvent;

    /// <summary>Time passed: do what is due.</summary>
    public sealed record Tick : SessionEvent
    {
        public static Tick Instance { get; } = new();
    }

    /// <summary>The renewal request for <paramref name="Renewed"/> ended with <paramref name="Result"/>.</summary>
    public sealed record RenewalAnswered(SessionToken Renewed, DaemonResult Result) : SessionEvent;

    /// <summary>
    /// The daemon refused <paramref name="Rejected"/> on a call; the answer is a token to retry with, or none.
    /// </summary>
    public sealed record TokenRefused(long Id, string Rejected) : SessionEvent;

    /// <summary>A call found no usable token: a new one may be in the file already.</summary>
    public sealed record FileMayHaveChanged(long Id) : SessionEvent;

    /// <summary>
    /// The answer to <see cref="SessionEffect.ReadTokenFile"/>: the file's token (expired or not), or null.
    /// </summary>
    public sealed record TokenFileRead(FileReadPurpose Purpose, SessionToken? Token) : SessionEvent;
}

/// <summary>Why the token file is read: what the loop does with its content.</summary>
internal abstract record FileReadPurpose
{
    private FileReadPurpose()
    {
    }

    /// <summary>At start: the file first, then the configured token.</summary>
    public sealed record Start(long Id, string? ConfiguredToken) : FileReadPurpose;

    /// <summary>The recovery poll in the expired and error states.</summary>
    public sealed record Poll : FileReadPurpose
    {
        public static Poll Instance { get; } = new();
    }

    /// <summary>A call with no usable token asked.</summary>
    public sealed record Lookup(long Id) : FileReadPurpose;

    /// <summary>Calls whose token was refused, done waiting: adopt a newer token, else expire.</summary>
    public sealed record Refused : FileReadPurpose
    {
        public static Refused Instance { get; } = new();
    }

    /// <summary>
    /// The daemon refused to renew <paramref name="Renewed"/> (session gone): adopt a newer token, else expire.
    /// </summary>
    public sealed record RenewalRefused(SessionToken Renewed, string Reason) : FileReadPurpose;

    /// <summary>
    /// Someone else renewed <paramref name="Renewed"/>: adopt what they wrote, else keep it until its exp.
    /// </summary>
    public sealed record RenewalMismatch(SessionToken Renewed) : FileReadPurpose;

    /// <summary>
    /// <paramref name="Old"/> was renewed into <paramref name="Renewed"/>: save it, unless another writer put a newer
    /// session in the file meanwhile, which is adopted instead.
    /// </summary>
    public sealed record BeforeSavingRenewal(
        SessionToken Old, SessionToken Renewed, int? RenewalCount) : FileReadPurpose;
}
