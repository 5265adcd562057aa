using System.Text;
using System.Text.Json;
using Waiaas.Mcp.Json;

namespace Waiaas.Mcp.Daemon;

/// <summary>
/// One field a daemon validation error named (its path in the request, e.g. <c>gasCondition.timeout</c>) and what was
/// wrong.
/// </summary>
internal sealed record FieldProblem(string Field, string Problem)
{
    /// <summary>The tool argument's path to the same field (<c>gas_condition.timeout</c>), when one is known.</summary>
    public string? Argument { get; init; }
}

/// <summary>
/// The fields named by a daemon validation error, whichever of its four shapes it has: zod issues in
/// <c>details.issues</c> (path an array, or a dotted string), the zod text of an action in
/// <c>details.validationErrors</c>, or the zod text inside <c>message</c> (the simulate dry-run).
/// </summary>
internal static class DaemonValidation
{
    private const string RequestItself = "(request)";

    /// <summary>The named fields, or null when the error is not a validation error or names none.</summary>
    public static IReadOnlyList<FieldProblem>? FieldsOf(string? code, string? message, JsonElement? details)
    {
        if (code is not (DaemonErrorCodes.ActionValidationFailed or DaemonErrorCodes.ValidationFailed))
        {
            return null;
        }

        var fields = new List<FieldProblem>();
        if (details is { ValueKind: JsonValueKind.Object } detail)
        {
            if (detail.TryGetProperty("issues", out var issues))
            {
                AddIssues(issues, fields);
            }

            if (JsonText.StringProperty(detail, "validationErrors") is { } text)
            {
                // The action's own schema judged the params object: its paths start inside it.
                AddIssuesText(text, fields, "params.");
            }
        }
        else if (message?.IndexOf('[', StringComparison.Ordinal) is >= 0 and var start)
        {
            AddIssuesText(message[start..], fields);
        }

        return fields.Count > 0 ? fields : null;
    }

    private static void AddIssuesText(string zodText, List<FieldProblem> fields, string within = "")
    {
        try
        {
            using var document = JsonDocument.Parse(zodText);
            AddIssues(document.RootElement, fields, within);
        }
        catch (JsonException)
        {
            // Not the zod text after all: the message and details stay as they are.
        }
    }

    private static void AddIssues(JsonElement issues, List<FieldProblem> fields, string within = "")
    {
        if (issues.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var issue in issues.EnumerateArray())
        {
            if (issue.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var problem = JsonText.StringProperty(issue, "message") ?? "invalid";
            if (issue.TryGetProperty("path", out var path) && PathText(path) is { } field)
            {
                // Within an action's params, an empty path is the params object itself.
                var named = field != RequestItself ? within + field
                    : within.Length > 0 ? within.TrimEnd('.') : RequestItself;
                fields.Add(new FieldProblem(named, problem));
            }
        }
    }

    /// <summary>
    /// <c>["recipients", 0, "amount"]</c> → <c>recipients[0].amount</c>; a string path as it is; an empty path is the
    /// request itself.
    /// </summary>
    private static string? PathText(JsonElement path)
    {
        switch (path.ValueKind)
        {
            case JsonValueKind.String:
                return JsonText.ReadLenient(path) is { Length: > 0 } dotted ? dotted : RequestItself;
            case JsonValueKind.Array:
                var builder = new StringBuilder();
                foreach (var part in path.EnumerateArray())
                {
                    if (part.ValueKind == JsonValueKind.Number)
                    {
                        builder.Append('[').Append(part.GetRawText()).Append(']');
                    }
                    else if (part.ValueKind == JsonValueKind.String)
                    {
                        builder.Append(builder.Length > 0 ? "." : string.Empty).Append(JsonText.ReadLenient(part));
                    }
                }

                return builder.Length > 0 ? builder.ToString() : RequestItself;
            default:
                return null;
        }
    }
}
