namespace Waiaas.Mcp.Tools;

internal enum ArgumentType
{
    String,
    Integer,
    Number,
    Boolean,
    Object,
    Array,
}

/// <summary>Where an argument goes in the daemon request.</summary>
internal enum ArgumentLocation
{
    Query,
    Path,
    Body,
}

/// <summary>
/// One tool argument: its schema, its validation and its place in the daemon request, declared once.
/// <see cref="Name"/> is the snake_case MCP name; <see cref="DaemonName"/> the field the daemon expects.
/// </summary>
internal sealed record ToolArgument(string Name, ArgumentType Type, string Description)
{
    public bool IsRequired { get; init; }
    public ArgumentLocation Location { get; init; } = ArgumentLocation.Query;
    public string? DaemonField { get; init; }
    public IReadOnlyList<string>? AllowedValues { get; init; }

    public string DaemonName => DaemonField ?? Name;

    public ToolArgument Required() => this with { IsRequired = true };
    public ToolArgument InPath() => this with { Location = ArgumentLocation.Path };
    public ToolArgument InQuery(string? daemonField = null) => this with { Location = ArgumentLocation.Query, DaemonField = daemonField };
    public ToolArgument InBody(string? daemonField = null) => this with { Location = ArgumentLocation.Body, DaemonField = daemonField };
    public ToolArgument OneOf(params string[] values) => this with { AllowedValues = values };

    public static ToolArgument String(string name, string description) => new(name, ArgumentType.String, description);
    public static ToolArgument Integer(string name, string description) => new(name, ArgumentType.Integer, description);
    public static ToolArgument Number(string name, string description) => new(name, ArgumentType.Number, description);
    public static ToolArgument Boolean(string name, string description) => new(name, ArgumentType.Boolean, description);

    public string TypeName => Type switch
    {
        ArgumentType.String => "string",
        ArgumentType.Integer => "integer",
        ArgumentType.Number => "number",
        ArgumentType.Boolean => "boolean",
        ArgumentType.Object => "object",
        _ => "array",
    };
}
