using System.Text;
using System.Text.Json;
using Waiaas.Mcp.Json;

namespace Waiaas.Mcp.Diagnostics;

/// <summary>
/// The doctor's report for a person (one line per check with ✓/!/✗/-, the fix under it) or for a machine (JSON).
/// </summary>
internal static class DoctorOutput
{
    private const string Indent = "    ";

    public static string Text(DoctorReport report)
    {
        var text = new StringBuilder();
        text.Append("waiaas-mcp ").Append(report.Version).Append(" doctor\n");
        text.Append("Checked with ").Append(report.Environment).Append('.');
        if (report.Environment == DoctorReport.ShellEnvironment)
        {
            text.Append(" An MCP client gives the server the env of its config entry "
                + "instead: `waiaas-mcp doctor --client <client>` checks that.");
        }

        text.Append("\n\n");
        var width = report.Checks.Max(check => check.Id.Length);
        foreach (var check in report.Checks)
        {
            text.Append(Symbol(check.Status))
                .Append(' ').Append(check.Id.PadRight(width)).Append("  ").Append(check.Summary).Append('\n');
            if (check.Fix is { } fix)
            {
                text.Append(Indent).Append(' ', width).Append("fix: ").Append(fix).Append('\n');
            }
        }

        var failures = report.Checks.Count(check => check.Status == CheckStatus.Fail);
        var warnings = report.Checks.Count(check => check.Status == CheckStatus.Warn);
        text.Append('\n').Append(report.Ok
            ? "✓ ready: an MCP client starting waiaas-mcp with this environment gets a "
                + $"working wallet{(warnings > 0 ? $" ({Plural(warnings, "warning")} above)" : string.Empty)}.\n"
            : $"✗ not ready: {Plural(failures, "problem")} above; the server would still start, but wallet tools "
                + "would answer with guidance instead of results.\n");
        return text.ToString();
    }

    public static string Json(DoctorReport report) =>
        JsonSerializer.Serialize(report, WaiaasJsonContext.Relaxed.DoctorReport) + "\n";

    private static string Symbol(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "✓",
        CheckStatus.Warn => "!",
        CheckStatus.Fail => "✗",
        _ => "-",
    };

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
