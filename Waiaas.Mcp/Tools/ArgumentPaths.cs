using System.Text;
using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Tools.Schema;

namespace Waiaas.Mcp.Tools;

/// <summary>
/// The daemon's name for a field it rejected (<c>gasCondition.maxGasPrice</c>, <c>params.asset</c>) read back as the
/// tool argument it came from (<c>gas_condition.max_gas_price</c>, <c>asset</c>): the model can only correct what it
/// can name.
/// </summary>
internal static class ArgumentPaths
{
    /// <summary>A daemon validation error, each field it names given its argument path where one is known.</summary>
    public static DaemonResult InToolTerms(ToolDefinition tool, DaemonResult result) =>
        result is DaemonResult.ApiError { Fields: { Count: > 0 } fields } error
            ? error with
            {
                Fields = [.. fields.Select(f => f with { Argument = ArgumentPath(tool, f.Field) })],
            }
            : result;

    /// <summary>
    /// The argument path that reaches <paramref name="daemonPath"/> in the tool's request, or null when no argument
    /// does (a field the tool sets itself, or one it does not know).
    /// </summary>
    public static string? ArgumentPath(ToolDefinition tool, string daemonPath)
    {
        var segments = Segments(daemonPath);
        if (segments is null)
        {
            return null;
        }

        // The argument sent at the longest prefix of the path; an action's network is sent twice, under two names.
        (ToolArgument Argument, int Length)? best = null;
        foreach (var argument in tool.Arguments.Where(a => a.Location != ArgumentLocation.Local))
        {
            foreach (var target in argument.AlsoSentAs.Prepend(argument.DaemonField))
            {
                var prefix = target.Split('.');
                if (prefix.Length > (best?.Length ?? 0) && StartsWith(segments, prefix))
                {
                    best = (argument, prefix.Length);
                }
            }
        }

        if (best is not { } found)
        {
            return null;
        }

        var path = new StringBuilder(found.Argument.Name);
        SchemaNode? schema = found.Argument.Schema;
        foreach (var segment in segments.Skip(found.Length))
        {
            if (segment.StartsWith('['))
            {
                path.Append(segment);
                schema = schema?.Items;
                continue;
            }

            // A declared field by its argument name; past what is declared (a free-form object), the name as sent.
            var declared = schema?.Properties?.FirstOrDefault(p => p.DaemonField == segment);
            path.Append('.').Append(declared?.Name ?? segment);
            schema = declared?.Schema ?? schema?.Values;
        }

        return path.ToString();
    }

    /// <summary>
    /// <c>recipients[0].amount</c> → <c>recipients</c>, <c>[0]</c>, <c>amount</c>; null when it is not a path.
    /// </summary>
    private static List<string>? Segments(string daemonPath)
    {
        var segments = new List<string>();
        foreach (var dotted in daemonPath.Split('.'))
        {
            var bracket = dotted.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? dotted : dotted[..bracket];
            if (name.Length > 0)
            {
                segments.Add(name);
            }
            else if (bracket != 0 || segments.Count == 0)
            {
                return null;
            }

            for (var at = bracket; at >= 0; at = dotted.IndexOf('[', at + 1))
            {
                var end = dotted.IndexOf(']', at);
                if (end < 0)
                {
                    return null;
                }

                segments.Add(dotted[at..(end + 1)]);
            }
        }

        return segments;
    }

    private static bool StartsWith(List<string> segments, string[] prefix) =>
        prefix.Length <= segments.Count && prefix.Select((part, i) => part == segments[i]).All(same => same);
}
