using System.Text.Json;
using Waiaas.Mcp.Json;

namespace Waiaas.Mcp.Tools;

/// <summary>
/// Writes a tool's JSON Schema from its declared arguments (never written by hand apart from them). Objects with
/// declared fields refuse other fields (<c>additionalProperties: false</c>), as the binder does.
/// </summary>
internal static class ToolSchema
{
    public static JsonElement Build(ToolDefinition tool)
    {
        var schema = WaiaasJsonContext.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", "object");
            WriteProperties(writer, tool.Arguments);
            writer.WriteEndObject();
        });

        using var document = JsonDocument.Parse(schema);
        return document.RootElement.Clone();
    }

    private static void WriteProperties(Utf8JsonWriter writer, IReadOnlyList<ToolArgument> properties)
    {
        writer.WriteStartObject("properties");
        foreach (var property in properties)
        {
            writer.WritePropertyName(property.Name);
            WriteSchema(writer, property);
        }

        writer.WriteEndObject();
        if (properties.Any(p => p.IsRequired))
        {
            writer.WriteStartArray("required");
            foreach (var property in properties.Where(p => p.IsRequired))
            {
                writer.WriteStringValue(property.Name);
            }

            writer.WriteEndArray();
        }

        writer.WriteBoolean("additionalProperties", false);
    }

    private static void WriteSchema(Utf8JsonWriter writer, ToolArgument argument)
    {
        writer.WriteStartObject();
        switch (argument.Type)
        {
            case ArgumentType.Any:
                break;
            case ArgumentType.NumberOrString:
                writer.WriteStartArray("anyOf");
                writer.WriteStartObject();
                writer.WriteString("type", "number");
                writer.WriteEndObject();
                writer.WriteStartObject();
                writer.WriteString("type", "string");
                writer.WriteEndObject();
                writer.WriteEndArray();
                break;
            default:
                writer.WriteString("type", argument.TypeName);
                break;
        }

        if (argument.Description.Length > 0)
        {
            writer.WriteString("description", argument.Description);
        }

        if (argument.Format is { } format)
        {
            writer.WriteString("format", format);
        }

        if (argument.AllowedValues is { } allowed)
        {
            writer.WriteStartArray("enum");
            foreach (var value in allowed)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        WriteNumber(writer, "minimum", argument.Minimum);
        WriteNumber(writer, "maximum", argument.Maximum);
        WriteNumber(writer, "minItems", argument.MinItems);
        WriteNumber(writer, "maxItems", argument.MaxItems);

        if (argument.Properties is { } properties)
        {
            WriteProperties(writer, properties);
        }
        else if (argument.Values is { } values)
        {
            writer.WriteStartObject("propertyNames");
            writer.WriteString("type", "string");
            writer.WriteEndObject();
            writer.WritePropertyName("additionalProperties");
            WriteSchema(writer, values);
        }

        if (argument.Items is { } items)
        {
            writer.WritePropertyName("items");
            WriteSchema(writer, items);
        }

        writer.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }
}
