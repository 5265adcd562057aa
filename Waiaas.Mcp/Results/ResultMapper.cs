using System.Text;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Json;
using Waiaas.Mcp.Daemon;

namespace Waiaas.Mcp.Results;

/// <summary>
/// The one place a <see cref="DaemonResult"/> becomes what the client sees. Guidance outcomes never set isError:
/// repeated isError results make Claude Desktop give up on a server. No session token leaves through here.
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
        DaemonResult.Ok ok => (OkText(ok.Json.Span), false),
        DaemonResult.SessionExpired expired =>
            (Serialize(Guidance.SessionExpired(expired.Reason, expired.PicksUpNewToken)), false),
        DaemonResult.DaemonUnavailable unavailable =>
            (Serialize(Guidance.DaemonUnavailable(unavailable.Reason)), false),
        DaemonResult.OutcomeUnknown unknown => (Serialize(Guidance.OutcomeUnknown(unknown.Reason)), false),
        DaemonResult.KillSwitchActive killSwitch =>
            (Serialize(Guidance.KillSwitchActive(killSwitch.PicksUpNewToken)), false),
        DaemonResult.ApiError error => (SecretRedaction.Redact(ApiErrorText(error)), true),
        _ => throw new InvalidOperationException($"Unmapped daemon result {result.GetType().Name}."),
    };

    /// <summary>The daemon's JSON as text: decoded once, and copied again only when it holds a token.</summary>
    private static string OkText(ReadOnlySpan<byte> json)
    {
        var text = Encoding.UTF8.GetString(json);
        return SecretRedaction.MayHoldToken(json) ? SecretRedaction.Redact(text) : text;
    }

    /// <summary>
    /// <c>{error, code, message, retryable, hint?, details?}</c>; details as the daemon sent them (compacted).
    /// </summary>
    private static string ApiErrorText(DaemonResult.ApiError error)
    {
        var hint = error.Fields is { Count: > 0 } fields
            ? Guidance.InvalidFields(fields, error.Hint)
            : error.Hint ?? Guidance.HintFor(error.Cause);
        var json = WaiaasJsonContext.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteBoolean("error", true);
            writer.WriteString("code", error.Code);
            writer.WriteString("message", error.Message);
            writer.WriteBoolean("retryable", error.Retryable);
            if (hint is not null)
            {
                writer.WriteString("hint", hint);
            }

            if (error.Details is { } details)
            {
                writer.WritePropertyName("details");
                writer.WriteRawValue(details.GetRawText(), skipInputValidation: true);
            }

            writer.WriteEndObject();
        });
        return Encoding.UTF8.GetString(json.Span);
    }

    private static string Serialize(GuidancePayload payload) =>
        SecretRedaction.Redact(JsonSerializer.Serialize(payload, WaiaasJsonContext.Relaxed.GuidancePayload));
}
