using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Waiaas.Mcp.Configuration;

/// <summary>
/// Everything the server reads from its environment, validated once at start.
/// A bad value never stops the server: it is listed in <see cref="Problems"/>, logged at start and
/// reported by every tool call, so the user sees it in the client instead of a silent exit.
/// </summary>
internal sealed record ServerConfiguration
{
    public static readonly Uri DefaultBaseUrl = new("http://127.0.0.1:3100");
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);
    private const int MaxWalletNameLength = 64;

    // Enough to recognise a path or a typo; never the end of a bare JWT, where its signature is.
    private const int MaxShownValueLength = 64;

    /// <summary>The daemon URL without a trailing slash; null when the configured value is unusable.</summary>
    public Uri? BaseUrl { get; init; } = DefaultBaseUrl;

    /// <summary>
    /// Folder with the token file(s); null means no file is read or written and no recovery loop runs.
    /// </summary>
    public string? DataDir { get; init; }

    public string? SessionToken { get; init; }
    public string? WalletId { get; init; }
    public string? WalletName { get; init; }
    public TimeSpan RequestTimeout { get; init; } = DefaultRequestTimeout;
    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>Which tool calls ask the human first (<c>WAIAAS_MCP_CONFIRM</c>).</summary>
    public ConfirmationMode Confirm { get; init; } = ConfirmationMode.None;

    /// <summary>One plain sentence per unusable value, naming the variable and what it expects.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    public string ServerName => WalletName is null ? "waiaas-wallet" : $"waiaas-{WalletName}";

    /// <summary>
    /// True when a new session can reach this server without a restart: only the token file (in the data dir) is
    /// re-read; <see cref="SessionToken"/> is read once, at start.
    /// </summary>
    public bool WatchesTokenFile => DataDir is not null;

    public static ServerConfiguration FromEnvironment() =>
        FromVariables(Environment.GetEnvironmentVariable);

    /// <summary>
    /// Reads the configuration through <paramref name="getVariable"/>; an empty value counts as unset.
    /// </summary>
    public static ServerConfiguration FromVariables(Func<string, string?> getVariable)
    {
        var problems = new List<string>();
        string? Read(string name)
        {
            var value = getVariable(name)?.Trim();
            return string.IsNullOrEmpty(value) ? null : value;
        }

        return new ServerConfiguration
        {
            BaseUrl = ParseBaseUrl(Read(EnvironmentVariables.BaseUrl), problems),
            DataDir = ParseDataDir(Read(EnvironmentVariables.DataDir), problems),
            SessionToken = Read(EnvironmentVariables.SessionToken),
            WalletId = ParseWalletId(Read(EnvironmentVariables.WalletId), problems),
            WalletName = ParseWalletName(Read(EnvironmentVariables.WalletName), problems),
            RequestTimeout = ParseTimeout(Read(EnvironmentVariables.RequestTimeoutSeconds), problems),
            LogLevel = ParseLogLevel(Read(EnvironmentVariables.LogLevel), problems),
            Confirm = ParseConfirm(Read(EnvironmentVariables.Confirm), problems),
            Problems = problems,
        };
    }

    /// <summary>Prints every token redacted: a configuration may end up in a log line or an exception text.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        // Any value may hold a token pasted into the wrong variable.
        builder.Append("BaseUrl = ").Append(BaseUrl)
            .Append(", DataDir = ").Append(DataDir is null ? null : SecretRedaction.Redact(DataDir))
            .Append(", SessionToken = ").Append(SessionToken is null ? null : SecretRedaction.RedactedToken)
            .Append(", WalletId = ").Append(WalletId is null ? null : SecretRedaction.Redact(WalletId))
            .Append(", WalletName = ").Append(WalletName is null ? null : SecretRedaction.Redact(WalletName))
            .Append(", RequestTimeout = ").Append(RequestTimeout)
            .Append(", LogLevel = ").Append(LogLevel)
            .Append(", Problems = [").AppendJoin(" ", Problems.Select(SecretRedaction.Redact)).Append(']');
        return true;
    }

    private static Uri? ParseBaseUrl(string? value, List<string> problems)
    {
        if (value is null)
        {
            return DefaultBaseUrl;
        }

        if (HoldsToken(value, EnvironmentVariables.BaseUrl, problems))
        {
            return null;
        }

        if (Uri.TryCreate(value.TrimEnd('/'), UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment)
            && string.IsNullOrEmpty(uri.UserInfo))
        {
            return uri;
        }

        // The value may carry a password: never repeat it.
        var shown = Shown(SecretRedaction.RedactUrlCredentials(value));
        problems.Add($"{EnvironmentVariables.BaseUrl} must be an http:// or https:// URL without query or "
            + $"credentials, such as http://127.0.0.1:3100 (got '{shown}').");
        return null;
    }

    /// <summary>
    /// A refused value as a problem text repeats it: a token pasted into the wrong variable must not reach the status
    /// resource, doctor's report or the log, so tokens are redacted, and a long value is cut (a bare JWT has no prefix
    /// to find).
    /// </summary>
    private static string Shown(string value)
    {
        var shown = SecretRedaction.Redact(value);
        return shown.Length <= MaxShownValueLength ? shown : string.Concat(shown.AsSpan(0, MaxShownValueLength), "…");
    }

    private static string? ParseDataDir(string? value, List<string> problems)
    {
        if (value is null || HoldsToken(value, EnvironmentVariables.DataDir, problems))
        {
            return null;
        }

        // Client configs do not expand '~'; users write it anyway.
        if (value == "~" || value.StartsWith("~/", StringComparison.Ordinal))
        {
            value = Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), value[1..]);
        }

        if (!Path.IsPathFullyQualified(value))
        {
            problems.Add($"{EnvironmentVariables.DataDir} must be an absolute path such as /home/me/.waiaas "
                + $"(got '{Shown(value)}'); clients start servers from an unpredictable folder.");
            return null;
        }

        return Path.TrimEndingDirectorySeparator(value);
    }

    private static string? ParseWalletId(string? value, List<string> problems)
    {
        if (value is null)
        {
            return null;
        }

        // A token in the wrong variable would be sent in URLs and named in file paths.
        if (HoldsToken(value, EnvironmentVariables.WalletId, problems, bareJwtToo: true))
        {
            return null;
        }

        // The id becomes a file name (mcp-tokens/<id>) and a URL segment: letters, digits, '-', '_' and '.' only.
        var valid = value.Length <= 128 && value is not "." and not ".."
            && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
        if (!valid)
        {
            problems.Add($"{EnvironmentVariables.WalletId} must be a wallet id (letters, digits, '-', '_', '.'; "
                + $"at most 128 characters), got '{Shown(value)}'.");
            return null;
        }

        return value;
    }

    /// <summary>
    /// A session token in a variable that is not for one: it would be sent in URLs, named in file paths, and printed
    /// by <c>config</c> and <c>doctor</c>, so the value is refused and never repeated.
    /// </summary>
    private static bool HoldsToken(string value, string variable, List<string> problems, bool bareJwtToo = false)
    {
        if (ReferenceEquals(SecretRedaction.Redact(value), value) && !(bareJwtToo && LooksLikeJwt(value)))
        {
            return false;
        }

        problems.Add($"{variable} holds a session token: the token goes in {EnvironmentVariables.SessionToken} or "
            + "the token file, never in another setting.");
        return true;
    }

    /// <summary>Base64url header, payload and signature: a JWT's header always starts <c>{"</c>, <c>eyJ</c>.</summary>
    private static bool LooksLikeJwt(string value) =>
        value.StartsWith("eyJ", StringComparison.Ordinal) && value.Count(c => c == '.') == 2;

    private static string? ParseWalletName(string? value, List<string> problems)
    {
        if (value is null || HoldsToken(value, EnvironmentVariables.WalletName, problems))
        {
            return null;
        }

        if (value.Length > MaxWalletNameLength || value.Any(char.IsControl))
        {
            problems.Add($"{EnvironmentVariables.WalletName} must be a short label without control characters (at "
                + $"most {MaxWalletNameLength} characters).");
            return null;
        }

        return value;
    }

    private static TimeSpan ParseTimeout(string? value, List<string> problems)
    {
        if (value is null)
        {
            return DefaultRequestTimeout;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && seconds is >= 0.1 and <= 600)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        problems.Add($"{EnvironmentVariables.RequestTimeoutSeconds} must be a number of seconds between 0.1 and "
            + $"600 (got '{Shown(value)}'); using {DefaultRequestTimeout.TotalSeconds:0} s.");
        return DefaultRequestTimeout;
    }

    private static LogLevel ParseLogLevel(string? value, List<string> problems)
    {
        switch (value?.ToLowerInvariant())
        {
            case null: return LogLevel.Information;
            case "trace": return LogLevel.Trace;
            case "debug": return LogLevel.Debug;
            case "info" or "information": return LogLevel.Information;
            case "warn" or "warning": return LogLevel.Warning;
            case "error": return LogLevel.Error;
            case "critical": return LogLevel.Critical;
            case "none" or "off": return LogLevel.None;
            default:
                problems.Add($"{EnvironmentVariables.LogLevel} must be one of trace, debug, info, warning, "
                    + $"error, critical, none (got '{Shown(value)}'); using info.");
                return LogLevel.Information;
        }
    }

    private static ConfirmationMode ParseConfirm(string? value, List<string> problems)
    {
        switch (value?.ToLowerInvariant())
        {
            case null or "none": return ConfirmationMode.None;
            case "spend": return ConfirmationMode.Spend;
            default:
                // Whoever set it wanted to be asked: a misspelling must not switch the confirmation off.
                problems.Add($"{EnvironmentVariables.Confirm} must be none or spend (got '{Shown(value)}'); using "
                    + "spend, so spending still asks first.");
                return ConfirmationMode.Spend;
        }
    }
}
