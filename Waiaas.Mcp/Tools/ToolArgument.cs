namespace Waiaas.Mcp.Tools;

internal enum ArgumentType
{
    String,
    Integer,
    Number,
    Boolean,
    Object,
    Array,

    /// <summary>Any JSON value (schema <c>{}</c>).</summary>
    Any,

    /// <summary>A number or a string (schema <c>anyOf</c>, e.g. an EIP-712 chainId); only below the top level.</summary>
    NumberOrString,
}

/// <summary>Where an argument goes in the daemon request.</summary>
internal enum ArgumentLocation
{
    Query,
    Path,
    Body,

    /// <summary>Read by the tool itself (wallet resolution, a custom executor); never sent as given.</summary>
    Local,
}

/// <summary>
/// One tool argument: its schema, its validation and its place in the daemon request, declared once.
/// <see cref="Name"/> is the snake_case MCP name; <see cref="DaemonName"/> the field the daemon expects. For a
/// body argument the daemon name may be a dotted path (<c>token.address</c>): objects on the way are created,
/// and an object value merges into an object already there. Nested fields (<see cref="Properties"/>), array
/// items (<see cref="Items"/>) and map values (<see cref="Values"/>) are arguments too, with their own renames.
/// </summary>
internal sealed record ToolArgument(string Name, ArgumentType Type, string Description)
{
    public bool IsRequired { get; init; }
    public ArgumentLocation Location { get; init; } = ArgumentLocation.Query;
    public string? DaemonField { get; init; }
    public IReadOnlyList<string>? AllowedValues { get; init; }

    /// <summary>Declared fields of an object; any other field is refused.</summary>
    public IReadOnlyList<ToolArgument>? Properties { get; init; }

    /// <summary>Schema of every item of an array (null: any value).</summary>
    public ToolArgument? Items { get; init; }

    /// <summary>Schema of every value of a map (an object with free string keys).</summary>
    public ToolArgument? Values { get; init; }

    public long? Minimum { get; init; }
    public long? Maximum { get; init; }
    public int? MinItems { get; init; }
    public int? MaxItems { get; init; }

    /// <summary>JSON Schema format; <c>uri</c> is checked as an absolute URI.</summary>
    public string? Format { get; init; }

    /// <summary>Compact JSON sent to the daemon when the argument is not given.</summary>
    public string? DefaultJson { get; init; }

    public string DaemonName => DaemonField ?? Name;

    public ToolArgument Required() => this with { IsRequired = true };
    public ToolArgument InPath() => this with { Location = ArgumentLocation.Path };
    public ToolArgument InQuery(string? daemonField = null) => this with { Location = ArgumentLocation.Query, DaemonField = daemonField };
    public ToolArgument InBody(string? daemonField = null) => this with { Location = ArgumentLocation.Body, DaemonField = daemonField };
    public ToolArgument Local() => this with { Location = ArgumentLocation.Local };

    /// <summary>The daemon's name for a nested field.</summary>
    public ToolArgument As(string daemonField) => this with { DaemonField = daemonField };

    public ToolArgument OneOf(params string[] values) => this with { AllowedValues = values };
    public ToolArgument Between(long minimum, long maximum) => this with { Minimum = minimum, Maximum = maximum };
    public ToolArgument ItemCount(int minimum, int maximum) => this with { MinItems = minimum, MaxItems = maximum };
    public ToolArgument WithFormat(string format) => this with { Format = format };
    public ToolArgument DefaultsTo(string json) => this with { DefaultJson = json };

    public static ToolArgument String(string name, string description) => new(name, ArgumentType.String, description);
    public static ToolArgument Integer(string name, string description) => new(name, ArgumentType.Integer, description);
    public static ToolArgument Number(string name, string description) => new(name, ArgumentType.Number, description);
    public static ToolArgument Boolean(string name, string description) => new(name, ArgumentType.Boolean, description);
    public static ToolArgument NumberOrString(string name, string description) => new(name, ArgumentType.NumberOrString, description);

    /// <summary>An object with exactly these fields.</summary>
    public static ToolArgument Object(string name, string description, params ToolArgument[] properties) =>
        new(name, ArgumentType.Object, description) { Properties = properties };

    /// <summary>An object with free string keys whose values all match <paramref name="values"/>.</summary>
    public static ToolArgument Map(string name, string description, ToolArgument values) =>
        new(name, ArgumentType.Object, description) { Values = values };

    /// <summary>An object with free string keys and any values.</summary>
    public static ToolArgument FreeObject(string name, string description) => Map(name, description, Anything);

    public static ToolArgument Array(string name, string description, ToolArgument? items = null) =>
        new(name, ArgumentType.Array, description) { Items = items ?? Anything };

    /// <summary>Any JSON value (array items and map values without a schema).</summary>
    public static ToolArgument Anything { get; } = new(string.Empty, ArgumentType.Any, string.Empty);

    public string TypeName => Type switch
    {
        ArgumentType.String => "string",
        ArgumentType.Integer => "integer",
        ArgumentType.Number => "number",
        ArgumentType.Boolean => "boolean",
        ArgumentType.Object => "object",
        ArgumentType.Array => "array",
        ArgumentType.NumberOrString => "number or string",
        _ => "any value",
    };
}
