namespace Waiaas.Mcp.Tools.Schema;

/// <summary>The JSON Schema shapes a tool argument can take.</summary>
internal enum SchemaType
{
    String,
    Integer,
    Number,
    Boolean,
    Object,
    Array,

    /// <summary>Any JSON value (schema <c>{}</c>).</summary>
    Any,

    /// <summary>
    /// A value matching one of <see cref="SchemaNode.Alternatives"/> (schema <c>anyOf</c>); never at the top level.
    /// </summary>
    AnyOf,

    /// <summary>Exactly <see cref="SchemaNode.ConstJson"/> (schema <c>const</c>).</summary>
    Const,
}
