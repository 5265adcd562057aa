namespace Waiaas.Mcp.Tools.Schema;

/// <summary>Short constructors for schema nodes, so the catalog tables read like the schemas they declare.</summary>
internal static class Schemas
{
    /// <summary>A decimal digit string, the daemon's form of amounts in the smallest unit (wei, lamports).</summary>
    public const string DigitsPattern = @"^\d+$";

    /// <summary>The largest integer a JavaScript number holds exactly; the daemon parses numbers into those.</summary>
    public const long MaxSafeInteger = 9007199254740991;

    public static SchemaNode Text(string description) => new() { Type = SchemaType.String, Description = description };

    public static SchemaNode Digits(string description) => Text(description) with { Pattern = DigitsPattern };

    public static SchemaNode Uri(string description) => Text(description) with { Format = "uri" };

    public static SchemaNode OneOf(string description, params string[] values) =>
        Text(description) with { AllowedStrings = values };

    public static SchemaNode Integer(string description, long? minimum = null, long? maximum = null) =>
        new() { Type = SchemaType.Integer, Description = description, Minimum = minimum, Maximum = maximum };

    public static SchemaNode IntegerOneOf(string description, params long[] values) =>
        new() { Type = SchemaType.Integer, Description = description, AllowedIntegers = values };

    public static SchemaNode Number(string description) =>
        new() { Type = SchemaType.Number, Description = description };

    public static SchemaNode Flag(string description) => new() { Type = SchemaType.Boolean, Description = description };

    /// <summary>An object with exactly these fields.</summary>
    public static SchemaNode Object(string description, params SchemaProperty[] properties) =>
        new() { Type = SchemaType.Object, Description = description, Properties = properties };

    /// <summary>An object with free string keys whose values all match <paramref name="values"/>.</summary>
    public static SchemaNode Map(string description, SchemaNode values) =>
        new() { Type = SchemaType.Object, Description = description, Values = values };

    /// <summary>An object with free string keys and any values.</summary>
    public static SchemaNode FreeObject(string description) => Map(description, AnyValue);

    public static SchemaNode List(string description, SchemaNode items, int? minItems = null, int? maxItems = null) =>
        new()
        {
            Type = SchemaType.Array,
            Description = description,
            Items = items,
            MinItems = minItems,
            MaxItems = maxItems,
        };

    public static SchemaNode AnyOf(string description, params SchemaNode[] alternatives) =>
        new() { Type = SchemaType.AnyOf, Description = description, Alternatives = alternatives };

    public static SchemaNode AnyValue { get; } = new() { Type = SchemaType.Any };

    /// <summary>A field of an object node (<see cref="Object"/>).</summary>
    public static SchemaProperty Field(string name, SchemaNode schema) => new(name, schema);
}
