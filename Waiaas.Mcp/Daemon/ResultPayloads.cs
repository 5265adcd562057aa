using System.Text.Json;

namespace Waiaas.Mcp.Daemon;

/// <summary>The body of a guidance result: a recoverable state, never an isError.</summary>
internal sealed record GuidancePayload(string Status, string Message, string Hint, bool Retryable);

/// <summary>The body of an API error result (isError: true).</summary>
internal sealed record ApiErrorPayload(
    bool Error, string Code, string Message, bool Retryable, string? Hint, JsonElement? Details);
