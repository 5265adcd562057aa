using System.Text.Json;
using Waiaas.Mcp.Json;
using Waiaas.Mcp.Tools.Schema;

namespace Waiaas.Mcp.Tools.Actions;

/// <summary>
/// Reads one parameter of an action's input schema (JSON Schema written by the daemon from zod). It keeps type, enum,
/// minimum/maximum, minLength/maxLength, pattern and items; anything else is left unconstrained, for the daemon to
/// judge.
/// </summary>
internal static class ActionSchemaReader
{
    private const int MaxDescription = 1024;

    public static SchemaNode Read(JsonElement schema, string fallbackDescription)
    {
        var description = Truncate(String(schema, "description") ?? fallbackDescription);
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return Schemas.AnyValue with { Description = description };
        }

        switch (String(schema, "type") ?? SharedAlternativeType(schema))
        {
            case "string":
                return Schemas.Text(description) with
                {
                    AllowedStrings = StringEnum(schema),
                    MinLength = NonNegativeInt(schema, "minLength"),
                    MaxLength = NonNegativeInt(schema, "maxLength"),
                    Pattern = String(schema, "pattern"),
                };
            case "integer":
                return Bounded(schema, Schemas.Integer(description) with { AllowedIntegers = IntegerEnum(schema) });
            case "number":
                return Bounded(schema, Schemas.Number(description));
            case "boolean":
                return Schemas.Flag(description);
            case "array":
                return Schemas.List(description,
                    schema.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Object
                        ? Read(items, string.Empty) with { Description = String(items, "description") }
                        : Schemas.AnyValue);
            case "object":
                return Schemas.FreeObject(description);
            default:
                return Schemas.AnyValue with { Description = description };
        }
    }

    /// <summary>
    /// Bounds, reading draft-4 <c>exclusiveMinimum: true</c> (zod's positive()) as a strict lower bound.
    /// </summary>
    private static SchemaNode Bounded(JsonElement schema, SchemaNode node)
    {
        var minimum = Number(schema, "minimum");
        var exclusive = schema.TryGetProperty("exclusiveMinimum", out var flag) ? flag : default;
        return node with
        {
            Minimum = exclusive.ValueKind == JsonValueKind.True ? null : minimum,
            ExclusiveMinimum = exclusive.ValueKind switch
            {
                JsonValueKind.True => minimum,
                JsonValueKind.Number when exclusive.TryGetDouble(out var value) => value,
                _ => null,
            },
            Maximum = Number(schema, "maximum"),
        };
    }

    /// <summary>
    /// The one type all <c>anyOf</c>/<c>oneOf</c> branches share (e.g. an amount or "max"), else null.
    /// </summary>
    private static string? SharedAlternativeType(JsonElement schema)
    {
        foreach (var keyword in new[] { "anyOf", "oneOf" })
        {
            if (schema.TryGetProperty(keyword, out var branches) && branches.ValueKind == JsonValueKind.Array)
            {
                var types = branches.EnumerateArray().Select(b => String(b, "type")).Distinct().ToList();
                // Only the type is shared: the branches' constraints differ, so none is kept.
                return types is [{ } type] && type != "object" && type != "array" ? type : null;
            }
        }

        return null;
    }

    private static IReadOnlyList<string>? StringEnum(JsonElement schema)
    {
        if (!schema.TryGetProperty("enum", out var values) || values.ValueKind != JsonValueKind.Array
            || values.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            return null;
        }

        return [.. values.EnumerateArray().Select(v => JsonText.ReadLenient(v)!)];
    }

    private static IReadOnlyList<long>? IntegerEnum(JsonElement schema)
    {
        if (!schema.TryGetProperty("enum", out var values) || values.ValueKind != JsonValueKind.Array
            || values.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out _)))
        {
            return null;
        }

        return [.. values.EnumerateArray().Select(v => v.GetInt64())];
    }

    private static string? String(JsonElement schema, string name) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty(name, out var value)
            ? JsonText.ReadLenient(value)
            : null;

    private static double? Number(JsonElement schema, string name) =>
        schema.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number)
            && double.IsFinite(number)
            ? number
            : null;

    private static int? NonNegativeInt(JsonElement schema, string name) =>
        schema.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= 0
            ? number
            : null;

    private static string Truncate(string text) => text.Length <= MaxDescription ? text : text[..MaxDescription];
}
