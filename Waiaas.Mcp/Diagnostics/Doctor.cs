using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Waiaas.Mcp.Json;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Hosting;
using Waiaas.Mcp.Session;
using Waiaas.Mcp.Tools;
using Waiaas.Mcp.Results;

namespace Waiaas.Mcp.Diagnostics;

/// <summary>
/// <c>waiaas-mcp doctor</c>: checks what a server started with <paramref name="configuration"/> would meet, in the
/// order a user fixes things: configuration, data dir, token file, token, daemon, clock, kill switch, session.
/// Uses the server's own pieces (ServerConfiguration, TokenFile, SessionToken, DaemonRequestSender), so it judges
/// exactly as the server does. Never sends or prints the token anywhere but the daemon's Authorization header.
/// </summary>
internal sealed class Doctor(
    ServerConfiguration configuration, TimeProvider time, string environment = DoctorReport.ShellEnvironment)
{
    /// <summary>
    /// A doctor answers in seconds even when the daemon hangs, whatever the configured request timeout.
    /// </summary>
    public static readonly TimeSpan MaxRequestTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Beyond this difference the clocks disagree enough to upset renewal timing.</summary>
    public static readonly TimeSpan ClockSkewLimit = TimeSpan.FromSeconds(30);

    private const string ActiveKillSwitchState = "ACTIVE";

    public async Task<DoctorReport> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var checks = new List<DoctorCheck> { CheckConfiguration() };
        var token = CheckToken(checks, now);

        var timeout = configuration.RequestTimeout < MaxRequestTimeout
            ? configuration.RequestTimeout
            : MaxRequestTimeout;
        using var http = new DaemonRequestSender(
            configuration with { RequestTimeout = timeout }, time, NullLoggerFactory.Instance);
        var health = await http.SendAsync(
            DaemonRequest.Get("/health", requiresSession: false), token: null, cancellationToken).ConfigureAwait(false);
        checks.Add(CheckDaemon(health));
        if (health is not DaemonResult.Ok ok)
        {
            const string why = "skipped: the daemon was not reached";
            checks.Add(DoctorCheck.Skip("daemon_api", why));
            checks.Add(DoctorCheck.Skip("clock", why));
            checks.Add(DoctorCheck.Skip("kill_switch", why));
            checks.Add(DoctorCheck.Skip("session", why));
            return new DoctorReport(ServerVersion.Current, environment, checks);
        }

        var document = await http.SendAsync(
            DaemonRequest.Get("/doc", requiresSession: false), token: null, cancellationToken).ConfigureAwait(false);
        checks.Add(CheckDaemonApi(document));
        checks.Add(CheckClock(ok, time.GetUtcNow()));
        var killSwitch = await http.SendAsync(
            DaemonRequest.Get("/v1/admin/kill-switch", requiresSession: false),
            token: null,
            cancellationToken).ConfigureAwait(false);
        checks.Add(CheckKillSwitch(killSwitch));
        if (token is null)
        {
            checks.Add(DoctorCheck.Skip("session", "skipped: no usable session token to present"));
        }
        else
        {
            var connectInfo = await http.SendAsync(
                DaemonRequest.Get("/v1/connect-info"), token, cancellationToken).ConfigureAwait(false);
            checks.Add(CheckSession(connectInfo));
        }

        return new DoctorReport(ServerVersion.Current, environment, checks);
    }

    private DoctorCheck CheckConfiguration()
    {
        var facts = new Dictionary<string, string>
        {
            ["baseUrl"] = configuration.BaseUrl?.ToString().TrimEnd('/') ?? "(invalid)",
            ["dataDir"] = configuration.DataDir ?? "(unset)",
            ["requestTimeoutSeconds"] = configuration.RequestTimeout.TotalSeconds.ToString(
                CultureInfo.InvariantCulture),
            ["serverName"] = configuration.ServerName,
            ["confirm"] = configuration.Confirm == ConfirmationMode.Spend ? "spend" : "none",
        };
        AddIfSet(facts, "walletId", configuration.WalletId);
        AddIfSet(facts, "walletName", configuration.WalletName);
        if (configuration.Problems.Count > 0)
        {
            return DoctorCheck.Fail(
                "configuration", string.Join(" ", configuration.Problems), DoctorFixes.Configuration, facts);
        }

        var summary = $"daemon {facts["baseUrl"]}, data dir {facts["dataDir"]}"
            + (configuration.WalletId is { } id ? $", wallet id {id}" : string.Empty)
            + $", server name {configuration.ServerName}, request timeout {facts["requestTimeoutSeconds"]} s"
            + (configuration.Confirm == ConfirmationMode.Spend
                ? $"; {EnvironmentVariables.Confirm}=spend: calls that move funds ask the user first (the MCP "
                    + "client must support elicitation)"
                : string.Empty);
        return DoctorCheck.Pass("configuration", summary, facts);
    }

    /// <summary>
    /// Adds the data dir, token file and token checks; answers the token the server would use, or null.
    /// </summary>
    private string? CheckToken(List<DoctorCheck> checks, DateTimeOffset now)
    {
        var environmentToken = configuration.SessionToken;
        SessionToken? fileToken = null;
        var dataDirInvalid = configuration.Problems.Any(
            p => p.StartsWith(EnvironmentVariables.DataDir, StringComparison.Ordinal));
        if (configuration.DataDir is not { } dataDir)
        {
            checks.Add(dataDirInvalid
                ? DoctorCheck.Skip("data_dir", $"skipped: {EnvironmentVariables.DataDir} is invalid")
                : environmentToken is not null
                    ? DoctorCheck.Warn(
                        "data_dir",
                        $"{EnvironmentVariables.DataDir} is not set: the token comes from "
                            + $"{EnvironmentVariables.SessionToken}, renewed tokens are not saved and a new "
                            + "session needs a client restart",
                        DoctorFixes.DataDirUnset)
                    : DoctorCheck.Fail(
                        "data_dir",
                        $"{EnvironmentVariables.DataDir} is not set and {EnvironmentVariables.SessionToken} is "
                            + "empty: the server has no session token",
                        DoctorFixes.DataDirUnset));
            checks.Add(DoctorCheck.Skip("token_file", "skipped: no data dir"));
        }
        else if (!Directory.Exists(dataDir))
        {
            checks.Add(DoctorCheck.Fail(
                "data_dir",
                $"data dir {dataDir} does not exist",
                DoctorFixes.DataDirMissing(dataDir),
                new Dictionary<string, string> { ["path"] = dataDir }));
            checks.Add(DoctorCheck.Skip("token_file", "skipped: no data dir"));
        }
        else
        {
            checks.Add(DoctorCheck.Pass(
                "data_dir", $"data dir {dataDir} exists", new Dictionary<string, string> { ["path"] = dataDir }));
            var inspection = new TokenFile(dataDir, configuration.WalletId, NullLogger.Instance).Inspect(now);
            checks.Add(CheckTokenFile(inspection, environmentToken is not null));
            fileToken = inspection.Token;
        }

        if (fileToken is not null)
        {
            return CheckTokenValue(checks, fileToken, "the token file", now);
        }

        if (environmentToken is null)
        {
            checks.Add(DoctorCheck.Skip("token", "skipped: no token found"));
            return null;
        }

        var decoding = SessionToken.Decode(environmentToken, now);
        if (!decoding.IsValid)
        {
            checks.Add(DoctorCheck.Fail(
                "token", $"{EnvironmentVariables.SessionToken} is refused: {decoding.Reason}", DoctorFixes.NewSession));
            return null;
        }

        return CheckTokenValue(checks, decoding.Token, EnvironmentVariables.SessionToken, now);
    }

    private static DoctorCheck CheckTokenFile(TokenFileInspection inspection, bool hasEnvironmentToken)
    {
        var path = inspection.Path!;
        var facts = new Dictionary<string, string> { ["path"] = path };
        var fallback = inspection.MissingWalletPath is { } walletPath ? $"{walletPath} not found, so " : string.Empty;
        if (!inspection.Exists)
        {
            var summary = $"{fallback}no token file at {path}";
            return hasEnvironmentToken
                ? DoctorCheck.Warn(
                    "token_file",
                    summary + $"; using {EnvironmentVariables.SessionToken}, which cannot be renewed into a file",
                    DoctorFixes.NewSession,
                    facts)
                : DoctorCheck.Fail("token_file", summary, DoctorFixes.NewSession, facts);
        }

        if (inspection.IsSymbolicLink)
        {
            return DoctorCheck.Fail(
                "token_file",
                $"{path} is a symbolic link, which the server refuses",
                DoctorFixes.SymbolicLink(path),
                facts);
        }

        if (inspection.Problem is { } problem)
        {
            return DoctorCheck.Fail("token_file", problem, DoctorFixes.NewSession, facts);
        }

        if (inspection.SharedMode is { } mode)
        {
            facts["mode"] = mode;
            return DoctorCheck.Warn(
                "token_file",
                $"{fallback}{path} is readable by other users (mode {mode})",
                DoctorFixes.SharedFile(path),
                facts);
        }

        return DoctorCheck.Pass("token_file", $"{fallback}using {path} (regular file, private to its owner)", facts);
    }

    private static string? CheckTokenValue(
        List<DoctorCheck> checks, SessionToken token, string source, DateTimeOffset now)
    {
        var facts = new Dictionary<string, string> { ["source"] = source, ["sessionId"] = token.SessionId };
        if (token.ExpiresAt is not { } expiresAt)
        {
            facts["expiresAt"] = "unlimited";
            checks.Add(DoctorCheck.Pass(
                "token", $"session {token.SessionId} from {source}: unlimited (no expiry, never renewed)", facts));
            return token.Value;
        }

        facts["expiresAt"] = expiresAt.ToString("O", CultureInfo.InvariantCulture);
        if (token.IsExpired(now))
        {
            checks.Add(DoctorCheck.Fail(
                "token",
                $"session {token.SessionId} from {source} expired at {Format(expiresAt)} "
                    + $"({Format(now - expiresAt)} ago)",
                DoctorFixes.NewSession,
                facts));
            return null;
        }

        checks.Add(DoctorCheck.Pass(
            "token",
            $"session {token.SessionId} from {source}: expires {Format(expiresAt)} (in "
                + $"{Format(expiresAt - now)}; renewed automatically)",
            facts));
        return token.Value;
    }

    private DoctorCheck CheckDaemon(DaemonResult health)
    {
        var url = configuration.BaseUrl?.ToString().TrimEnd('/');
        switch (health)
        {
            case DaemonResult.Ok ok:
            {
                using var document = JsonDocument.Parse(ok.Json);
                var version = JsonText.StringProperty(document.RootElement, "version") ?? "(unknown version)";
                var status = JsonText.StringProperty(document.RootElement, "status") ?? "(no status)";
                var facts = new Dictionary<string, string> { ["baseUrl"] = url!, ["version"] = version, [
                    "status"] = status };
                return status == "ok"
                    ? DoctorCheck.Pass("daemon", $"WAIaaS daemon {version} answers at {url}", facts)
                    : DoctorCheck.Warn(
                        "daemon",
                        $"WAIaaS daemon {version} at {url} reports status '{status}'",
                        "check the daemon's logs (`waiaas status`)",
                        facts);
            }

            case DaemonResult.ApiError { Code: ServerErrorCodes.Configuration }:
                return DoctorCheck.Skip("daemon", $"skipped: {EnvironmentVariables.BaseUrl} is invalid");
            case DaemonResult.DaemonUnavailable unavailable:
                return DoctorCheck.Fail(
                    "daemon", $"no WAIaaS daemon at {url}: {unavailable.Reason}", DoctorFixes.DaemonUnreachable);
            case DaemonResult.ApiError error:
                return DoctorCheck.Fail(
                    "daemon",
                    $"{url}/health answered {error.Code}: {error.Message}",
                    error.Hint ?? DoctorFixes.DaemonUnreachable);
            default:
                return DoctorCheck.Fail(
                    "daemon", $"{url}/health did not answer as a WAIaaS daemon", DoctorFixes.DaemonUnreachable);
        }
    }

    /// <summary>
    /// Every tool's route and fields against the daemon's own API document: an older or newer daemon lacks some.
    /// </summary>
    private static DoctorCheck CheckDaemonApi(DaemonResult document)
    {
        if (document is not DaemonResult.Ok ok)
        {
            return DoctorCheck.Warn(
                "daemon_api",
                "the daemon serves no API document at /doc, so the tools cannot be checked against it",
                DoctorFixes.SameRelease);
        }

        DaemonApi api;
        try
        {
            api = DaemonApi.Parse(ok.Json.Span, DaemonApiAllowances.All);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return DoctorCheck.Warn(
                "daemon_api",
                "the daemon's /doc is not an OpenAPI document, so the tools cannot be checked against it",
                DoctorFixes.SameRelease);
        }

        var (gaps, outsideDocument) = ToolApiCheck.Run(api, ToolCatalog.All);
        var checkedCount = ToolCatalog.All.Count - outsideDocument;
        var facts = new Dictionary<string, string>
        {
            ["daemonVersion"] = api.Version ?? "(unknown)",
            ["builtFor"] = DaemonApiAllowances.DaemonVersion,
            ["toolsChecked"] = checkedCount.ToString(CultureInfo.InvariantCulture),
        };
        if (gaps.Count == 0)
        {
            return DoctorCheck.Pass(
                "daemon_api",
                $"the daemon's API (version {facts["daemonVersion"]}) has every route and field the tools use "
                    + $"({checkedCount} tools checked; {outsideDocument} use routes it serves outside its document)",
                facts);
        }

        var tools = gaps.GroupBy(g => g.Tool, StringComparer.Ordinal).ToList();
        facts["tools"] = string.Join(", ", tools.Select(t => t.Key));
        return DoctorCheck.Warn(
            "daemon_api",
            $"{tools.Count} tool(s) need what this daemon (version {facts["daemonVersion"]}) "
                + "does not have, so they will fail: "
                + string.Join("; ", tools.Select(
                    t => $"{t.Key} ({string.Join(", ", t.Select(g => $"{g.Route}: {g.Missing}").Distinct())})")),
            DoctorFixes.SameRelease,
            facts);
    }

    private static DoctorCheck CheckClock(DaemonResult.Ok health, DateTimeOffset now)
    {
        using var document = JsonDocument.Parse(health.Json);
        if (!document.RootElement.TryGetProperty("timestamp", out var timestamp)
            || !timestamp.TryGetInt64(out var seconds))
        {
            return DoctorCheck.Skip("clock", "skipped: the daemon's /health has no timestamp");
        }

        var skew = now - DateTimeOffset.FromUnixTimeSeconds(seconds);
        var facts = new Dictionary<string, string> { ["skewSeconds"] = ((long)Math.Round(skew.TotalSeconds)).ToString(
            CultureInfo.InvariantCulture) };
        if (skew.Duration() <= ClockSkewLimit)
        {
            return DoctorCheck.Pass(
                "clock",
                $"this machine's clock agrees with the daemon's (within {ClockSkewLimit.TotalSeconds:0} s)",
                facts);
        }

        var direction = skew > TimeSpan.Zero ? "ahead of" : "behind";
        return DoctorCheck.Warn(
            "clock",
            $"this machine's clock is {Format(skew.Duration())} {direction} the daemon's",
            DoctorFixes.ClockSkew,
            facts);
    }

    private static DoctorCheck CheckKillSwitch(DaemonResult result)
    {
        if (result is not DaemonResult.Ok ok)
        {
            return DoctorCheck.Warn(
                "kill_switch",
                $"could not read the kill switch state ({Describe(result)})",
                DoctorFixes.DaemonUnreachable);
        }

        using var document = JsonDocument.Parse(ok.Json);
        var state = JsonText.StringProperty(document.RootElement, "state") ?? "(unknown)";
        var facts = new Dictionary<string, string> { ["state"] = state };
        if (state == ActiveKillSwitchState)
        {
            return DoctorCheck.Pass("kill_switch", "kill switch not engaged (system ACTIVE)", facts);
        }

        var since = document.RootElement.TryGetProperty("activatedAt", out var at) && at.TryGetInt64(out var atSeconds)
            ? $" since {Format(DateTimeOffset.FromUnixTimeSeconds(atSeconds))}"
            : string.Empty;
        var by = JsonText.StringProperty(document.RootElement, "activatedBy") is { } who ? $" by {who}" : string.Empty;
        return DoctorCheck.Fail(
            "kill_switch",
            $"kill switch engaged: system {state}{since}{by}; every wallet call answers kill_switch_active",
            DoctorFixes.KillSwitch,
            facts);
    }

    private DoctorCheck CheckSession(DaemonResult result)
    {
        switch (result)
        {
            case DaemonResult.Ok ok:
                return CheckWallets(ok);
            case DaemonResult.SessionExpired expired:
                return DoctorCheck.Fail(
                    "session", $"the daemon refused the token ({expired.Reason ?? "401"})", DoctorFixes.NewSession);
            case DaemonResult.KillSwitchActive:
                return DoctorCheck.Fail("session", "the daemon is locked by the kill switch", DoctorFixes.KillSwitch);
            case DaemonResult.ApiError { Code: DaemonErrorCodes.SessionNotFound } error:
                return DoctorCheck.Fail(
                    "session", $"the daemon does not know this session ({error.Code})", DoctorFixes.NewSession);
            default:
                return DoctorCheck.Fail(
                    "session", $"GET /v1/connect-info failed: {Describe(result)}", DoctorFixes.DaemonUnreachable);
        }
    }

    private DoctorCheck CheckWallets(DaemonResult.Ok connectInfo)
    {
        using var document = JsonDocument.Parse(connectInfo.Json);
        var wallets = document.RootElement.TryGetProperty("wallets", out var list)
            && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(w => (
                Id: JsonText.StringProperty(w, "id") ?? "?",
                Name: JsonText.StringProperty(w, "name"),
                Chain: JsonText.StringProperty(w, "chain"),
                Environment: JsonText.StringProperty(w, "environment"))).ToList()
            : [];
        var described = string.Join(
            ", ", wallets.Select(w => $"{w.Name ?? "(unnamed)"} ({w.Id}, {w.Chain}/{w.Environment})"));
        var facts = new Dictionary<string, string> { ["wallets"] = string.Join(",", wallets.Select(w => w.Id)) };
        if (configuration.WalletId is { } walletId && wallets.All(w => w.Id != walletId))
        {
            return DoctorCheck.Fail(
                "session",
                $"token accepted, but {EnvironmentVariables.WalletId} {walletId} is not "
                    + $"one of its wallets: {described}",
                DoctorFixes.WalletNotInSession,
                facts);
        }

        var count = wallets.Count == 1 ? "1 wallet" : $"{wallets.Count} wallets";
        var choice = wallets.Count > 1 && configuration.WalletId is null
            ? $"; tools pick one with their wallet_id argument (or set {EnvironmentVariables.WalletId})"
            : string.Empty;
        return DoctorCheck.Pass("session", $"token accepted, covering {count}: {described}{choice}", facts);
    }

    private static string Describe(DaemonResult result) => result switch
    {
        DaemonResult.DaemonUnavailable unavailable => unavailable.Reason,
        DaemonResult.ApiError error => $"{error.Code}: {error.Message}",
        DaemonResult.KillSwitchActive => "kill switch active",
        DaemonResult.SessionExpired => "session refused",
        _ => "unexpected answer",
    };

    private static void AddIfSet(Dictionary<string, string> facts, string name, string? value)
    {
        if (value is not null)
        {
            facts[name] = value;
        }
    }

    private static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>A duration a person reads at a glance: the two largest units.</summary>
    private static string Format(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } => $"{(int)span.TotalDays} d {span.Hours} h",
        { TotalHours: >= 1 } => $"{span.Hours} h {span.Minutes} min",
        { TotalMinutes: >= 1 } => $"{span.Minutes} min {span.Seconds} s",
        _ => $"{Math.Max(0, (int)span.TotalSeconds)} s",
    };
}
