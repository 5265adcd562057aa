using Waiaas.Mcp.Tools;

namespace Waiaas.Mcp.Diagnostics;

/// <summary>One thing a tool sends that a daemon's API document does not have: its route, or a field of it.</summary>
internal sealed record ToolApiGap(string Tool, string Route, string Missing)
{
    public override string ToString() => $"{Tool} ({Route}: {Missing})";
}

/// <summary>
/// Checks the tools against a daemon's own API document (<c>GET /doc</c>): every route a tool calls, every query
/// parameter and top-level body field it may send, and the fixed values it writes (<c>type: CONTRACT_DEPLOY</c>). A
/// gap means the daemon is older or newer than the one this server was built against. Routes the daemon serves
/// outside its document (<see cref="UndocumentedDaemonRoutes"/>) cannot be judged and are counted apart.
/// </summary>
internal static class ToolApiCheck
{
    public static (IReadOnlyList<ToolApiGap> Gaps, int OutsideDocument) Run(
        DaemonApi api, IReadOnlyList<ToolDefinition> tools)
    {
        var gaps = new List<ToolApiGap>();
        var outsideDocument = 0;
        foreach (var tool in tools)
        {
            if (UndocumentedDaemonRoutes.Find(tool.Route.PathTemplate) is not null)
            {
                outsideDocument++;
                continue;
            }

            foreach (var route in tool.AlsoCalls.Prepend(tool.Route).Distinct())
            {
                if (api.FindOperation(route.Method.Method, route.PathTemplate) is not { } operation)
                {
                    gaps.Add(new ToolApiGap(tool.Name, route.ToString(), "the route"));
                    continue;
                }

                // A composite tool's further routes take what its code builds; only the declared route has declared
                // fields.
                if (route != tool.Route)
                {
                    continue;
                }

                foreach (var name in tool.Arguments.Where(
                    a => a.Location == ArgumentLocation.Query).Select(a => a.DaemonField))
                {
                    if (!operation.DeclaresQuery(name))
                    {
                        gaps.Add(new ToolApiGap(tool.Name, route.ToString(), $"query parameter {name}"));
                    }
                }

                var fields = operation.BodyFieldNames();
                var sent = tool.Arguments.Where(a => a.Location == ArgumentLocation.Body)
                    .SelectMany(a => a.AlsoSentAs.Prepend(a.DaemonField))
                    .Concat(tool.BodyConstants.Select(c => c.Path))
                    .Select(path => path.Split('.')[0])
                    .Distinct(StringComparer.Ordinal);
                foreach (var field in sent.Where(f => !fields.Contains(f, StringComparer.Ordinal)))
                {
                    gaps.Add(new ToolApiGap(tool.Name, route.ToString(), $"body field {field}"));
                }

                foreach (var constant in tool.BodyConstants.Where(c => c.Json.StartsWith('"')))
                {
                    var allowed = operation.BodyEnumValues(constant.Path);
                    var value = constant.Json.Trim('"');
                    if (allowed.Count > 0 && !allowed.Contains(value, StringComparer.Ordinal))
                    {
                        gaps.Add(new ToolApiGap(tool.Name, route.ToString(), $"{constant.Path} {value}"));
                    }
                }
            }
        }

        return (gaps, outsideDocument);
    }
}
