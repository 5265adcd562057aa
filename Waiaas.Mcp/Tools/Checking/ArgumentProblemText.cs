using System.Globalization;
using System.Text.Json;
using Waiaas.Mcp.Tools.Schema;

namespace Waiaas.Mcp.Tools.Checking;

/// <summary>The one place argument problems become words the model reads to correct its call.</summary>
internal static class ArgumentProblemText
{
    public static string Message(string toolName, IReadOnlyList<ArgumentProblem> problems) =>
        $"Invalid arguments for {toolName}: {string.Join("; ", problems.Select(Describe))}.";

    /// <summary>What a string that is not text holds, in words.</summary>
    public const string BrokenCharacter = "an unpaired UTF-16 surrogate escape, such as half an emoji";

    public const string Hint = "Fix the arguments and call again; the input schema lists them.";

    public static string Describe(ArgumentProblem problem) => problem.Kind switch
    {
        ProblemKind.Unknown when problem.Path.Contains('.', StringComparison.Ordinal)
            || problem.Path.Contains('[', StringComparison.Ordinal) =>
            $"'{problem.Path}' is not a field here (expected: {string.Join(", ", problem.Names)})",
        ProblemKind.Unknown when problem.Names.Count == 0 =>
            $"'{problem.Path}' is not an argument of this tool (it takes none)",
        ProblemKind.Unknown =>
            $"'{problem.Path}' is not an argument of this tool (expected: {string.Join(", ", problem.Names)})",
        ProblemKind.Required => $"'{problem.Path}' is required ({Expected(problem.Schema)})",
        ProblemKind.WrongType => $"'{problem.Path}' must be {Expected(problem.Schema)}, got {Describe(problem.Given)}",
        ProblemKind.NotAllowed or ProblemKind.OutOfRange or ProblemKind.TooShort or ProblemKind.TooLong
            or ProblemKind.PatternMismatch or ProblemKind.NotAbsoluteUri or ProblemKind.WrongItemCount =>
            $"'{problem.Path}' must be {Expected(problem.Schema)}{Got(problem)}",
        ProblemKind.InvalidText =>
            $"'{problem.Path}' holds a broken character ({BrokenCharacter}); send the text whole",
        ProblemKind.InvalidName when problem.Path.Length == 0 =>
            $"an argument name holds a broken character ({BrokenCharacter}); send the name whole",
        ProblemKind.InvalidName =>
            $"'{problem.Path}' has a field name that holds a broken character ({BrokenCharacter}); send the name whole",
        ProblemKind.NotAPathSegment =>
            $"'{problem.Path}' names a URL path segment: it must be a non-empty id without control characters, and "
                + "not '.' or '..' in any encoding",
        ProblemKind.NoneOfGiven => $"'{problem.Path}' needs at least one of {Quoted(problem.Names)}",
        ProblemKind.ExactlyOneOf =>
            $"give exactly one of '{problem.Path}' and '{problem.Names[0]}', not {problem.GivenText}",
        ProblemKind.RuledOut when problem.Because is { } because =>
            $"'{problem.Path}' cannot be used with {because.Argument} {because.Value}",
        ProblemKind.RequiredByValue when problem.Because is { } because =>
            $"'{problem.Path}' is required when {because.Argument} is {because.Value}",
        _ => $"'{problem.Path}' is invalid",
    };

    /// <summary>What a schema accepts, in words: "an integer from 60 to 86400", "one of \"GET\", \"POST\"".</summary>
    public static string Expected(SchemaNode? schema)
    {
        if (schema is null)
        {
            return "a value";
        }

        if (schema.AllowedStrings is { } strings)
        {
            return $"one of {string.Join(", ", strings.Select(v => $"\"{v}\""))}";
        }

        if (schema.AllowedIntegers is { } integers)
        {
            return $"one of {string.Join(", ", integers.Select(v => v.ToString(CultureInfo.InvariantCulture)))}";
        }

        return schema.Type switch
        {
            SchemaType.Integer => "an integer" + Range(schema),
            SchemaType.Number => "a number" + Range(schema),
            SchemaType.String when schema.Pattern == Schemas.DigitsPattern =>
                "a string of decimal digits (the smallest unit, e.g. wei)",
            SchemaType.String when schema.Format == "uri" => "an absolute URI string",
            SchemaType.String when schema.Pattern is { } pattern => $"a string matching {pattern}",
            SchemaType.String => "a string" + Length(schema),
            SchemaType.Boolean => "true or false",
            SchemaType.Array => "an array" + Items(schema),
            SchemaType.Object when schema.Properties is { } properties =>
                $"an object with fields {string.Join(", ", properties.Select(p => p.Name))}",
            SchemaType.Object => "an object",
            SchemaType.AnyOf => string.Join(" or ", (schema.Alternatives ?? []).Select(Expected)),
            SchemaType.Const => schema.ConstJson ?? "null",
            _ => "any value",
        };
    }

    private static string Got(ArgumentProblem problem) => problem.GivenText switch
    {
        null => string.Empty,
        { } text when problem.Kind == ProblemKind.WrongItemCount => $", got {text} item(s)",
        { } text when problem.Kind is ProblemKind.OutOfRange or ProblemKind.NotAllowed
            && problem.Schema?.Type is SchemaType.Integer or SchemaType.Number =>
            $", got {text}",
        { } text => $", got \"{text}\"",
    };

    private static string Range(SchemaNode schema) => (schema.Minimum ?? schema.ExclusiveMinimum, schema.Maximum) switch
    {
        ({ } min, { } max) => Format($" from {min} to {max}"),
        ({ } min, null) when schema.ExclusiveMinimum is not null => Format($" greater than {min}"),
        ({ } min, null) => Format($" of at least {min}"),
        (null, { } max) => Format($" of at most {max}"),
        _ => string.Empty,
    };

    private static string Length(SchemaNode schema) => (schema.MinLength, schema.MaxLength) switch
    {
        ({ } min, { } max) => Format($" of {min} to {max} characters"),
        ({ } min, null) => Format($" of at least {min} character(s)"),
        (null, { } max) => Format($" of at most {max} characters"),
        _ => string.Empty,
    };

    private static string Items(SchemaNode schema) => (schema.MinItems, schema.MaxItems) switch
    {
        ({ } min, { } max) => Format($" of {min} to {max} items"),
        ({ } min, null) => Format($" of at least {min} items"),
        (null, { } max) => Format($" of at most {max} items"),
        _ => string.Empty,
    };

    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Describe(JsonValueKind? kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "null",
    };
}
