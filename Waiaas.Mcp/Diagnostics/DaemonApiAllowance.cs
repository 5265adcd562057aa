namespace Waiaas.Mcp.Diagnostics;

/// <summary>What an allowance adds to an operation of the document.</summary>
internal enum DaemonApiAllowanceKind
{
    /// <summary>A query parameter <see cref="DaemonApiAllowance.Name"/>.</summary>
    Query,

    /// <summary>
    /// A body field <see cref="DaemonApiAllowance.Name"/> of the object at <see cref="DaemonApiAllowance.At"/>, in
    /// every branch there.
    /// </summary>
    BodyField,

    /// <summary>
    /// One more branch (<see cref="DaemonApiAllowance.Schema"/>) of the union at <see cref="DaemonApiAllowance.At"/>.
    /// </summary>
    BodyVariant,
}

/// <summary>
/// Something the daemon's handler reads that its OpenAPI document does not declare, so the matcher treats it as
/// declared. <see cref="At"/> is a dotted body field path (<c>""</c> for the body itself; arrays are stepped through);
/// <see cref="Schema"/> is the JSON Schema of the field or branch; <see cref="Reason"/> names the daemon source.
/// </summary>
internal sealed record DaemonApiAllowance(
    string Method, string PathTemplate, DaemonApiAllowanceKind Kind, string At, string Name, string Schema,
    string Reason)
{
    public const string AnyString = """{"type":"string"}""";

    public static DaemonApiAllowance Query(string method, string pathTemplate, string name, string reason) =>
        new(method, pathTemplate, DaemonApiAllowanceKind.Query, string.Empty, name, AnyString, reason);

    public static DaemonApiAllowance BodyField(
        string method, string pathTemplate, string name, string schema, string reason) =>
        new(method, pathTemplate, DaemonApiAllowanceKind.BodyField, string.Empty, name, schema, reason);

    /// <summary>
    /// A branch named <paramref name="name"/> (for reading only) of the union at <paramref name="at"/>.
    /// </summary>
    public static DaemonApiAllowance BodyVariant(
        string method, string pathTemplate, string at, string name, string schema, string reason) =>
        new(method, pathTemplate, DaemonApiAllowanceKind.BodyVariant, at, name, schema, reason);
}
