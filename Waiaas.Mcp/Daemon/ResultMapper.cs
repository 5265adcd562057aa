using System.Text;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Json;

namespace Waiaas.Mcp.Daemon;

/// <summary>
/// The one place a <see cref="DaemonResult"/> becomes what the client sees (spec section 6).
/// Guidance outcomes never set isError: repeated isError results make Claude Desktop give up on a server.
/// </summary>
internal static class ResultMapper
{
    public const string JsonMimeType = "application/json";

    public static CallToolResult ToToolResult(DaemonResult result)
    {
        var (text, isError) = ToJsonText(result);
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = text }],
            IsError = isError ? true : null,
        };
    }

    public static TextResourceContents ToResourceContents(string uri, DaemonResult result) =>
        new() { Uri = uri, MimeType = JsonMimeType, Text = ToJsonText(result).Text };

    /// <summary>A guidance result for a call this server held back (never isError).</summary>
    public static CallToolResult ToToolResult(GuidancePayload guidance) =>
        new() { Content = [new TextContentBlock { Text = Serialize(guidance) }] };

    /// <summary>An isError result for a call that never reached the daemon (bad arguments, unknown tool).</summary>
    public static CallToolResult InvalidCall(string code, string message, string? hint = null) =>
        ToToolResult(new DaemonResult.ApiError(code, message, Retryable: false, hint));

    private static (string Text, bool IsError) ToJsonText(DaemonResult result) => result switch
    {
        DaemonResult.Ok ok => (Encoding.UTF8.GetString(ok.Json.Span), false),
        DaemonResult.SessionExpired expired => (Serialize(Guidance.SessionExpired(expired.Reason)), false),
        DaemonResult.DaemonUnavailable unavailable => (Serialize(Guidance.DaemonUnavailable(unavailable.Reason)), false),
        DaemonResult.KillSwitchActive => (Serialize(Guidance.KillSwitchActive()), false),
        DaemonResult.ApiError error => (JsonSerializer.Serialize(
            new ApiErrorPayload(true, error.Code, error.Message, error.Retryable, error.Hint, error.Details),
            WaiaasJsonContext.Relaxed.ApiErrorPayload), true),
        _ => throw new InvalidOperationException($"Unmapped daemon result {result.GetType().Name}."),
    };

    private static string Serialize(GuidancePayload payload) =>
        JsonSerializer.Serialize(payload, WaiaasJsonContext.Relaxed.GuidancePayload);
}
