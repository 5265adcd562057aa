namespace Waiaas.Mcp.Diagnostics;

/// <summary>
/// One line of the doctor's report: what was checked (<see cref="Id"/>, stable for machines), how it ended, a plain
/// sentence, the fix when it did not pass, and the facts found (for <c>--json</c>). Never holds a token.
/// </summary>
internal sealed record DoctorCheck(
    string Id, CheckStatus Status, string Summary, string? Fix = null,
    IReadOnlyDictionary<string, string>? Facts = null)
{
    public static DoctorCheck Pass(string id, string summary, IReadOnlyDictionary<string, string>? facts = null) =>
        new(id, CheckStatus.Pass, summary, null, facts);

    public static DoctorCheck Warn(
        string id, string summary, string fix, IReadOnlyDictionary<string, string>? facts = null) =>
        new(id, CheckStatus.Warn, summary, fix, facts);

    public static DoctorCheck Fail(
        string id, string summary, string fix, IReadOnlyDictionary<string, string>? facts = null) =>
        new(id, CheckStatus.Fail, summary, fix, facts);

    public static DoctorCheck Skip(string id, string summary) => new(id, CheckStatus.Skip, summary);
}
