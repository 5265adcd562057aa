using System.Text;

namespace Waiaas.Mcp.Tests.Contract;

/// <summary>The findings of a contract run as one aligned table, plus what was checked, refused and set aside.</summary>
internal static class ContractReport
{
    public const string Vector = "vector";
    public const string Generated = "generated";

    public static string Format(
        IReadOnlyList<ContractFinding> problems,
        IReadOnlyList<(ContractFinding Finding, string Why)> setAside,
        IReadOnlyDictionary<string, int> checkedRequests,
        IReadOnlyList<(string Tool, string Call)> refused)
    {
        var text = new StringBuilder();
        var rejected = problems.GroupBy(p => p.Source).ToDictionary(g => g.Key, g => g.Select(p => (p.Tool, p.Request)).Distinct().Count());
        text.AppendLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Requests rejected: {rejected.GetValueOrDefault(Vector)} of {checkedRequests.GetValueOrDefault(Vector)} distinct vector requests, "
            + $"{rejected.GetValueOrDefault(Generated)} of {checkedRequests.GetValueOrDefault(Generated)} distinct generated requests "
            + $"({problems.Select(p => p.Tool).Distinct().Count()} tools, {Rows(problems).Count} problems)."));
        text.AppendLine();
        AppendTable(text, ["tool", "source", "call", "request", "where", "kind", "detail"], Rows(problems));

        text.AppendLine();
        text.AppendLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Refused by the server (isError, no request; not requests): {refused.Count} calls."));
        foreach (var group in refused.GroupBy(r => r.Tool))
        {
            text.AppendLine($"  {group.Key}: {string.Join("; ", group.Select(r => r.Call))}");
        }

        text.AppendLine();
        text.AppendLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Set aside (not failures): {setAside.Count} problems."));
        foreach (var group in setAside.GroupBy(s => (s.Finding.Tool, s.Why)))
        {
            var where = group.Select(s => $"{s.Finding.Problem.Where} {s.Finding.Problem.Value}".TrimEnd()).Distinct();
            text.AppendLine($"  {group.Key.Tool}: {group.Key.Why}: {string.Join(", ", where)}");
        }

        return text.ToString();
    }

    /// <summary>One row per (tool, source, request, where, kind): the first call that sent it names it.</summary>
    private static List<string[]> Rows(IReadOnlyList<ContractFinding> problems) =>
        [.. problems
            .GroupBy(p => (p.Tool, p.Source, p.Request, p.Problem.Where, p.Problem.Kind))
            .Select(g => g.First())
            .OrderBy(p => p.Tool, StringComparer.Ordinal)
            .Select(p => new[] { p.Tool, p.Source, p.Call, p.Request, p.Problem.Where, p.Problem.Kind.ToString(), p.Problem.Detail })];

    private static void AppendTable(StringBuilder text, string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        AppendRow(text, header, widths);
        AppendRow(text, [.. widths.Select(w => new string('-', w))], widths);
        foreach (var row in rows)
        {
            AppendRow(text, row, widths);
        }
    }

    private static void AppendRow(StringBuilder text, string[] cells, int[] widths) =>
        text.AppendLine(string.Join(" | ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))));
}
