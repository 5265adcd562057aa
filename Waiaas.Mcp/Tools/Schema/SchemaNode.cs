using System.Text.RegularExpressions;

namespace Waiaas.Mcp.Tools.Schema;

/// <summary>
/// One node of a tool's input schema. The JSON Schema clients see (<see cref="SchemaWriter"/>) and the checks made
/// before anything is sent (<see cref="Checking.ArgumentChecker"/>) both come from this value, so they cannot drift.
/// An object with <see cref="Properties"/> is closed: a field it does not declare is refused.
/// </summary>
internal sealed record SchemaNode
{
    public required SchemaType Type { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<string>? AllowedStrings { get; init; }

    public IReadOnlyList<long>? AllowedIntegers { get; init; }

    public double? Minimum { get; init; }

    /// <summary>A lower bound the value must exceed (JSON Schema 2020-12 <c>exclusiveMinimum</c>).</summary>
    public double? ExclusiveMinimum { get; init; }

    public double? Maximum { get; init; }

    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    /// <summary>
    /// An ECMAScript-style regular expression the whole string must match (patterns carry their own anchors).
    /// </summary>
    public string? Pattern
    {
        get => _pattern;
        init
        {
            _pattern = value;
            _regex = value is null ? null : new Lazy<Regex?>(() => Compile(value));
        }
    }

    /// <summary>JSON Schema format; <c>uri</c> is checked as an absolute URI.</summary>
    public string? Format { get; init; }

    /// <summary>The declared fields of an object.</summary>
    public IReadOnlyList<SchemaProperty>? Properties { get; init; }

    /// <summary>
    /// Of these fields of an object at least one must be given (schema <c>anyOf</c> of <c>required</c>).
    /// </summary>
    public IReadOnlyList<string>? AtLeastOneOf { get; init; }

    /// <summary>The schema of every value of a map (an object with free string keys).</summary>
    public SchemaNode? Values { get; init; }

    public SchemaNode? Items { get; init; }

    public int? MinItems { get; init; }

    public int? MaxItems { get; init; }

    public IReadOnlyList<SchemaNode>? Alternatives { get; init; }

    /// <summary>The one allowed value, as compact JSON (<see cref="SchemaType.Const"/>).</summary>
    public string? ConstJson { get; init; }

    private readonly string? _pattern;
    private readonly Lazy<Regex?>? _regex;

    /// <summary>
    /// Null when there is no pattern or it cannot be compiled here (then the daemon is left to judge).
    /// </summary>
    public Regex? PatternRegex => _regex?.Value;

    private static Regex? Compile(string pattern)
    {
        try
        {
            // Bounded: a pattern from the daemon must never be able to stall a tool call.
            return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}

/// <summary>A declared field of an object node, with the name the daemon gives it when that differs.</summary>
internal sealed record SchemaProperty(string Name, SchemaNode Schema)
{
    public bool IsRequired { get; init; }

    public string? DaemonName { get; init; }

    public string DaemonField => DaemonName ?? Name;

    public SchemaProperty Required() => this with { IsRequired = true };

    public SchemaProperty As(string daemonName) => this with { DaemonName = daemonName };
}
