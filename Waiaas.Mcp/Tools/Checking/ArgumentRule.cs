using System.Text.Json;

namespace Waiaas.Mcp.Tools.Checking;

/// <summary>
/// A check across a tool's arguments that a JSON Schema without a top-level <c>oneOf</c> cannot say (some clients
/// refuse such schemas). Each guards a request the daemon would misread, so it is refused before anything is sent.
/// </summary>
internal abstract record ArgumentRule
{
    /// <summary>
    /// Adds the problems of the checked <paramref name="arguments"/> (only those that passed their own checks).
    /// </summary>
    public abstract void Check(IReadOnlyDictionary<string, JsonElement> arguments, List<ArgumentProblem> problems);

    /// <summary>Exactly one of two arguments must be given (<c>amount</c> or <c>human_amount</c>).</summary>
    public static ArgumentRule ExactlyOne(string first, string second) => new ExactlyOneRule(first, second);

    /// <summary>
    /// <paramref name="excluded"/> must not be given while <paramref name="argument"/> is <paramref name="value"/>.
    /// </summary>
    public static ArgumentRule RulesOut(string argument, string value, string excluded) =>
        new RulesOutRule(argument, value, excluded);

    /// <summary>
    /// <paramref name="needed"/> must be given while <paramref name="argument"/> is <paramref name="value"/>.
    /// </summary>
    public static ArgumentRule Needs(string argument, string value, string needed) =>
        new NeedsRule(argument, value, needed);

    /// <summary>
    /// While <paramref name="argument"/> has one of the keys of <paramref name="allowed"/>, only the arguments listed
    /// for that value (and <paramref name="argument"/> itself) may be given: one tool for several daemon request types,
    /// whose schema drops a field that belongs to another type without a word.
    /// </summary>
    public static ArgumentRule OnlyFieldsOf(string argument, IReadOnlyDictionary<string, string[]> allowed) =>
        new OnlyFieldsOfRule(argument, allowed);

    private static bool HasString(IReadOnlyDictionary<string, JsonElement> arguments, string name, string value) =>
        arguments.TryGetValue(name, out var given)
            && given.ValueKind == JsonValueKind.String && given.ValueEquals(value);

    private sealed record ExactlyOneRule(string First, string Second) : ArgumentRule
    {
        public override void Check(IReadOnlyDictionary<string, JsonElement> arguments, List<ArgumentProblem> problems)
        {
            if (arguments.ContainsKey(First) == arguments.ContainsKey(Second))
            {
                problems.Add(new ArgumentProblem(First, ProblemKind.ExactlyOneOf)
                {
                    Names = [Second],
                    GivenText = arguments.ContainsKey(First) ? "both" : "neither",
                });
            }
        }
    }

    private sealed record RulesOutRule(string Argument, string Value, string Excluded) : ArgumentRule
    {
        public override void Check(IReadOnlyDictionary<string, JsonElement> arguments, List<ArgumentProblem> problems)
        {
            if (HasString(arguments, Argument, Value) && arguments.ContainsKey(Excluded))
            {
                problems.Add(new ArgumentProblem(Excluded, ProblemKind.RuledOut) { Because = (Argument, Value) });
            }
        }
    }

    private sealed record OnlyFieldsOfRule(
        string Argument, IReadOnlyDictionary<string, string[]> Allowed) : ArgumentRule
    {
        public override void Check(IReadOnlyDictionary<string, JsonElement> arguments, List<ArgumentProblem> problems)
        {
            if (!arguments.TryGetValue(Argument, out var given) || given.ValueKind != JsonValueKind.String
                || given.GetString() is not { } value || !Allowed.TryGetValue(value, out var fields))
            {
                return;
            }

            foreach (var name in arguments.Keys.Where(
                name => name != Argument && !fields.Contains(name, StringComparer.Ordinal)))
            {
                problems.Add(new ArgumentProblem(name, ProblemKind.RuledOut) { Because = (Argument, value) });
            }
        }
    }

    private sealed record NeedsRule(string Argument, string Value, string Needed) : ArgumentRule
    {
        public override void Check(IReadOnlyDictionary<string, JsonElement> arguments, List<ArgumentProblem> problems)
        {
            if (HasString(arguments, Argument, Value) && !arguments.ContainsKey(Needed))
            {
                problems.Add(new ArgumentProblem(Needed, ProblemKind.RequiredByValue) { Because = (Argument, Value) });
            }
        }
    }
}
