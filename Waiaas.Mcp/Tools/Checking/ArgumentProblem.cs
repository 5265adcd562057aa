using System.Text.Json;
using Waiaas.Mcp.Tools.Schema;

namespace Waiaas.Mcp.Tools.Checking;

/// <summary>
/// One thing wrong with a call's arguments: where (<see cref="Path"/>, e.g. <c>gas_condition.timeout</c> or
/// <c>accounts[0].pubkey</c>), what kind of problem, and what the text needs to say it. Never a message: callers
/// compare kinds and paths, and <see cref="ArgumentProblemText"/> words it.
/// </summary>
internal sealed record ArgumentProblem(string Path, ProblemKind Kind)
{
    /// <summary>The schema the value was checked against, for the "expected" part of the text.</summary>
    public SchemaNode? Schema { get; init; }

    /// <summary>What was given, when the kind of value matters to the text.</summary>
    public JsonValueKind? Given { get; init; }

    /// <summary>The offending value when it is short and safe to repeat (a number, an item count).</summary>
    public string? GivenText { get; init; }

    /// <summary>Other arguments or fields involved (the allowed names, the other half of a pair).</summary>
    public IReadOnlyList<string> Names { get; init; } = [];

    /// <summary>The value of another argument that caused the problem (<c>type</c> = <c>TRANSFER</c>).</summary>
    public (string Argument, string Value)? Because { get; init; }
}
