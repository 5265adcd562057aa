namespace Waiaas.Mcp.Results;

/// <summary>The body of a guidance result: a recoverable state, never an isError.</summary>
internal sealed record GuidancePayload(string Status, string Message, string Hint, bool Retryable);
