using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Waiaas.Mcp.Json;

namespace Waiaas.Mcp.Tools.Schema;

/// <summary>
/// Writes a tool's input schema from its declared arguments; nothing else describes it. Objects with declared fields
/// say <c>additionalProperties: false</c>, because the checker refuses other fields.
/// </summary>
internal static class SchemaWriter
{
    /// <summary>
    /// Each definition's schema, written once: the action tools' schemas are written when a fetched list is compared
    /// with the one known, and again when tools/list describes them. Definitions never change, so one per instance.
    /// </summary>
    private static readonly ConditionalWeakTable<ToolDefinition, StrongBox<JsonElement>> Written = [];

    public static JsonElement Write(ToolDefinition tool) => Written.GetValue(tool, static t => new(WriteNew(t))).Value;

    private static JsonElement WriteNew(ToolDefinition tool)
    {
        var schema = WaiaasJsonContext.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", "object");
            WriteProperties(
                writer, tool.Arguments.Select(a => (a.Name, a.Schema, a.IsRequired)).ToList(), atLeastOneOf: null);
            writer.WriteEndObject();
        });

        using var document = JsonDocument.Parse(schema);
        return document.RootElement.Clone();
    }

    private static void WriteProperties(
        Utf8JsonWriter writer, IReadOnlyList<(string Name, SchemaNode Schema, bool IsRequired)> properties,
        IReadOnlyList<string>? atLeastOneOf)
    {
        writer.WriteStartObject("properties");
        foreach (var (name, schema, _) in properties)
        {
            writer.WritePropertyName(name);
            WriteNode(writer, schema);
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

        if (atLeastOneOf is { Count: > 0 })
        {
            writer.WriteStartArray("anyOf");
            foreach (var name in atLeastOneOf)
            {
                writer.WriteStartObject();
                writer.WriteStartArray("required");
                writer.WriteStringValue(name);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteBoolean("additionalProperties", false);
    }

    private static void WriteNode(Utf8JsonWriter writer, SchemaNode node)
    {
        writer.WriteStartObject();
        switch (node.Type)
        {
            case SchemaType.Any:
                break;
            case SchemaType.AnyOf:
                writer.WriteStartArray("anyOf");
                foreach (var alternative in node.Alternatives ?? [])
                {
                    WriteNode(writer, alternative);
                }

                writer.WriteEndArray();
                break;
            case SchemaType.Const:
                writer.WritePropertyName("const");
                writer.WriteRawValue(node.ConstJson ?? "null");
                break;
            default:
                writer.WriteString("type", TypeName(node.Type));
                break;
        }

        if (node.Description is { Length: > 0 } description)
        {
            writer.WriteString("description", description);
        }

        if (node.Format is { } format)
        {
            writer.WriteString("format", format);
        }

        if (node.AllowedStrings is { } strings)
        {
            writer.WriteStartArray("enum");
            foreach (var value in strings)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        if (node.AllowedIntegers is { } integers)
        {
            writer.WriteStartArray("enum");
            foreach (var value in integers)
            {
                writer.WriteNumberValue(value);
            }

            writer.WriteEndArray();
        }

        WriteNumber(writer, "minimum", node.Minimum);
        WriteNumber(writer, "exclusiveMinimum", node.ExclusiveMinimum);
        WriteNumber(writer, "maximum", node.Maximum);
        WriteNumber(writer, "minLength", node.MinLength);
        WriteNumber(writer, "maxLength", node.MaxLength);
        if (node.Pattern is { } pattern)
        {
            writer.WriteString("pattern", pattern);
        }

        if (node.Properties is { } properties)
        {
            WriteProperties(
                writer, properties.Select(p => (p.Name, p.Schema, p.IsRequired)).ToList(), node.AtLeastOneOf);
        }
        else if (node.Values is { } values)
        {
            writer.WriteStartObject("propertyNames");
            writer.WriteString("type", "string");
            writer.WriteEndObject();
            writer.WritePropertyName("additionalProperties");
            WriteNode(writer, values);
        }

        if (node.Items is { } items)
        {
            writer.WritePropertyName("items");
            WriteNode(writer, items);
        }

        WriteNumber(writer, "minItems", node.MinItems);
        WriteNumber(writer, "maxItems", node.MaxItems);
        writer.WriteEndObject();
    }

    public static string TypeName(SchemaType type) => type switch
    {
        SchemaType.String => "string",
        SchemaType.Integer => "integer",
        SchemaType.Number => "number",
        SchemaType.Boolean => "boolean",
        SchemaType.Object => "object",
        SchemaType.Array => "array",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a JSON Schema type keyword."),
    };

    private static void WriteNumber(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is not { } number)
        {
            return;
        }

        // Integral bounds as integers (60, not 60.0): some validators compare the keyword's JSON type.
        if (Math.Floor(number) == number && Math.Abs(number) <= Schemas.MaxSafeInteger)
        {
            writer.WriteNumber(name, (long)number);
        }
        else
        {
            writer.WritePropertyName(name);
            writer.WriteRawValue(number.ToString("R", CultureInfo.InvariantCulture));
        }
    }
}
