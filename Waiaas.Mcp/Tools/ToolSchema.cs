using System.Buffers;
using System.Text.Json;
using Waiaas.Mcp.Json;

namespace Waiaas.Mcp.Tools;

/// <summary>Writes a tool's JSON Schema from its declared arguments (never written by hand apart from them).</summary>
internal static class ToolSchema
{
    public static JsonElement Build(ToolDefinition tool)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WaiaasJsonContext.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "object");
            writer.WriteStartObject("properties");
            foreach (var argument in tool.Arguments)
            {
                writer.WriteStartObject(argument.Name);
                writer.WriteString("type", argument.TypeName);
                writer.WriteString("description", argument.Description);
                if (argument.AllowedValues is { } allowed)
                {
                    writer.WriteStartArray("enum");
                    foreach (var value in allowed)
                    {
                        writer.WriteStringValue(value);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            if (tool.Arguments.Any(a => a.IsRequired))
            {
                writer.WriteStartArray("required");
                foreach (var argument in tool.Arguments.Where(a => a.IsRequired))
                {
                    writer.WriteStringValue(argument.Name);
                }

                writer.WriteEndArray();
            }

            writer.WriteBoolean("additionalProperties", false);
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
