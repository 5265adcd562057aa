using System.Text.Json;
using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Results;

namespace Waiaas.Mcp.Tools.Answers;

/// <summary>Drops one top-level field of a successful answer and says so in its place, under <c>note</c>.</summary>
internal sealed class WithoutFieldAnswer(string field, string note) : ToolAnswer
{
    public override CallToolResult ToResult(DaemonResult result)
    {
        if (result is not DaemonResult.Ok ok)
        {
            return ResultMapper.ToToolResult(result);
        }

        using var document = JsonDocument.Parse(ok.Json);
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty(field, out _))
        {
            return ResultMapper.ToToolResult(result);
        }

        return ToolCall.Answer(writer =>
        {
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name != field)
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteString("note", note);
        });
    }
}
