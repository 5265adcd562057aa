namespace Waiaas.Mcp.Diagnostics;

/// <summary>What is wrong with a request measured against the daemon's OpenAPI document.</summary>
internal enum DaemonApiProblemKind
{
    /// <summary>No operation of the document has this path.</summary>
    UnknownPath,

    /// <summary>The path exists, but not with this method.</summary>
    UnknownMethod,

    /// <summary>A query parameter the operation does not declare (the daemon ignores it).</summary>
    UndeclaredQuery,

    /// <summary>A body field the operation does not declare (the daemon's schema strips it).</summary>
    UndeclaredField,

    /// <summary>A required query parameter or body field is missing.</summary>
    MissingRequired,

    /// <summary>
    /// A body field is missing that only the union branch chosen by the discriminator requires (e.g. <c>to</c> when
    /// <c>type</c> is <c>TRANSFER</c>): a requirement a tool schema cannot state, so the daemon's answer names it.
    /// </summary>
    MissingRequiredByBranch,

    /// <summary>A value outside the declared enum (or const).</summary>
    NotInEnum,

    /// <summary>
    /// A value of another type than declared (e.g. a string or a fraction where an integer is declared).
    /// </summary>
    WrongType,

    /// <summary>The body is not JSON.</summary>
    BodyNotJson,
}

/// <summary>
/// One problem of one request: its kind, where it is (<c>?name</c> for a query parameter, a JSON path such as
/// <c>$.token.decimals</c> or <c>$.instructions[0].to</c> for the body, the path itself for the route) and a short
/// detail naming what the document declares there. <see cref="Value"/> is the offending value as text (a string bare,
/// anything else as JSON) when there is one.
/// </summary>
internal sealed record DaemonApiProblem(DaemonApiProblemKind Kind, string Where, string Detail, string? Value = null)
{
    public override string ToString() => $"{Kind} at {Where}: {Detail}";
}
